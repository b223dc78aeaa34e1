import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type {
  MtItemFailure,
  MtItemFilter,
  MtJob,
  MtJobTally,
  MtJobTallyDelta,
  MtQueueCounts,
  MtQueueItem,
  MtQueueStore,
  NewMtQueueItem,
} from '../../../core/ports/mt-store.ts';
import { addTallies, tallyOf } from './mt-job-tallies.ts';
import { groupWithin, ITEM_COLUMNS, type ItemRow, type JobRow, toItem, toJob } from './mt-queue-rows.ts';
import { inTransaction } from './pool.ts';
import { MT_QUEUED_CHANNEL } from './queue-wakeups.ts';

/** How the queue leases the items it claims. */
export interface PostgresMtQueueConfig {
  /**
   * How long a claimed item stays with its worker without a renewal, in milliseconds (default 60,000). A live store
   * renews its leases every third of it, so only a worker that died (or lost the database that long) loses its items
   * to another.
   */
  readonly leaseMs?: number;
}

const DEFAULT_LEASE_MS = 60_000;
/** The advisory lock key enqueues take turns on (any fixed bigint; this one spells "mtenqueu"). */
const ENQUEUE_LOCK = '7886101110113117';

/** Items added at once from which an enqueue refreshes the queue's planner statistics (see `enqueue`). */
const ANALYZE_AFTER = 500;

// An item may be claimed when it waits, when its retry time has come, or when the worker that held it stopped renewing.
const CLAIMABLE = `(state = 'queued' OR (state = 'retrying' AND retry_at <= $1) OR (state = 'in-flight' AND lease_until < clock_timestamp()))`;

/**
 * The MT queue as a PostgreSQL job queue shared by any number of processes. `claim` takes due items with
 * `FOR UPDATE SKIP LOCKED`, so two workers never take the same item, and leases them to this store instance; the
 * instance renews its leases while it lives, and an item whose lease ran out (its worker was killed) is claimable
 * again. Transitions of in-flight items (complete, fail, retry later, release) only touch items this instance holds,
 * so a worker that lost its lease cannot finish an item a second time. Items already waiting for the same segment,
 * locale and text are skipped by a partial unique index, so the dedupe holds across instances too.
 */
export class PostgresMtQueue implements MtQueueStore {
  readonly #pool: pg.Pool;
  readonly #owner = `w-${randomUUID()}`;
  readonly #leaseMs: number;
  /** Items this instance holds in flight, renewed by the heartbeat. */
  readonly #held = new Set<string>();
  readonly #heartbeat: NodeJS.Timeout;

  constructor(pool: pg.Pool, config: PostgresMtQueueConfig = {}) {
    this.#pool = pool;
    this.#leaseMs = config.leaseMs ?? DEFAULT_LEASE_MS;
    this.#heartbeat = setInterval(() => void this.#renew(), Math.max(10, Math.floor(this.#leaseMs / 3)));
    this.#heartbeat.unref();
  }

