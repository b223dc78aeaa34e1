import type { Locale } from './locale.ts';
import type { ArticleRecord, HistoryEntry } from './model.ts';

/** Why a draft went back to its translator: the reviewer, when (ISO 8601 UTC) and the comment they had to give. */
export interface Rejection {
  readonly by: string;
  readonly at: string;
  readonly comment: string;
}

/** The key of one segment in one locale in the map `rejectionsOf` returns. */
export const rejectionKey = (segmentId: string, locale: Locale): string => `${segmentId}\u0000${locale}`;

/**
 * The translations of `record` that a reviewer rejected and nobody has submitted since, by `rejectionKey`: read from
 * the history, so records written before this existed are marked as well. A rejection holds while the translation
 * stays a draft (saving, machine and memory drafts keep it: the reviewer's comment still says what to change); any
 * change of state (submitting, a source change making it stale) ends it. Only translations now in `draft` are kept.
 */
export function rejectionsOf(record: ArticleRecord): ReadonlyMap<string, Rejection> {
  const open = new Map<string, Rejection>();
  for (const entry of record.history) {
    if (entry.locale === null) continue;
    const key = rejectionKey(entry.segmentId, entry.locale);
    if (isRejection(entry)) open.set(key, { by: entry.by, at: entry.at, comment: entry.comment ?? '' });
    else if (entry.from !== entry.to) open.delete(key);
  }
  if (open.size === 0) return open;
  const drafts = new Set(record.translations.filter((t) => t.state === 'draft').map((t) => rejectionKey(t.segmentId, t.locale)));
  for (const key of open.keys()) if (!drafts.has(key)) open.delete(key);
  return open;
}

function isRejection(entry: HistoryEntry): boolean {
  return entry.action === 'reject' && entry.to === 'draft';
}
