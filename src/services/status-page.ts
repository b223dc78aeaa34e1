import { z } from 'zod';
import { localeSummaryOf } from '../core/article-summary.ts';
import { ValidationError } from '../core/errors.ts';
import { TRANSLATION_STATES, type ArticleSummary, type StateCounts } from '../core/model.ts';
import { decodeOpaqueCursor, encodeOpaqueCursor } from '../core/opaque-cursor.ts';
import { emptyCounts, type LocaleProgress, totalProgress } from '../core/progress.ts';
import { isSlug } from '../core/slug.ts';
import { lowerBound } from '../core/summary-index.ts';
import { statusOfSummary, type ArticleStatus } from './status.ts';
import { summaryIndex } from './summary-view.ts';
import type { ServiceDeps } from './types.ts';

/** Articles on one page of `tandem status` unless asked otherwise; the API's listings page by the same default. */
export const STATUS_PAGE_SIZE = 50;
/** Most articles on one page (`--all` asks for every one). */
export const STATUS_PAGE_MAX = 100;

export interface StatusPageQuery {
  /** The `next` of the page before; the first page without it. */
  readonly cursor?: string;
  /** Articles on the page (1–STATUS_PAGE_MAX, default STATUS_PAGE_SIZE), or `all` for every article on one page. */
  readonly limit?: number | 'all';
}

/** Counts by state over every article: per target locale, then over every (segment, locale) pair. */
export interface StatusTotals {
  readonly locales: readonly LocaleProgress[];
  readonly counts: StateCounts;
  readonly total: number;
  /** Approved share, 0–1. */
  readonly progress: number;
}

export interface StatusPage {
  /** The page's articles, newest first (the store's listing order). */
  readonly rows: readonly ArticleStatus[];
  /** Articles in the archive. */
  readonly total: number;
  readonly totals: StatusTotals;
  /** Opaque cursor of the next page; null on the last one. */
  readonly next: string | null;
}

const Payload = z.object({ u: z.iso.datetime({ offset: true }), s: z.string().max(200).refine(isSlug) }).strict();

/**
 * The cursor is the key (update time and slug) of the page's last article, so the next page starts after it whatever
 * was imported or changed since: a changed article moves to the front and is not shown twice.
 */
function encodeCursor(row: ArticleSummary): string {
  return encodeOpaqueCursor({ u: row.updatedAt, s: row.slug });
}

function decodeCursor(raw: string): { readonly u: string; readonly s: string } {
  const payload = decodeOpaqueCursor(raw, Payload);
  if (!payload) {
    throw new ValidationError('status: the cursor is not one tandem status printed; start from the first page', ['cursor'], {
      reason: 'cursor.foreign',
    });
  }
  return payload;
}

/**
 * One page of every article's status from the summary index, newest first, with the totals over the archive: costs
 * the page (and one pass over the summaries for the totals), never a read of an article. ValidationError for a cursor
 * this function did not make or a limit outside 1–STATUS_PAGE_MAX.
 */
export async function statusPage(deps: ServiceDeps, query: StatusPageQuery = {}): Promise<StatusPage> {
  const limit = query.limit ?? STATUS_PAGE_SIZE;
  if (limit !== 'all' && !(Number.isInteger(limit) && limit >= 1 && limit <= STATUS_PAGE_MAX)) {
    throw new ValidationError(`status: a page holds 1 to ${STATUS_PAGE_MAX} articles, not ${limit}`, ['limit']);
  }
  const index = await summaryIndex(deps);
  const list = index.newest;
  let start = 0;
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    // Newest first, then by slug: what sorts at or before the cursor's key was shown.
    start = lowerBound(list, (row) => row.updatedAt > after.u || (row.updatedAt === after.u && row.slug <= after.s));
  }
  const end = limit === 'all' ? list.length : Math.min(list.length, start + limit);
  const now = deps.now?.() ?? new Date();
  const rows = list.slice(start, end).map((summary) => statusOfSummary(summary, index.locales, now));
  return {
    rows,
    total: list.length,
    totals: totalsOf(list, index.locales),
    next: end < list.length && end > start ? encodeCursor(list[end - 1]!) : null,
  };
}

function totalsOf(list: readonly ArticleSummary[], locales: readonly string[]): StatusTotals {
  const perLocale = locales.map((locale): LocaleProgress => {
    const counts = emptyCounts();
    let total = 0;
    for (const summary of list) {
      const own = localeSummaryOf(summary, locale).counts;
      for (const state of TRANSLATION_STATES) counts[state] += own[state];
      total += summary.segmentCount;
    }
    return { locale, counts, total, progress: total === 0 ? 1 : counts.approved / total };
  });
  return { locales: perLocale, ...totalProgress(perLocale) };
}
