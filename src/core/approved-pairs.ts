import type { ArticleRecord } from './model.ts';

/**
 * The approved (segment, locale, source, text) pairs of an article's live segments: what start-up reconciliation puts
 * into the translation memory (services/recovery.ts), one key per pair.
 */
function approvedPairs(record: Readonly<ArticleRecord>): Set<string> {
  const live = new Map(record.segments.filter((s) => !s.removedAt).map((s) => [s.id, s.source]));
  const pairs = new Set<string>();
  for (const t of record.translations) {
    const source = live.get(t.segmentId);
    if (t.state === 'approved' && source !== undefined) pairs.add(JSON.stringify([t.segmentId, t.locale, source, t.text]));
  }
  return pairs;
}

/**
 * Whether writing `next` over `previous` (null: a new article) brings an approved pair the memory may not hold yet: a
 * store marks such an article until reconciliation has seen it (ArticleStore.pendingApprovals), so a crash between
 * the article's write and the memory's loses nothing. Other writes (drafts, comments, checks) leave no mark.
 */
export function bringsApprovals(previous: Readonly<ArticleRecord> | null, next: Readonly<ArticleRecord>): boolean {
  const after = approvedPairs(next);
  if (after.size === 0) return false;
  const before = previous ? approvedPairs(previous) : new Set<string>();
  for (const pair of after) if (!before.has(pair)) return true;
  return false;
}
