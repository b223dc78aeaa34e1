import type { Slug } from '../../core/slug.ts';
import { checkResultText } from '../../services/check-text.ts';
import type { CliCommand } from '../command.ts';
import { choiceOption, slugArgument, targetLocaleOption } from '../options.ts';

interface SegmentsOptions {
  readonly locale?: string;
  readonly json?: boolean;
  readonly lang: string;
}

/** `tandem segments <slug>`: the article's live segments in reading order, with one locale's translations. */
export const segmentsCommand = {
  name: 'segments',
  register(program, ctx) {
    program
      .command('segments')
      .description("list an article's segments in reading order, optionally with their translations in one locale")
      .argument('<slug>', 'the article', slugArgument)
      .option('--locale <locale>', 'show translations in this target locale (e.g. en)', targetLocaleOption(ctx))
      .option('--json', 'print JSON')
      .option('--lang <language>', 'language of check results: en or ko', choiceOption(['en', 'ko'] as const), 'en')
      .action(async (slug: Slug, options: SegmentsOptions) => {
        const locale = options.locale ?? null;
        const listing = await ctx.withReading('segments', (services) => services.segments.list(slug, locale));
        if (options.json) {
          ctx.io.out(JSON.stringify(listing, null, 2));
          return;
        }
        const translate = await ctx.translator(options.lang);
        const { sourceLocale, sourceRevision, segments } = listing;
        const lines = [`${slug} (${sourceLocale}, revision ${sourceRevision}, ${segments.length} segments)`];
        for (const [i, s] of segments.entries()) {
          lines.push(`${String(i + 1).padStart(3)}  ${s.id}  ${s.kind}${locale ? `  [${s.translation?.state ?? 'untranslated'}]` : ''}`);
          lines.push(`     ${sourceLocale}: ${s.source}`);
          if (locale) lines.push(`     ${locale}: ${s.translation?.text || '—'}`);
          for (const hit of s.glossary) {
            const extra = [hit.forbidden?.length ? `not: ${hit.forbidden.join(' | ')}` : '', hit.note ? `note: ${hit.note}` : ''].filter(
              Boolean,
            );
            lines.push(`     glossary ${hit.locale}: ${hit.source} → ${hit.target}${extra.length ? ` (${extra.join('; ')})` : ''}`);
          }
          for (const r of s.checks ?? [])
            lines.push(`     ${r.severity === 'error' ? '✗' : '!'} ${checkResultText(r, ctx.checks, translate)} [${r.checkId}]`);
        }
        ctx.io.out(lines.join('\n'));
      });
  },
} satisfies CliCommand;