  async #renew(): Promise<void> {
    if (this.#held.size === 0) return;
    try {
      await this.#pool.query(
        `UPDATE mt_items SET lease_until = clock_timestamp() + $3 * interval '1 millisecond'
          WHERE id = ANY($1) AND lease_owner = $2 AND state = 'in-flight'`,
        [[...this.#held], this.#owner, this.#leaseMs],
      );
    } catch {
      // The database is unreachable: the next beat tries again; if the lease runs out meanwhile, another worker may take
      // the items and this instance's transitions of them are then ignored.
    }
  }

  /** Stop renewing leases; items still held are claimable by others once their lease runs out. */
  stop(): void {
    clearInterval(this.#heartbeat);
  }

  async enqueue(jobInput: Omit<MtJob, 'id' | 'createdAt' | 'total'>, newItems: readonly NewMtQueueItem[]) {
    const result = await this.#insert(jobInput, newItems);
    if (result.added >= ANALYZE_AFTER) {
      // The claim is planned from the queue's statistics. Right after a large enqueue they still describe the queue
      // before it (autovacuum refreshes them up to a minute later, after 10 % of the rows changed), and the claim then
      // reads and sorts every queued item instead of walking mt_items_claimable: 14 ms a claim instead of 0.6 ms at
      // 7,200 items, growing with the queue. Only plans depend on it: a failure (a role that does not own the table)
      // leaves them to autovacuum.
      await this.#pool.query('ANALYZE mt_items').catch(() => undefined);
    }
    return result;
  }

  #insert(jobInput: Omit<MtJob, 'id' | 'createdAt' | 'total'>, newItems: readonly NewMtQueueItem[]) {
    return inTransaction(this.#pool, async (client) => {
      // Enqueues take turns: two inserting the same texts in different orders would otherwise deadlock on the unique
      // index. They are few and short; claims and transitions do not wait for this lock.
      await client.query('SELECT pg_advisory_xact_lock($1)', [ENQUEUE_LOCK]);
      const now = new Date().toISOString();
      const jobId = `j-${randomUUID()}`;
      await client.query('INSERT INTO mt_jobs (id, created_at, created_by, provider, locales) VALUES ($1, $2, $3, $4, $5)', [
        jobId,
        now,
        jobInput.createdBy,
        jobInput.provider,
        [...jobInput.locales],
      ]);
      const inserted = await client.query(
        `INSERT INTO mt_items (id, job_id, slug, segment_id, locale, hash, expected_revision, force, requested_by, state, enqueued_at)
         SELECT 'q-' || gen_random_uuid(), $1, slug, segment_id, locale, hash, expected_revision, force, requested_by, 'queued', $2
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::boolean[], $9::text[])
                WITH ORDINALITY AS n (slug, segment_id, locale, hash, expected_revision, force, requested_by, ord)
          ORDER BY ord
         ON CONFLICT DO NOTHING`,
        [
          jobId,
          now,
          newItems.map((i) => i.slug),
          newItems.map((i) => i.segmentId),
          newItems.map((i) => i.locale),
          newItems.map((i) => i.hash),
          newItems.map((i) => i.expectedRevision),
          newItems.map((i) => i.force === true),
          newItems.map((i) => i.requestedBy ?? null),
        ],
      );
      const added = inserted.rowCount ?? 0;
      await client.query('UPDATE mt_jobs SET total = $2 WHERE id = $1', [jobId, added]);
      // Delivered at commit to every listening worker (queue-wakeups.ts), so one in another process starts at once.
      if (added > 0) await client.query(`SELECT pg_notify('${MT_QUEUED_CHANNEL}', '')`);
      const job: MtJob = { ...jobInput, id: jobId, createdAt: now, total: added };
      return { job, added, skipped: newItems.length - added };
    });
  }

