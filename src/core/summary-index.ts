import { localeSummaryOf, QUEUE_STATES, type ArticleSummary, type QueueState } from './article-summary.ts';
import type { Locale } from './locale.ts';
import type { Slug } from './slug.ts';
import { insertSorted, removeSorted } from './sorted-list.ts';
import { WorkLists, type WorkGroup, type WorkListKey } from './work-lists.ts';

export { lowerBound } from './sorted-list.ts';

/** The waiting work of one article in one locale (every queue state, no filter): a unit of the queue's order. */
export interface WaitingGroup {
  readonly slug: Slug;
  readonly title: string;
  readonly locale: Locale;
  readonly count: number;
  /** ISO 8601 UTC: the earliest `since` of its waiting segments. */
  readonly oldest: string;
}

/** Totals of one locale over the archive, kept by adding each new summary and subtracting the one it replaces. */
export interface LocaleTotals {
  /** Waiting segments by queue state (no filter). */
  readonly waiting: Readonly<Record<QueueState, number>>;
  /** Post-edit effort of approved machine drafts: how many and their sum (0–100 each). */
  readonly effort: { readonly count: number; readonly sum: number };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first by `updatedAt` (ISO 8601 UTC, so code-unit order is time order), then by slug: the listing order. */
export function newestFirst(a: ArticleSummary, b: ArticleSummary): number {
  return cmp(b.updatedAt, a.updatedAt) || cmp(a.slug, b.slug);
}

/** Oldest waiting first, then by slug: the order of one locale's waiting groups. */
export function oldestWaitingFirst(a: WaitingGroup, b: WaitingGroup): number {
  return cmp(a.oldest, b.oldest) || cmp(a.slug, b.slug);
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next === 0) counts.delete(key);
  else counts.set(key, next);
}

/**
 * The archive's summaries for one set of target locales, with what the queue, the articles list and status show at
 * the top kept up to date on every change (subtract the old summary, add the new one): the listing in order, per
 * locale the waiting groups sorted oldest first and the totals, the assignees, desks and tags with their use. A read
 * costs what it shows, not the archive. `generation` grows with every change, so callers can cache derived orders.
 */
export class SummaryIndex {
  readonly locales: readonly Locale[];
  readonly #rows = new Map<Slug, ArticleSummary>();
  readonly #newest: ArticleSummary[] = [];
  readonly #groups = new Map<Locale, WaitingGroup[]>();
  readonly #groupOf = new Map<string, WaitingGroup>();
  readonly #totals = new Map<Locale, Mutable<LocaleTotals>>();
  readonly #assignees = new Map<string, number>();
  readonly #desks = new Map<string, number>();
  readonly #tags = new Map<string, number>();
  /** Folded titles, worked out when a search first needs them. */
  readonly #folded = new Map<Slug, string>();
  readonly #effort = new Map<Locale, { count: number; sum: number }>();
  /** Built when a work list is first asked for: `tandem status` and the articles list never need them. */
  #work: WorkLists | null = null;
  readonly #orders = new Map<
    string,
    { readonly compare: (a: ArticleSummary, b: ArticleSummary) => number; readonly list: ArticleSummary[] }
  >();
  #generation = 0;
  /** While the constructor loads rows: lists are appended to and sorted once at the end. */
  #bulk = false;

