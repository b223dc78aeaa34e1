import { QUEUE_STATES, type ArticleSummary, type LocaleSummary, type WaitingFacet } from '../../../core/article-summary.ts';
import type { Embargo } from '../../../core/front-matter.ts';
import { TRANSLATION_STATES, type StateCounts } from '../../../core/model.ts';
import type { Slug } from '../../../core/slug.ts';

/** A waiting facet on disk: [queue state index, assignee, 1 = errors | 2 = warnings | 4 = rejected, count, oldest]. */
type StoredFacet = [number, string | null, number, number, string];
/**
 * A locale summary on disk: [locale, counts in TRANSLATION_STATES order, errors, warnings, effort count, effort sum,
 * facets, updatedAt].
 */
type StoredLocale = [string, number[], number, number, number, number, StoredFacet[], string];

/**
 * One index row as stored in `index.json`: positional and short-keyed, because the index holds a row per article and
 * is parsed at every start (5,000 articles: about 4 MB instead of 11).
 */
export interface StoredSummary {
  s: string;
  t: string;
  o: string;
  r: number;
  d?: string;
  k?: string;
  g?: string[];
  e: Embargo;
  n: number;
  c: string;
  u: string;
  l: StoredLocale[];
}

export function encodeSummary(row: ArticleSummary): StoredSummary {
  return {
    s: row.slug,
    t: row.title,
    o: row.sourceLocale,
    r: row.sourceRevision,
    ...(row.date !== undefined ? { d: row.date } : {}),
    ...(row.desk !== undefined ? { k: row.desk } : {}),
    ...(row.tags !== undefined ? { g: [...row.tags] } : {}),
    e: row.embargo,
    n: row.segmentCount,
    c: row.createdAt,
    u: row.updatedAt,
    l: row.locales.map((l) => [
      l.locale,
      TRANSLATION_STATES.map((s) => l.counts[s]),
      l.errors,
      l.warnings,
      l.effort.count,
      l.effort.sum,
      l.waiting.map((f) => [
        QUEUE_STATES.indexOf(f.state),
        f.assignee,
        (f.errors ? 1 : 0) | (f.warnings ? 2 : 0) | (f.rejected ? 4 : 0),
        f.count,
        f.oldest,
      ]),
      l.updatedAt,
    ]),
  };
}

/** The row `encodeSummary` stored. Throws a TypeError when `stored` is not such a row (the index is then rebuilt). */
export function decodeSummary(stored: StoredSummary): ArticleSummary {
  if (typeof stored?.s !== 'string' || !Array.isArray(stored.l)) throw new TypeError('index row has no slug or locales');
  const locales = stored.l.map(([locale, counts, errors, warnings, effortCount, effortSum, facets, updatedAt]): LocaleSummary => {
    if (counts.length !== TRANSLATION_STATES.length) throw new TypeError(`index row ${stored.s}: counts of ${locale} are malformed`);
    if (typeof updatedAt !== 'string') throw new TypeError(`index row ${stored.s}: ${locale} has no time of its last change`);
    return {
      locale,
      counts: countsOf(counts),
      errors,
      warnings,
      effort: { count: effortCount, sum: effortSum },
      waiting: facets.map(([state, assignee, flags, count, oldest]): WaitingFacet => {
        const name = QUEUE_STATES[state];
        if (name === undefined) throw new TypeError(`index row ${stored.s}: unknown queue state ${state}`);
        return {
          state: name,
          assignee,
          errors: (flags & 1) !== 0,
          warnings: (flags & 2) !== 0,
          rejected: (flags & 4) !== 0,
          count,
          oldest,
        };
      }),
      updatedAt,
    };
  });
  return {
    slug: stored.s as Slug,
    title: stored.t,
    sourceLocale: stored.o,
    sourceRevision: stored.r,
    ...(stored.d !== undefined ? { date: stored.d } : {}),
    ...(stored.k !== undefined ? { desk: stored.k } : {}),
    ...(stored.g !== undefined ? { tags: stored.g } : {}),
    embargo: stored.e,
    segmentCount: stored.n,
    createdAt: stored.c,
    updatedAt: stored.u,
    locales,
  };
}

function countsOf(stored: readonly number[]): StateCounts {
  const counts: Partial<Record<(typeof TRANSLATION_STATES)[number], number>> = {};
  for (let i = 0; i < TRANSLATION_STATES.length; i++) counts[TRANSLATION_STATES[i]!] = stored[i]!;
  return counts as StateCounts;
}
