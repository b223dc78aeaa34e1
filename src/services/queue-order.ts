import { lowerBound, type SummaryIndex, type WaitingGroup } from '../core/summary-index.ts';
import type { Locale } from '../core/locale.ts';
import type { QueueCursor } from './queue-cursor.ts';

export type GroupKey = Pick<WaitingGroup, 'slug' | 'locale' | 'oldest'>;

/**
 * The first `k` waiting groups at or after `cursor` (from the start without one) over the sorted groups of `locales`,
 * by `compare`: a merge of one sorted list per locale, so it costs k·locales plus a binary search per locale, never
 * the archive. `compare` must keep each locale's list in its order (oldest, then slug), which the queue's order does.
 * `more` tells whether groups remain after the ones returned.
 */
export function firstGroups(
  index: SummaryIndex,
  locales: readonly Locale[],
  cursor: QueueCursor | null,
  k: number,
  compare: (a: GroupKey, b: GroupKey) => number,
): { groups: WaitingGroup[]; more: boolean } {
  const lists = locales.map((locale) => {
    const list = index.groups(locale);
    return { list, at: cursor ? lowerBound(list, (g) => compare(g, cursor) < 0) : 0 };
  });
  const groups: WaitingGroup[] = [];
  while (groups.length < k) {
    let best: (typeof lists)[number] | null = null;
    for (const l of lists) {
      if (l.at < l.list.length && (best === null || compare(l.list[l.at]!, best.list[best.at]!) < 0)) best = l;
    }
    if (best === null) break;
    groups.push(best.list[best.at++]!);
  }
  return { groups, more: lists.some((l) => l.at < l.list.length) };
}