  /**
   * Oldest due items first; the other due items with the same locale and source hash come along (within `limit`), so
   * one worker gets every copy of a text and sends it once.
   */
  claim(limit: number, now: string = new Date().toISOString()): Promise<MtQueueItem[]> {
    if (limit <= 0) return Promise.resolve([]);
    return inTransaction(this.#pool, async (client) => {
      const first = await client.query<{ id: string; locale: string; hash: string; force: boolean; seq: string }>(
        `SELECT id, locale, hash, force, seq FROM mt_items WHERE ${CLAIMABLE} ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, limit],
      );
      if (first.rows.length === 0) return [];
      const ids = first.rows.map((r) => r.id);
      const texts = first.rows.filter((r) => !r.force);
      if (texts.length > 0 && first.rows.length === limit) {
        // The round is full: make room for the copies of its texts by leaving its newest texts to the next round.
        const siblings = await client.query<{ id: string; locale: string; hash: string }>(
          `SELECT id, locale, hash FROM mt_items
            WHERE ${CLAIMABLE} AND NOT force AND (locale, hash) IN (SELECT * FROM unnest($2::text[], $3::text[]))
              AND id <> ALL($4) ORDER BY seq FOR UPDATE SKIP LOCKED`,
          [now, texts.map((r) => r.locale), texts.map((r) => r.hash), ids],
        );
        ids.splice(0, ids.length, ...groupWithin(first.rows, siblings.rows, limit));
      } else if (texts.length > 0) {
        const siblings = await client.query<{ id: string }>(
          `SELECT id FROM mt_items
            WHERE ${CLAIMABLE} AND NOT force AND (locale, hash) IN (SELECT * FROM unnest($2::text[], $3::text[]))
              AND id <> ALL($4) ORDER BY seq LIMIT $5 FOR UPDATE SKIP LOCKED`,
          [now, texts.map((r) => r.locale), texts.map((r) => r.hash), ids, limit - ids.length],
        );
        ids.push(...siblings.rows.map((r) => r.id));
      }
      const claimed = await client.query<ItemRow>(
        `UPDATE mt_items SET state = 'in-flight', retry_at = NULL, lease_owner = $2,
                lease_until = clock_timestamp() + $3 * interval '1 millisecond'
          WHERE id = ANY($1) RETURNING ${ITEM_COLUMNS}, seq`,
        [ids, this.#owner, this.#leaseMs],
      );
      const rows = claimed.rows as (ItemRow & { seq: string })[];
      for (const r of rows) this.#held.add(r.id);
      return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(toItem);
    });
  }

  async complete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#pool.query(
      `WITH gone AS (
         DELETE FROM mt_items WHERE id = ANY($1) AND state = 'in-flight' AND lease_owner = $2 RETURNING job_id
       ), per_job AS (SELECT job_id, count(*)::int AS n FROM gone GROUP BY job_id)
       UPDATE mt_jobs SET done = done + per_job.n FROM per_job WHERE mt_jobs.id = per_job.job_id`,
      [[...ids], this.#owner],
    );
    this.#drop(ids);
  }

  async fail(ids: readonly string[], failure: MtItemFailure): Promise<void> {
    await this.#settle(ids, `state = 'failed', attempts = attempts + 1, error = $3, reason = $4, retry_at = NULL`, [
      failure.error.slice(0, 500),
      failure.reason,
    ]);
  }

  async retryLater(ids: readonly string[], failure: MtItemFailure & { readonly retryAt: string }): Promise<void> {
    await this.#settle(ids, `state = 'retrying', attempts = attempts + 1, error = $3, reason = $4, retry_at = $5`, [
      failure.error.slice(0, 500),
      failure.reason,
      failure.retryAt,
    ]);
  }

  async release(ids: readonly string[], attempt = false): Promise<void> {
    await this.#settle(ids, `state = 'queued', attempts = attempts + $3`, [attempt ? 1 : 0]);
  }

  /** Move in-flight items this instance holds out of flight with `set` (its parameters from $3 on). */
  async #settle(ids: readonly string[], set: string, params: readonly unknown[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#pool.query(
      `UPDATE mt_items SET ${set}, lease_owner = NULL, lease_until = NULL
        WHERE id = ANY($1) AND state = 'in-flight' AND lease_owner = $2`,
      [[...ids], this.#owner, ...params],
    );
    this.#drop(ids);
  }

  #drop(ids: readonly string[]): void {
    for (const id of ids) this.#held.delete(id);
  }

  /**
   * When the same text waits again (queued after this one failed), the failed copy is dropped instead of queued:
   * the waiting one will send it.
   */
  retryFailed(filter: MtItemFilter = {}): Promise<number> {
    return inTransaction(this.#pool, async (client) => {
      // FOR UPDATE allows no window function, so the first of each text is picked here.
      const { rows } = await client.query<{ id: string; key: string; waiting: boolean }>(
        `SELECT id, json_build_array(slug, segment_id, locale, hash, force)::text AS key,
                EXISTS (
                  SELECT 1 FROM mt_items live WHERE live.state IN ('queued', 'in-flight', 'retrying') AND live.id <> i.id
                     AND (live.slug, live.segment_id, live.locale, live.hash, live.force)
                       = (i.slug, i.segment_id, i.locale, i.hash, i.force)
                ) AS waiting
           FROM mt_items i
          WHERE state IN ('failed', 'retrying') AND ($1::text IS NULL OR job_id = $1)
            AND ($2::text IS NULL OR slug = $2) AND ($3::text IS NULL OR locale = $3)
          ORDER BY seq FOR UPDATE`,
        [filter.jobId ?? null, filter.slug ?? null, filter.locale ?? null],
      );
      const keys = new Set<string>();
      const requeue: string[] = [];
      const drop: string[] = [];
      for (const r of rows) {
        if (r.waiting || keys.has(r.key)) drop.push(r.id);
        else requeue.push(r.id);
        keys.add(r.key);
      }
      if (drop.length) await client.query('DELETE FROM mt_items WHERE id = ANY($1)', [drop]);
      if (requeue.length) {
        await client.query(
          `UPDATE mt_items SET state = 'queued', attempts = 0, error = NULL, reason = NULL, retry_at = NULL WHERE id = ANY($1)`,
          [requeue],
        );
      }
      return rows.length;
    });
  }

  /**
   * Put back the in-flight items this instance holds and those whose lease ran out; items other live workers hold
   * stay with them, so one instance starting up never takes work from another.
   */
  async recover(): Promise<number> {
    const { rowCount } = await this.#pool.query(
      `UPDATE mt_items SET state = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE state = 'in-flight' AND (lease_owner = $1 OR lease_until < clock_timestamp())`,
      [this.#owner],
    );
    this.#held.clear();
    return rowCount ?? 0;
  }

  async items(jobId?: string): Promise<MtQueueItem[]> {
    const { rows } = await this.#pool.query<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM mt_items WHERE $1::text IS NULL OR job_id = $1 ORDER BY seq`,
      [jobId ?? null],
    );
    return rows.map(toItem);
  }

  async itemsOf(pairs: readonly { readonly slug: string; readonly locale: string }[]): Promise<MtQueueItem[]> {
    if (pairs.length === 0) return [];
    // Two halves, so each is an index scan (migration 0104): the live items, and the failed ones.
    const { rows } = await this.#pool.query<ItemRow>(
      `SELECT ${ITEM_COLUMNS}, seq FROM mt_items
        WHERE (slug, locale) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND state IN ('queued', 'in-flight', 'retrying')
       UNION ALL
       SELECT ${ITEM_COLUMNS}, seq FROM mt_items
        WHERE (slug, locale) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND state = 'failed'
       ORDER BY seq`,
      [pairs.map((p) => p.slug), pairs.map((p) => p.locale)],
    );
    return rows.map(toItem);
  }

