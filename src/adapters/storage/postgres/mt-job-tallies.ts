import type pg from 'pg';
import type { MtJobTally, MtJobTallyDelta } from '../../../core/ports/mt-store.ts';

// Jobs' tallies in mt_jobs (migration 0103), for PostgresMtQueue.

/** Add each delta to its job's tally in one statement (unknown jobs match no row); deltas of one job are summed first. */
export async function addTallies(pool: pg.Pool, deltas: readonly MtJobTallyDelta[]): Promise<void> {
  const byJob = new Map<string, Omit<MtJobTallyDelta, 'jobId'>>();
  for (const { jobId, ...d } of deltas) {
    const t = byJob.get(jobId) ?? { drafts: 0, memoryDrafts: 0, requests: 0, characters: 0, firstRequests: 0 };
    byJob.set(jobId, {
      drafts: t.drafts + d.drafts,
      memoryDrafts: t.memoryDrafts + d.memoryDrafts,
      requests: t.requests + d.requests,
      characters: t.characters + d.characters,
      firstRequests: t.firstRequests + d.firstRequests,
    });
  }
  if (byJob.size === 0) return;
  const list = [...byJob];
  await pool.query(
    `UPDATE mt_jobs j SET drafts = j.drafts + d.drafts, memory_drafts = j.memory_drafts + d.memory_drafts,
            requests = j.requests + d.requests, characters = j.characters + d.characters,
            first_requests = j.first_requests + d.first_requests
       FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::bigint[], $6::int[])
            AS d (id, drafts, memory_drafts, requests, characters, first_requests)
      WHERE j.id = d.id`,
    [
      list.map(([id]) => id),
      list.map(([, t]) => t.drafts),
      list.map(([, t]) => t.memoryDrafts),
      list.map(([, t]) => t.requests),
      list.map(([, t]) => t.characters),
      list.map(([, t]) => t.firstRequests),
    ],
  );
}

/** One job's tally (zeros for an unknown job), or every job's added up (as `counts` adds up `done`). */
export async function tallyOf(pool: pg.Pool, jobId?: string): Promise<MtJobTally> {
  // Sums are numeric in PostgreSQL and strings in node-postgres: Number() reads either.
  const { rows } = await pool.query<Record<'drafts' | 'memory_drafts' | 'requests' | 'characters', string | number | null>>(
    // One job: the requests that carried its texts; all jobs: each request once (by the job of its first text).
    `SELECT sum(drafts) AS drafts, sum(memory_drafts) AS memory_drafts,
            CASE WHEN $1::text IS NULL THEN sum(first_requests) ELSE sum(requests) END AS requests, sum(characters) AS characters
       FROM mt_jobs WHERE $1::text IS NULL OR id = $1`,
    [jobId ?? null],
  );
  const r = rows[0];
  return {
    drafts: Number(r?.drafts ?? 0),
    memoryDrafts: Number(r?.memory_drafts ?? 0),
    requests: Number(r?.requests ?? 0),
    characters: Number(r?.characters ?? 0),
  };
}
