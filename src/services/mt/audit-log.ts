import type { Locale } from '../../core/locale.ts';
import type { MtAuditEntry } from '../../core/ports/mt-store.ts';
import type { Slug } from '../../core/slug.ts';
import type { KeyedUnit, MtRuntime } from './runtime.ts';

/**
 * Append one provider request to the ledger (and the log): which articles and jobs it served, texts and characters
 * sent (Unicode code points of the masked texts, a shared text counted once for the first article that needed it),
 * characters billed when the provider said, and `outcome` (`ok` or the MtError code).
 */
export async function auditRequest(
  rt: MtRuntime,
  request: {
    readonly sourceLocale: Locale;
    readonly targetLocale: Locale;
    readonly units: readonly KeyedUnit[];
    readonly characters: number;
  },
  billed: number | null,
  outcome: string,
): Promise<void> {
  const { sourceLocale, targetLocale, units, characters } = request;
  const articles = new Map<Slug, { segmentIds: string[]; characters: number }>();
  const jobs = new Map<string, number>();
  for (const [, u] of units) {
    const chars = [...u.masked].length;
    const first = u.members[0]!;
    for (const m of u.members) {
      const a = articles.get(m.item.slug) ?? { segmentIds: [], characters: 0 };
      a.segmentIds.push(m.item.segmentId);
      if (m === first) a.characters += chars;
      articles.set(m.item.slug, a);
    }
    jobs.set(first.item.jobId, (jobs.get(first.item.jobId) ?? 0) + chars);
  }
  const entry: MtAuditEntry = {
    at: rt.now(),
    provider: rt.deps.provider.id,
    sourceLocale,
    targetLocale,
    articles: [...articles].map(([slug, a]) => ({ slug, ...a })),
    jobs: [...jobs].map(([jobId, c]) => ({ jobId, characters: c })),
    texts: units.length,
    characters,
    billedCharacters: billed,
    outcome,
  };
  await rt.deps.mt.ledger.append(entry);
  rt.deps.logger?.info(
    { provider: entry.provider, targetLocale, articles: entry.articles.map((a) => a.slug), texts: entry.texts, characters, outcome },
    'mt: request',
  );
}
