import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { canonicalLocale } from '../../core/locale.ts';
import type { Segment, Translation } from '../../core/model.ts';
import { parseSlug } from '../../core/slug.ts';
import type { CliCommand } from '../command.ts';

interface SegmentsOptions {
  readonly locale?: string;
  readonly json?: boolean;
}

/** `tandem segments <slug>`: the article's live segments in reading order, with one locale's translations. */
export const segmentsCommand = {
  name: 'segments',
  register(program, ctx) {
    program
      .command('segments')
      .description("list an article's segments in reading order, optionally with their translations in one locale")
      .argument('<slug>', 'the article')
      .option('--locale <locale>', 'show translations in this target locale (e.g. en)')
      .option('--json', 'print JSON')
      .action(async (slugArg: string, options: SegmentsOptions) => {
        const slug = parseSlug(slugArg);
        const config = ctx.config();
        const locale = options.locale === undefined ? null : canonicalLocale(options.locale);
        if (locale !== null && !config.targetLocales.includes(locale)) {
          throw new ValidationError(
            `segments: ${locale} is not a target locale of this installation; use one of ${config.targetLocales.join(', ')} (TANDEM_TARGET_LOCALES)`,
          );
        }
        const record = await ctx.withTandem('segments', 'read', (tandem) => tandem.store.get(slug));
        if (!record) throw new NotFoundError(`segments: no article "${slug}"; "tandem status" lists the stored articles`);

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
                segments: live.map((s) => segmentJson(s, locale ? (byId.get(s.id) ?? null) : undefined)),
              },
              null,
              2,
            ),
          );
          return;
        }
        const lines = [`${slug} (${record.article.sourceLocale}, revision ${record.article.sourceRevision}, ${live.length} segments)`];
        for (const [i, s] of live.entries()) {
          const t = locale ? byId.get(s.id) : undefined;
          lines.push(`${String(i + 1).padStart(3)}  ${s.id}  ${s.kind}${locale ? `  [${t?.state ?? 'untranslated'}]` : ''}`);
          lines.push(`     ${record.article.sourceLocale}: ${s.source}`);
          if (locale) lines.push(`     ${locale}: ${t?.text || '—'}`);
        }
        ctx.io.out(lines.join('\n'));
      });
  },
} satisfies CliCommand;

function segmentJson(s: Segment, t: Translation | null | undefined): unknown {
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
