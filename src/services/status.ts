import { NotFoundError } from '../core/errors.ts';
import { localeSummaryOf, summarizeArticle } from '../core/article-summary.ts';
import { embargoNoticeOf, type EmbargoNotice } from '../core/front-matter.ts';
import type { Locale } from '../core/locale.ts';
import type { ArticleRecord, ArticleSummary, StateCounts } from '../core/model.ts';
import { totalProgress } from '../core/progress.ts';
import type { LocaleProgress } from '../core/progress.ts';
import { parseSlug } from '../core/slug.ts';
import type { SummaryIndex } from '../core/summary-index.ts';
import type { Slug } from '../core/slug.ts';
import { targetLocales } from './import-article.ts';
import { summaryIndex } from './summary-view.ts';
import type { ServiceDeps } from './types.ts';

export interface ArticleStatus {
  readonly slug: Slug;
  readonly title: string;
  readonly sourceLocale: Locale;
  readonly sourceRevision: number;
  /** Live segments. */
  readonly segmentCount: number;
  readonly updatedAt: string;
  /** One entry per target locale (plus any other locale the article has rows for), in configuration order. */
  readonly locales: readonly LocaleProgress[];
  /** Counts over every (segment, locale) pair; `progress` is the approved share. */
  readonly total: { readonly counts: StateCounts; readonly total: number; readonly progress: number };
  /** Set while readers may not see the article (draft, publish date ahead, expiry date passed). */
  readonly embargo?: EmbargoNotice;
}

/** Per-locale counts by state for one article. */
export async function articleStatus(deps: ServiceDeps, slug: string): Promise<ArticleStatus> {
  const valid = parseSlug(slug);
  const record = await deps.store.get(valid);
  if (!record) throw new NotFoundError(`status: no article "${valid}"; import it first (tandem import <file>)`);
  return statusOf(record, targetLocales(deps), deps.now?.() ?? new Date());
}

/** Per index and summary: its status without embargo and its publish and expiry times (ms; NaN when absent). */
interface Known {
  readonly status: ArticleStatus;
  readonly times: readonly number[];
}
const statuses = new WeakMap<SummaryIndex, WeakMap<ArticleSummary, Known>>();
/** The last listing per index: right while the index has not changed and no embargo time lies between then and now. */
const listings = new WeakMap<SummaryIndex, { generation: number; from: number; until: number; rows: readonly ArticleStatus[] }>();

/**
 * Status of every article, in the store's listing order (newest first), from the summary index. The listing is kept
 * until an article changes or an embargo time passes, so a call costs a copy of it; each article's counts and times
 * are worked out once per change of its summary.
 */
export async function allStatus(deps: ServiceDeps): Promise<ArticleStatus[]> {
  const index = await summaryIndex(deps);
  const t = (deps.now?.() ?? new Date()).getTime();
  const kept = listings.get(index);
  if (kept && kept.generation === index.generation && kept.from <= t && t < kept.until) return [...kept.rows];
  let known = statuses.get(index);
  if (!known) {
    known = new WeakMap();
    statuses.set(index, known);
  }
  const now = new Date(t);
  let from = Number.NEGATIVE_INFINITY;
  let until = Number.POSITIVE_INFINITY;
  const rows = index.newest.map((summary) => {
    let entry = known.get(summary);
    if (!entry) {
      const { publishAt, expiresAt } = summary.embargo;
      const times = [publishAt, expiresAt].map((at) => (at === undefined ? Number.NaN : Date.parse(at)));
      entry = { status: Object.freeze(statusOfSummary(summary, index.locales)), times };
      known.set(summary, entry);
    }
    // Whether readers see an article changes only at its publish and expiry times.
    for (const b of entry.times) {
      if (b <= t && b > from) from = b;
      if (b > t && b < until) until = b;
    }
    const notice = embargoNoticeOf(summary.embargo, now);
    return notice ? { ...entry.status, embargo: notice } : entry.status;
  });
  listings.set(index, { generation: index.generation, from, until, rows });
  return [...rows];
}

/**
 * Per-locale segment counts, progress (0–1) and, when `now` is given and readers may not see the article yet, its
 * embargo; `configured` are the installation's target locales.
 */
export function statusOf(record: ArticleRecord, configured: readonly Locale[], now?: Date): ArticleStatus {
  return statusOfSummary(summarizeArticle(record), configured, now);
}

/** `statusOf` from an article's summary (what the store's index keeps), without reading the article. */
export function statusOfSummary(summary: ArticleSummary, configured: readonly Locale[], now?: Date): ArticleStatus {
  const embargo = now ? embargoNoticeOf(summary.embargo, now) : null;
  const locales = [...configured];
  for (const l of summary.locales) if (!locales.includes(l.locale)) locales.push(l.locale);
  const perLocale = locales.map((locale): LocaleProgress => {
    const { counts } = localeSummaryOf(summary, locale);
    return {
      locale,
      counts,
      total: summary.segmentCount,
      progress: summary.segmentCount === 0 ? 1 : counts.approved / summary.segmentCount,
    };
  });
  return {
    slug: summary.slug,
    title: summary.title,
    sourceLocale: summary.sourceLocale,
    sourceRevision: summary.sourceRevision,
    segmentCount: summary.segmentCount,
    updatedAt: summary.updatedAt,
    locales: perLocale,
    total: totalProgress(perLocale),
    ...(embargo ? { embargo } : {}),
  };
}
