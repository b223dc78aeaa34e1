import type { MtFailureReason, MtJob, MtQueueItem } from '../../../core/ports/mt-store.ts';
import type { Slug } from '../../../core/slug.ts';

// Rows of mt_items and mt_jobs (migration 0100) and their port shapes, for PostgresMtQueue.

/** The columns `toItem` reads. */
export const ITEM_COLUMNS = `id, job_id, slug, segment_id, locale, hash, expected_revision, force, requested_by, state, attempts, error,
  reason, retry_at, enqueued_at`;

/** An mt_items row as node-postgres returns it. */
export interface ItemRow {
  id: string;
  job_id: string;
  slug: string;
  segment_id: string;
  locale: string;
  hash: string;
  expected_revision: number;
  force: boolean;
  requested_by: string | null;
  state: MtQueueItem['state'];
  attempts: number;
  error: string | null;
  reason: MtFailureReason | null;
  retry_at: string | null;
  enqueued_at: string;
}

/** The port's item of a row: absent optional fields for NULL columns. */
export function toItem(r: ItemRow): MtQueueItem {
  return {
    id: r.id,
    jobId: r.job_id,
    slug: r.slug as Slug,
    segmentId: r.segment_id,
    locale: r.locale,
    hash: r.hash,
    expectedRevision: r.expected_revision,
    ...(r.force ? { force: true } : {}),
    ...(r.requested_by !== null ? { requestedBy: r.requested_by } : {}),
    state: r.state,
    attempts: r.attempts,
    ...(r.error !== null ? { error: r.error } : {}),
    ...(r.reason !== null ? { reason: r.reason } : {}),
    ...(r.retry_at !== null ? { retryAt: r.retry_at } : {}),
    enqueuedAt: r.enqueued_at,
  };
}

/** An mt_jobs row as node-postgres returns it. */
export interface JobRow {
  id: string;
  created_at: string;
  created_by: string;
  provider: string;
  locales: string[];
  total: number;
}

/** The port's job of a row. */
export const toJob = (r: JobRow): MtJob => ({
  id: r.id,
  createdAt: r.created_at,
  createdBy: r.created_by,
  provider: r.provider,
  locales: r.locales,
  total: r.total,
});

/**
 * The ids of a full round regrouped so that every copy of a text goes with it: texts in the order of their first
 * item, each with all its copies, until `limit` is reached; a text whose copies do not all fit is left out whole
 * (unless it is the first, which is cut to the limit).
 */
export function groupWithin(
  first: readonly { id: string; locale: string; hash: string; force: boolean }[],
  siblings: readonly { id: string; locale: string; hash: string }[],
  limit: number,
): string[] {
  const groups = new Map<string, string[]>();
  for (const r of first) {
    const key = r.force ? `force\u0000${r.id}` : `${r.locale}\u0000${r.hash}`;
    const group = groups.get(key);
    if (group) group.push(r.id);
    else groups.set(key, [r.id]);
  }
  for (const s of siblings) groups.get(`${s.locale}\u0000${s.hash}`)?.push(s.id);
  const ids: string[] = [];
  for (const group of groups.values()) {
    if (ids.length === 0 && group.length >= limit) return group.slice(0, limit);
    if (ids.length + group.length <= limit) ids.push(...group);
  }
  return ids;
}
