import { localeSummaryOf, type ArticleSummary } from './article-summary.ts';
import type { Locale } from './locale.ts';
import type { Slug } from './slug.ts';
import { insertSorted, removeSorted } from './sorted-list.ts';

/**
 * Kinds of work the home page lists. `draft` is a draft no reviewer rejected, `rejected` one a reviewer sent back
 * (core/rejections.ts), `submitted` waits for a reviewer, `stale` became outdated when its source changed, `ready` is
 * an (article, locale) with every live segment approved and no open check error.
 */
export const WORK_KINDS = ['draft', 'rejected', 'submitted', 'stale', 'ready'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

/** Which list: a kind of work in one target locale, or a kind of work whose current text one person wrote. */
export type WorkListKey =
  | { readonly locale: Locale; readonly kind: WorkKind }
  | { readonly person: string; readonly kind: Exclude<WorkKind, 'ready'> };

/** One (article, locale) in a work list. */
export interface WorkGroup {
  readonly slug: Slug;
  readonly title: string;
  readonly locale: Locale;
  /** Segments of the kind (for `ready`, the live segments). */
  readonly count: number;
  /**
   * ISO 8601 UTC. Waiting kinds: the earliest `since` of the segments (lists are oldest first); `ready`: when the
   * locale last changed (the list is newest first).
   */
  readonly at: string;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const oldestFirst = (a: WorkGroup, b: WorkGroup) => cmp(a.at, b.at) || cmp(a.slug, b.slug) || cmp(a.locale, b.locale);
const newestFirst = (a: WorkGroup, b: WorkGroup) => cmp(b.at, a.at) || cmp(a.slug, b.slug) || cmp(a.locale, b.locale);

const orderOf = (key: string) => (key.endsWith('\u0000ready') ? newestFirst : oldestFirst);

const keyOf = (key: WorkListKey) => ('person' in key ? `p\u0000${key.person}\u0000${key.kind}` : `l\u0000${key.locale}\u0000${key.kind}`);

/**
 * The home page's lists, kept on every change of a summary like the rest of SummaryIndex: per target locale and kind,
 * and per person and kind, the (article, locale) groups in order with the total of their segments. Reading the first
 * groups of a list costs what is shown, never the archive.
 */
export class WorkLists {
  readonly #lists = new Map<string, WorkGroup[]>();
  readonly #totals = new Map<string, number>();
  readonly #of = new Map<Slug, { readonly key: string; readonly group: WorkGroup }[]>();

  /** The groups of one list in its order (shared: do not change it). */
  list(key: WorkListKey): readonly WorkGroup[] {
    return this.#lists.get(keyOf(key)) ?? [];
  }

  /** Segments over the whole list. */
  total(key: WorkListKey): number {
    return this.#totals.get(keyOf(key)) ?? 0;
  }

  /**
   * Add the work of `row` in `locales` (the target locales). `unsorted`: append instead of inserting in order, for a
   * bulk load that calls `sortAll` afterwards.
   */
  add(row: ArticleSummary, locales: readonly Locale[], unsorted = false): void {
    const entries = workOf(row, locales).map(([key, group]) => ({ key: keyOf(key), group }));
    for (const { key, group } of entries) {
      let list = this.#lists.get(key);
      if (!list) {
        list = [];
        this.#lists.set(key, list);
      }
      if (unsorted) list.push(group);
      else insertSorted(list, group, orderOf(key));
      this.#totals.set(key, (this.#totals.get(key) ?? 0) + group.count);
    }
    if (entries.length > 0) this.#of.set(row.slug, entries);
  }

  /** Sort every list after a bulk load of unsorted adds. */
  sortAll(): void {
    for (const [key, list] of this.#lists) list.sort(orderOf(key));
  }

  /** Take out everything `add` put in for `slug`. */
  remove(slug: Slug): void {
    for (const { key, group } of this.#of.get(slug) ?? []) {
      const list = this.#lists.get(key)!;
      removeSorted(list, group, orderOf(key));
      if (list.length === 0) this.#lists.delete(key);
      const total = this.#totals.get(key)! - group.count;
      if (total === 0) this.#totals.delete(key);
      else this.#totals.set(key, total);
    }
    this.#of.delete(slug);
  }
}

/** The list entries of one summary: a pure function of it, so adding and removing always match. */
export function workOf(row: ArticleSummary, locales: readonly Locale[]): [WorkListKey, WorkGroup][] {
  const out: [WorkListKey, WorkGroup][] = [];
  for (const locale of locales) {
    const summary = localeSummaryOf(row, locale);
    const sums = new Map<string, { key: WorkListKey; count: number; at: string }>();
    const bump = (key: WorkListKey, count: number, at: string) => {
      const id = keyOf(key);
      const sum = sums.get(id);
      if (!sum) sums.set(id, { key, count, at });
      else {
        sum.count += count;
        if (at < sum.at) sum.at = at;
      }
    };
    for (const f of summary.waiting) {
      if (f.state === 'untranslated') continue;
      const kind = f.state === 'draft' && f.rejected ? 'rejected' : f.state;
      bump({ locale, kind }, f.count, f.oldest);
      if (f.assignee) bump({ person: f.assignee, kind }, f.count, f.oldest);
    }
    if (row.segmentCount > 0 && summary.counts.approved === row.segmentCount && summary.errors === 0) {
      bump({ locale, kind: 'ready' }, row.segmentCount, summary.updatedAt);
    }
    for (const { key, count, at } of sums.values()) out.push([key, { slug: row.slug, title: row.title, locale, count, at }]);
  }
  return out;
}
