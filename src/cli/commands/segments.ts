import { NotFoundError } from '../../core/errors.ts';
import type { CheckResult, Segment, Translation } from '../../core/model.ts';
import type { GlossaryTerm } from '../../core/ports/check.ts';
import type { Slug } from '../../core/slug.ts';
import { checkResultText } from '../../services/check-text.ts';
import { glossaryHits, glossaryTerms, requireChecks } from '../../services/checks.ts';
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
        const config = ctx.config();
        const locale = options.locale ?? null;
        const found = await ctx.withTandem('segments', 'read', async (tandem) => {
          const record = await tandem.articles.get(slug).catch((error: unknown) => {
            if (error instanceof NotFoundError)
              throw new NotFoundError(`segments: no article "${slug}"; "tandem status" lists the stored articles`);
            throw error;
          });
          // Without --locale, the glossaries of every target locale: a hit says which pair it comes from.
          const locales = locale ? [locale] : config.targetLocales;
          const glossaries = await Promise.all(
            locales.map(async (l) => ({ locale: l, terms: glossaryTerms(await tandem.glossary.get(record.article.sourceLocale, l)) })),
          );
          const checks = new Map<string, CheckResult[]>();
          if (locale) {
            const service = requireChecks(tandem);
            const checkCtx = await service.contextFor(record, locale);
            for (const t of record.translations) {
              const segment = record.segments.find((s) => s.id === t.segmentId);
              if (t.locale === locale && t.text !== '' && segment) checks.set(t.segmentId, service.check(segment, t.text, checkCtx));
            }
          }
          return { record, glossaries, checks };
        });
        const { record, glossaries, checks } = found;
        const hitsOf = (s: Segment): GlossaryHit[] =>
          glossaries.flatMap((g) => glossaryHits(s.source, g.terms).map((term) => ({ locale: g.locale, ...term })));

        const byId = new Map<string, Translation>();
        if (locale) for (const t of record.translations) if (t.locale === locale) byId.set(t.segmentId, t);
        const live = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);

        if (options.json) {
          ctx.io.out(
            JSON.stringify(
              {
                slug,
                sourceLocale: record.article.sourceLocale,
                sourceRevision: record.article.sourceRevision,
                ...(locale ? { locale } : {}),
                segments: live.map((s) => ({
                  ...segmentJson(s, locale ? (byId.get(s.id) ?? null) : undefined),
                  glossary: hitsOf(s),
                  ...(locale ? { checks: checks.get(s.id) ?? [] } : {}),
                })),
              },
              null,
              2,
            ),
          );
          return;
        }
        const translate = await ctx.translator(options.lang);
        const lines = [`${slug} (${record.article.sourceLocale}, revision ${record.article.sourceRevision}, ${live.length} segments)`];
        for (const [i, s] of live.entries()) {
          const t = locale ? byId.get(s.id) : undefined;
          lines.push(`${String(i + 1).padStart(3)}  ${s.id}  ${s.kind}${locale ? `  [${t?.state ?? 'untranslated'}]` : ''}`);
          lines.push(`     ${record.article.sourceLocale}: ${s.source}`);
          if (locale) lines.push(`     ${locale}: ${t?.text || '—'}`);
          for (const hit of hitsOf(s)) {
            const extra = [hit.forbidden?.length ? `not: ${hit.forbidden.join(' | ')}` : '', hit.note ? `note: ${hit.note}` : ''].filter(
              Boolean,
            );
            lines.push(`     glossary ${hit.locale}: ${hit.source} → ${hit.target}${extra.length ? ` (${extra.join('; ')})` : ''}`);
          }
          for (const r of checks.get(s.id) ?? [])
            lines.push(`     ${r.severity === 'error' ? '✗' : '!'} ${checkResultText(r, ctx.checks, translate)} [${r.checkId}]`);
        }
        ctx.io.out(lines.join('\n'));
      });
  },
} satisfies CliCommand;

/** A glossary term found in a segment's source, with the target locale whose glossary has it. */
type GlossaryHit = GlossaryTerm & { readonly locale: string };

function segmentJson(s: Segment, t: Translation | null | undefined): Record<string, unknown> {
  return {
    id: s.id,
    order: s.order,
    kind: s.kind,
    source: s.source,
    hash: s.hash,
    sourceRevision: s.sourceRevision,
    ...(t === undefined
      ? {}
      : {
          translation: t
            ? { state: t.state, text: t.text, origin: t.origin, revision: t.revision, updatedAt: t.updatedAt, updatedBy: t.updatedBy }
            : { state: 'untranslated', text: '', origin: null, revision: 0, updatedAt: null, updatedBy: null },
        }),
  };
}
