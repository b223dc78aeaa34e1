import { localeSummaryOf } from '../core/article-summary.ts';
import { type Locale, requireLocale } from '../core/locale.ts';
import type { ArticleSummary, TranslationState } from '../core/model.ts';
import { foldText, type SummaryIndex } from '../core/summary-index.ts';
import { targetLocales } from './import-article.ts';
import { effortByLocale, effortOfTotals, type EffortAverage } from './post-edit.ts';
import { summaryIndex } from './summary-view.ts';
import { statusOfSummary, type ArticleStatus } from './status.ts';
import type { ServiceDeps } from './types.ts';

export const ARTICLE_SORTS = ['updated', 'title', 'progress'] as const;
export type ArticleSort = (typeof ARTICLE_SORTS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const ARTICLES_PAGE_SIZE = 50;
/** How many tags the tag filter suggests (the most used first). */
export const TAG_CHOICES = 100;

export interface ArticleListQuery {
  /** A target locale: progress and the state filter look at it alone (otherwise at every target locale). */
  readonly locale?: Locale;
  /** Articles with at least one live segment in this state (in `locale`, or in any target locale). */
  readonly state?: TranslationState;
  /** Front matter `desk`, compared without case. */
  readonly desk?: string;
  /** One of the front matter `tags`, compared without case. */
  readonly tag?: string;
  /** Words the title (or slug) contains, compared without case. */
  readonly q?: string;
  /** Default `updated`. */
  readonly sort?: ArticleSort;
  /** Default: newest first for `updated`, A–Z for `title`, least approved first for `progress`. */
  readonly dir?: SortDirection;
  /** 1-based; past the last page means the last page. */
  readonly page?: number;
  readonly pageSize?: number;
}

export interface ArticleListPage {
  readonly rows: readonly ArticleStatus[];
  /** Articles matching the filters. */
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  readonly pageSize: number;
  readonly sort: ArticleSort;
  readonly dir: SortDirection;
  /** Every desk named in the archive, sorted. */
  readonly desks: readonly string[];
  /** The most used tags (at most TAG_CHOICES), sorted. */
  readonly tags: readonly string[];
  /** Post-edit effort per locale over the matching articles. */
  readonly effort: Readonly<Record<Locale, EffortAverage>>;
}

/** Approved share (0–1) of `summary` in `locale`, or over every target locale. */
function progressOf(summary: ArticleSummary, locales: readonly Locale[]): number {
  let approved = 0;
  for (const l of locales) approved += localeSummaryOf(summary, l).counts.approved;
  const total = summary.segmentCount * locales.length;
  return total === 0 ? 1 : approved / total;
}

/** Filtered results per index, kept until the index changes. */
const results = new WeakMap<SummaryIndex, { generation: number; found: Map<string, Found> }>();
/** How many filtered results are kept per index generation (all are dropped at the next change). */
const KEPT_RESULTS = 64;

/** The summaries a filter matches, in order, with their effort chart. */
interface Found {
  readonly matching: readonly ArticleSummary[];
  readonly effort: Record<Locale, EffortAverage>;
}

function cacheOf(index: SummaryIndex) {
  let cache = results.get(index);
  if (!cache || cache.generation !== index.generation) {
    cache = { generation: index.generation, found: new Map() };
    results.set(index, cache);
  }
  return cache;
}

/**
 * Every summary in the order asked for: the index's listing for newest first, else an order the index keeps on write
 * once asked for (per sort, direction, collation and, for progress, the locales it looks at).
 */
function ordered(index: SummaryIndex, sort: ArticleSort, dir: SortDirection, scope: readonly Locale[], collator: Intl.Collator) {
  if (sort === 'updated' && dir === 'desc') return index.newest;
  const sign = dir === 'asc' ? 1 : -1;
  const bySlug = (a: ArticleSummary, b: ArticleSummary) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
  const primary =
    sort === 'title'
      ? (a: ArticleSummary, b: ArticleSummary) => collator.compare(a.title, b.title)
      : sort === 'progress'
        ? (a: ArticleSummary, b: ArticleSummary) => progressOf(a, scope) - progressOf(b, scope)
        : (a: ArticleSummary, b: ArticleSummary) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0);
  const key = JSON.stringify([sort, dir, sort === 'title' ? collator.resolvedOptions().locale : null, sort === 'progress' ? scope : null]);
  return index.sorted(key, (a, b) => sign * primary(a, b) || bySlug(a, b));
}

/**
 * What `query`'s filters match in `all` (the archive in the order asked for): kept per index generation and query, so
 * paging through a search reads it once; without filters, the whole order and the index's effort totals.
 */
function found(index: SummaryIndex, all: readonly ArticleSummary[], query: ArticleListQuery, scope: readonly Locale[]): Found {
  const desk = query.desk ? foldText(query.desk) : null;
  const tag = query.tag ? foldText(query.tag) : null;
  const words = query.q ? foldText(query.q).split(/\s+/).filter(Boolean) : [];
  if (desk === null && tag === null && words.length === 0 && query.state === undefined) {
    return { matching: all, effort: effortOfTotals(index.effort()) };
  }
  const cache = cacheOf(index);
  const key = JSON.stringify([query.sort, query.dir, scope, desk, tag, words, query.state]);
  const kept = cache.found.get(key);
  if (kept) return kept;
  const matching = all.filter(
    (s) =>
      (desk === null || (s.desk !== undefined && foldText(s.desk) === desk)) &&
      (tag === null || (s.tags ?? []).some((t) => foldText(t) === tag)) &&
      words.every((w) => index.foldedTitle(s).includes(w) || s.slug.includes(w)) &&
      (query.state === undefined || scope.some((l) => localeSummaryOf(s, l).counts[query.state!] > 0)),
  );
  if (cache.found.size >= KEPT_RESULTS) cache.found.clear();
  const result = { matching, effort: effortByLocale(matching) };
  cache.found.set(key, result);
  return result;
}

/**
 * One page of the articles list, filtered and sorted, from the store's summaries (no article is read). The orders,
 * desks, tags and the unfiltered effort chart are kept by the summary index; a filter scans the summaries' small
 * fields. UnknownLocaleError when `locale` is not a target locale.
 */
export async function articleList(deps: ServiceDeps, query: ArticleListQuery = {}): Promise<ArticleListPage> {
  const configured = targetLocales(deps);
  if (query.locale !== undefined) requireLocale('articles', 'locale', configured, query.locale);
  const scope = query.locale ? [query.locale] : configured;
  const index = await summaryIndex(deps);
  const collator = new Intl.Collator(deps.sourceLocale ?? 'ko');
  const sort = query.sort ?? 'updated';
  const dir = query.dir ?? (sort === 'updated' ? 'desc' : 'asc');
  const all = ordered(index, sort, dir, scope, collator);

  const { matching, effort } = found(index, all, query, scope);
  const pageSize = Math.max(1, Math.floor(query.pageSize ?? ARTICLES_PAGE_SIZE));
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pages);
  const now = deps.now?.() ?? new Date();
  return {
    rows: matching.slice((page - 1) * pageSize, page * pageSize).map((s) => statusOfSummary(s, configured, now)),
    total: matching.length,
    page,
    pages,
    pageSize,
    sort,
    dir,
    desks: [...index.uses('desks').keys()].sort(collator.compare),
    tags: [...index.uses('tags')]
      .sort(([a, x], [b, y]) => y - x || collator.compare(a, b))
      .slice(0, TAG_CHOICES)
      .map(([t]) => t)
      .sort(collator.compare),
    effort,
  };
}
