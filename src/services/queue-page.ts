import { localeSummaryOf, QUEUE_STATES, type QueueState, type WaitingFacet } from '../core/article-summary.ts';
import type { Locale } from '../core/locale.ts';
import type { ArticleRecord } from '../core/model.ts';
import { lowerBound, type SummaryIndex, type WaitingGroup } from '../core/summary-index.ts';
import type { Slug } from '../core/slug.ts';
import { targetLocales } from './import-article.ts';
import { decodeQueueCursor, encodeQueueCursor, type QueueCursor } from './queue-cursor.ts';
import {
  ARTICLE_CHOICES,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  queueItemsOf,
  UNASSIGNED,
  type QueueFilter,
  type QueueItem,
  type QueuePage,
  type QueueViewer,
} from './queue.ts';
import { firstGroups, type GroupKey } from './queue-order.ts';
import { summaryIndex } from './summary-view.ts';
import type { ServiceDeps } from './types.ts';

/** The waiting work of one article in one locale that matches the filter: a unit of the queue's order. */
type Group = WaitingGroup;

type Matcher = { readonly [K in 'assignee' | 'issues' | 'states']: (f: WaitingFacet | QueueItem) => boolean };

function matchers(filter: QueueFilter): Matcher {
  return {
    assignee: (f) =>
      filter.assignee === undefined || (filter.assignee === UNASSIGNED ? f.assignee === null : f.assignee === filter.assignee),
    issues: (f) => {
      const errors = typeof f.errors === 'number' ? f.errors > 0 : f.errors;
      const warnings = typeof f.warnings === 'number' ? f.warnings > 0 : f.warnings;
      return !filter.issues || (filter.issues === 'errors' ? errors : filter.issues === 'warnings' ? warnings : errors || warnings);
    },
    states: (f) => !filter.states?.length || filter.states.includes(f.state),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What waits for whom across all articles: untranslated, draft, stale and submitted segments per locale, filtered, one
 * page at a time. Counts, totals and the order come from the store's summaries; only the articles a page shows are
 * read. Rows cover the locales the filter names, else the viewer's own locales (all when they have none). Order: the
 * viewer's locales first, then (article, locale) groups by their oldest waiting segment, then within a group reading
 * order. ValidationError for a cursor this queue did not make.
 */
export async function reviewQueue(deps: ServiceDeps, asked: QueueFilter = {}, viewer: QueueViewer = { locales: [] }): Promise<QueuePage> {
  const configured = targetLocales(deps);
  const locales = [...configured.filter((l) => viewer.locales.includes(l)), ...configured.filter((l) => !viewer.locales.includes(l))];
  const own = configured.filter((l) => viewer.locales.includes(l));
  const filter: QueueFilter = asked.locales?.length || own.length === 0 ? asked : { ...asked, locales: own };
  const cursor = filter.cursor === undefined ? null : decodeQueueCursor(filter.cursor, locales);
  const index = await summaryIndex(deps);

  const mine = new Set(viewer.locales);
  const rank = new Map(locales.map((l, i) => [l, i]));
  const compare = (a: GroupKey, b: GroupKey) =>
    (mine.has(a.locale) ? 0 : 1) - (mine.has(b.locale) ? 0 : 1) ||
    cmp(a.oldest, b.oldest) ||
    rank.get(a.locale)! - rank.get(b.locale)! ||
    cmp(a.slug, b.slug);
  const pageSize = Math.min(Math.max(1, Math.floor(filter.pageSize ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
  // A page needs at most pageSize groups (each holds at least one item) after the cursor.
  const k = Math.max(pageSize, ARTICLE_CHOICES) + 1;
  const view = unfiltered(filter)
    ? maintained(index, locales, filter, cursor, k, compare)
    : scanned(index, locales, [...mine], filter, cursor, k, compare);
  const { items, next } = await fillPage(deps, view.head, view.more, cursor, pageSize, filter, compare);
  const articles = new Map<string, string>();
  for (const g of view.firstGroups) {
    if (articles.size >= ARTICLE_CHOICES) break;
    articles.set(g.slug, g.title);
  }
  return {
    items,
    total: view.total,
    pageSize,
    next,
    first: cursor === null,
    counts: locales.map((locale) => {
      const c = view.counts.get(locale)!;
      return { locale, counts: c, total: QUEUE_STATES.reduce((sum, s) => sum + c[s], 0) };
    }),
    locales,
    shown: filter.locales?.length ? locales.filter((l) => filter.locales!.includes(l)) : locales,
    articles: [...articles].map(([slug, title]) => ({ slug, title })),
    assignees: view.assignees,
  };
}

/** What a page shows besides its items: the groups it covers and the figures at the top. */
interface QueueView {
  readonly head: readonly Group[];
  readonly more: boolean;
  /** The first groups from the start (the article filter's choices). */
  readonly firstGroups: readonly Group[];
  readonly total: number;
  readonly counts: ReadonlyMap<Locale, Record<QueueState, number>>;
  readonly assignees: string[];
}

const unfiltered = (filter: QueueFilter) => !filter.slug && filter.assignee === undefined && !filter.issues && !filter.states?.length;

/** Without a filter on slug, person, issues or state, everything comes from the index's maintained order and totals. */
function maintained(
  index: SummaryIndex,
  locales: readonly Locale[],
  filter: QueueFilter,
  cursor: QueueCursor | null,
  k: number,
  compare: (a: GroupKey, b: GroupKey) => number,
): QueueView {
  const shown = filter.locales?.length ? locales.filter((l) => filter.locales!.includes(l)) : locales;
  const { groups: head, more } = firstGroups(index, shown, cursor, k, compare);
  const counts = new Map(locales.map((l) => [l, { ...(index.totals(l)?.waiting ?? zeroCounts()) }]));
  return {
    head,
    more,
    firstGroups: cursor ? firstGroups(index, shown, null, ARTICLE_CHOICES, compare).groups : head,
    total: shown.reduce((sum, l) => sum + QUEUE_STATES.reduce((n, s) => n + counts.get(l)![s], 0), 0),
    counts,
    assignees: index.assignees(),
  };
}

const zeroCounts = () => Object.fromEntries(QUEUE_STATES.map((s) => [s, 0])) as Record<QueueState, number>;

/** Filtered queues per index, kept until the index changes: every matching group in order, and the figures. */
const scans = new WeakMap<
  SummaryIndex,
  { generation: number; byKey: Map<string, Omit<QueueView, 'head' | 'more'> & { sorted: Group[] }> }
>();
/** How many filtered queues are kept per index generation. */
const KEPT_SCANS = 32;

/**
 * With a filter, the waiting facets of every summary (of one article, for `slug`) are matched and the groups sorted,
 * once per change of the index and filter; a page then starts at the cursor by binary search.
 */
function scanned(
  index: SummaryIndex,
  locales: readonly Locale[],
  own: readonly Locale[],
  filter: QueueFilter,
  cursor: QueueCursor | null,
  k: number,
  compare: (a: GroupKey, b: GroupKey) => number,
): QueueView {
  let cache = scans.get(index);
  if (!cache || cache.generation !== index.generation) {
    cache = { generation: index.generation, byKey: new Map() };
    scans.set(index, cache);
  }
  const { slug, assignee, issues, states } = filter;
  const key = JSON.stringify([locales, own, filter.locales, slug, assignee, issues, states]);
  let scan = cache.byKey.get(key);
  if (!scan) {
    scan = scanAll(index, locales, filter, compare);
    if (cache.byKey.size >= KEPT_SCANS) cache.byKey.clear();
    cache.byKey.set(key, scan);
  }
  const start = cursor ? lowerBound(scan.sorted, (g) => compare(g, cursor) < 0) : 0;
  return { ...scan, head: scan.sorted.slice(start, start + k), more: start + k < scan.sorted.length };
}

function scanAll(
  index: SummaryIndex,
  locales: readonly Locale[],
  filter: QueueFilter,
  compare: (a: GroupKey, b: GroupKey) => number,
): Omit<QueueView, 'head' | 'more'> & { sorted: Group[] } {
  const match = matchers(filter);
  const broad = (f: WaitingFacet) => match.assignee(f) && match.issues(f);
  const counts = new Map(locales.map((l) => [l, zeroCounts()]));
  const assignees = new Set<string>();
  const groups: Group[] = [];
  const only = filter.slug ? index.get(filter.slug as Slug) : undefined;
  for (const summary of filter.slug ? (only ? [only] : []) : index.newest) {
    for (const locale of locales) {
      let count = 0;
      let oldest = '';
      for (const facet of localeSummaryOf(summary, locale).waiting) {
        if (facet.assignee) assignees.add(facet.assignee);
        if (!broad(facet)) continue;
        counts.get(locale)![facet.state] += facet.count;
        if ((filter.locales?.length && !filter.locales.includes(locale)) || !match.states(facet)) continue;
        count += facet.count;
        if (oldest === '' || facet.oldest < oldest) oldest = facet.oldest;
      }
      if (count > 0) groups.push({ slug: summary.slug, title: summary.title, locale, count, oldest });
    }
  }
  const sorted = groups.sort(compare);
  return {
    sorted,
    firstGroups: sorted.slice(0, ARTICLE_CHOICES),
    total: groups.reduce((sum, g) => sum + g.count, 0),
    counts,
    assignees: [...assignees].sort(),
  };
}

/** How many articles the queue page reads at once while it fills a page. */
const READ_AHEAD = 8;

/** Reads the articles of the groups the page covers, from the cursor on, until the page is full. */
async function fillPage(
  deps: ServiceDeps,
  groups: readonly Group[],
  moreAfter: boolean,
  cursor: QueueCursor | null,
  pageSize: number,
  filter: QueueFilter,
  compare: (g: Group, c: QueueCursor) => number,
): Promise<{ items: QueueItem[]; next: string | null }> {
  const match = matchers(filter);
  let start = 0;
  let skip = 0;
  if (cursor) {
    start = groups.findIndex((g) => compare(g, cursor) >= 0);
    if (start === -1) return { items: [], next: null };
    if (compare(groups[start]!, cursor) === 0) skip = cursor.skip;
  }
  const items: QueueItem[] = [];
  // Read ahead: the articles of the groups whose waiting counts fill the rest of the page (at most READ_AHEAD) at once,
  // so a store a round trip away (PostgreSQL) costs one round trip per batch instead of one per article. Only when a
  // filter drops items are more read than shown.
  let batch: Promise<(ArticleRecord | null)[]> | null = null;
  let batchStart = start;
  let batchEnd = start;
  for (let i = start; i < groups.length; i++, skip = 0) {
    const group = groups[i]!;
    if (!batch || i >= batchEnd) {
      let wanted = pageSize - items.length + skip;
      batchStart = i;
      batchEnd = i;
      while (batchEnd < groups.length && batchEnd - i < READ_AHEAD && (batchEnd === i || wanted > 0)) {
        wanted -= groups[batchEnd]!.count;
        batchEnd++;
      }
      batch = Promise.all(groups.slice(batchStart, batchEnd).map((g) => deps.store.get(g.slug)));
    }
    const record = (await batch)[i - batchStart];
    if (!record) continue;
    const waiting = queueItemsOf(record, [group.locale])
      .filter((item) => match.assignee(item) && match.issues(item) && match.states(item))
      .sort((a, b) => a.order - b.order);
    const taken = waiting.slice(skip, skip + pageSize - items.length);
    items.push(...taken);
    if (items.length === pageSize) {
      const shown = skip + taken.length;
      const more = shown < waiting.length || i + 1 < groups.length || moreAfter;
      return {
        items,
        next: more ? encodeQueueCursor({ slug: group.slug, locale: group.locale, oldest: group.oldest, skip: shown }) : null,
      };
    }
  }
  return { items, next: null };
}