  constructor(locales: readonly Locale[], rows: Iterable<ArticleSummary> = []) {
    this.locales = [...locales];
    for (const l of this.locales) {
      this.#groups.set(l, []);
      this.#totals.set(l, {
        waiting: Object.fromEntries(QUEUE_STATES.map((s) => [s, 0])) as Record<QueueState, number>,
        effort: { count: 0, sum: 0 },
      });
    }
    // Built in bulk: rows are appended and every list is sorted once at the end, since inserting 100,000 rows one by
    // one into sorted arrays moves billions of elements (minutes at a server's first page).
    const unique = new Map<Slug, ArticleSummary>();
    for (const row of rows) unique.set(row.slug, row);
    this.#bulk = true;
    for (const row of unique.values()) this.set(row);
    this.#bulk = false;
    this.#newest.sort(newestFirst);
    for (const list of this.#groups.values()) list.sort(oldestWaitingFirst);
  }

  /** Grows by one with every change. */
  get generation(): number {
    return this.#generation;
  }

  /** Every summary, newest first (shared: do not change it). */
  get newest(): readonly ArticleSummary[] {
    return this.#newest;
  }

  get size(): number {
    return this.#rows.size;
  }

  get(slug: Slug): ArticleSummary | undefined {
    return this.#rows.get(slug);
  }

  /** The title folded for search (NFC, lower case), kept with the row. */
  foldedTitle(row: ArticleSummary): string {
    let folded = this.#folded.get(row.slug);
    if (folded === undefined) {
      folded = foldText(row.title);
      if (this.#rows.get(row.slug) === row) this.#folded.set(row.slug, folded);
    }
    return folded;
  }

  /** Waiting groups of `locale` (a target locale), oldest first (shared: do not change it). */
  groups(locale: Locale): readonly WaitingGroup[] {
    return this.#groups.get(locale) ?? [];
  }

  totals(locale: Locale): LocaleTotals | undefined {
    return this.#totals.get(locale);
  }

  /** People who wrote waiting text, sorted. */
  assignees(): string[] {
    return [...this.#assignees.keys()].sort();
  }

  /** Desks and tags with how many articles name them. */
  uses(kind: 'desks' | 'tags'): ReadonlyMap<string, number> {
    return kind === 'desks' ? this.#desks : this.#tags;
  }

  /** Post-edit effort over the archive per locale the summaries name (target or not): how many and their sum. */
  effort(): ReadonlyMap<Locale, { readonly count: number; readonly sum: number }> {
    return this.#effort;
  }

  /** The first `limit` groups of a home-page work list (core/work-lists.ts), in its order, and its segment total. */
  work(key: WorkListKey, limit: number): { readonly groups: readonly WorkGroup[]; readonly total: number; readonly more: boolean } {
    const work = this.#workLists();
    const list = work.list(key);
    return { groups: list.slice(0, limit), total: work.total(key), more: list.length > limit };
  }

  #workLists(): WorkLists {
    if (!this.#work) {
      const work = new WorkLists();
      for (const row of this.#rows.values()) work.add(row, this.locales, true);
      work.sortAll();
      this.#work = work;
    }
    return this.#work;
  }

  /**
   * Every summary in the order of `compare` (a pure function of two summaries, total: ties broken by slug), sorted
   * once when first asked for under `key` and then kept on every change (shared: do not change it).
   */
  sorted(key: string, compare: (a: ArticleSummary, b: ArticleSummary) => number): readonly ArticleSummary[] {
    let order = this.#orders.get(key);
    if (!order) {
      order = { compare, list: [...this.#newest].sort(compare) };
      this.#orders.set(key, order);
    }
    return order.list;
  }

  /** Put `row` in place of the summary of the same slug (if any). */
  set(row: ArticleSummary): void {
    const old = this.#rows.get(row.slug);
    if (old === row) return;
    if (old) this.#apply(old, -1);
    this.#rows.set(row.slug, row);
    this.#folded.delete(row.slug);
    this.#apply(row, 1);
    this.#generation++;
  }

  #apply(row: ArticleSummary, sign: 1 | -1): void {
    if (sign === 1) {
      if (this.#bulk) this.#newest.push(row);
      else insertSorted(this.#newest, row, newestFirst);
      this.#work?.add(row, this.locales, false);
    } else {
      removeSorted(this.#newest, row, newestFirst);
      this.#work?.remove(row.slug);
    }
    for (const { compare, list } of this.#orders.values()) {
      if (sign === 1) insertSorted(list, row, compare);
      else removeSorted(list, row, compare);
    }
    if (row.desk) bump(this.#desks, row.desk, sign);
    for (const t of row.tags ?? []) bump(this.#tags, t, sign);
    for (const l of row.locales) {
      if (l.effort.count === 0) continue;
      const e = this.#effort.get(l.locale) ?? { count: 0, sum: 0 };
      e.count += sign * l.effort.count;
      e.sum += sign * l.effort.sum;
      if (e.count === 0) this.#effort.delete(l.locale);
      else this.#effort.set(l.locale, e);
    }
    for (const locale of this.locales) {
      const summary = localeSummaryOf(row, locale);
      const totals = this.#totals.get(locale)!;
      let count = 0;
      let oldest = '';
      for (const f of summary.waiting) {
        if (f.assignee) bump(this.#assignees, f.assignee, sign);
        totals.waiting[f.state] += sign * f.count;
        count += f.count;
        if (oldest === '' || f.oldest < oldest) oldest = f.oldest;
      }
      totals.effort.count += sign * summary.effort.count;
      totals.effort.sum += sign * summary.effort.sum;
      const key = `${row.slug}\u0000${locale}`;
      const list = this.#groups.get(locale)!;
      if (sign === -1) {
        const group = this.#groupOf.get(key);
        if (group) removeSorted(list, group, oldestWaitingFirst);
        this.#groupOf.delete(key);
      } else if (count > 0) {
        const group: WaitingGroup = { slug: row.slug, title: row.title, locale, count, oldest };
        if (this.#bulk) list.push(group);
        else insertSorted(list, group, oldestWaitingFirst);
        this.#groupOf.set(key, group);
      }
    }
  }
}

/** Text as search compares it: NFC, lower case. */
export function foldText(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('und');
}