  async counts(jobId?: string): Promise<MtQueueCounts> {
    const { rows } = await this.#pool.query<Record<keyof MtQueueCounts, number>>(
      `SELECT count(*) FILTER (WHERE state = 'queued')::int AS queued,
              count(*) FILTER (WHERE state = 'in-flight')::int AS "inFlight",
              count(*) FILTER (WHERE state = 'retrying')::int AS retrying,
              count(*) FILTER (WHERE state = 'failed')::int AS failed,
              (SELECT coalesce(sum(done), 0) FROM mt_jobs WHERE $1::text IS NULL OR id = $1)::int AS done
         FROM mt_items WHERE $1::text IS NULL OR job_id = $1`,
      [jobId ?? null],
    );
    const r = rows[0]!;
    return { queued: r.queued, inFlight: r.inFlight, retrying: r.retrying, done: r.done, failed: r.failed };
  }

  addTallies(deltas: readonly MtJobTallyDelta[]): Promise<void> {
    return addTallies(this.#pool, deltas);
  }

  tally(jobId?: string): Promise<MtJobTally> {
    return tallyOf(this.#pool, jobId);
  }

  async jobs(): Promise<MtJob[]> {
    const { rows } = await this.#pool.query<JobRow>(
      'SELECT id, created_at, created_by, provider, locales, total FROM mt_jobs ORDER BY created_at DESC, seq DESC',
    );
    return rows.map(toJob);
  }
}
