import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresMtStore } from '../../../../src/adapters/storage/postgres/mt-store.ts';
import type { NewMtQueueItem } from '../../../../src/core/ports/mt-store.ts';
import type { Slug } from '../../../../src/core/slug.ts';
import { migratedDatabase } from './mt-tm-database.ts';

const JOB = { createdBy: 'editor-park', provider: 'deepl', locales: ['en'] } as const;
const LEASE_MS = 1_000;

const item = (n: number): NewMtQueueItem => ({
  slug: 'rice-prices' as Slug,
  segmentId: `s-${n}`,
  locale: 'en',
  hash: `h-${n}`,
  expectedRevision: 0,
});

/** When the lease of an in-flight item ends, on the database's clock. */
async function leaseUntil(pool: pg.Pool, id: string): Promise<Date> {
  const { rows } = await pool.query<{ lease_until: Date }>('SELECT lease_until FROM mt_items WHERE id = $1', [id]);
  return rows[0]!.lease_until;
}

async function databasePassed(pool: pg.Pool, at: Date): Promise<boolean> {
  const { rows } = await pool.query<{ passed: boolean }>('SELECT clock_timestamp() > $1 AS passed', [at]);
  return rows[0]!.passed;
}

describe('PostgreSQL MT queue leases', () => {
  let url = '';
  const opened: { close(): Promise<void> }[] = [];
  const pool = () => {
    const p = new pg.Pool({ connectionString: url, max: 2 });
    opened.push({ close: () => p.end() });
    return p;
  };
  const worker = (p: pg.Pool) => {
    const store = new PostgresMtStore(p, { leaseMs: LEASE_MS });
    opened.unshift(store);
    return store;
  };

  beforeEach(async () => {
    url = await migratedDatabase();
  });

  afterEach(async () => {
    for (const o of opened.splice(0)) await o.close();
  });

  it('when a worker process is killed mid-batch, then its items stay with it while it renews, go to another worker once its lease ends, and are completed once', async () => {
    const db = pool();
    const survivor = worker(db);
    const { job } = await survivor.queue.enqueue(
      JOB,
      Array.from({ length: 5 }, (_, n) => item(n)),
    );
    const script = fileURLToPath(new URL('./mt-dying-worker.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, url, String(LEASE_MS), '3'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const held = JSON.parse(line) as string[];
      expect(held).toHaveLength(3);

      // The living worker renews its lease: past the first lease's end, its items are still not claimable.
      const firstLease = await leaseUntil(db, held[0]!);
      await expect.poll(async () => (await leaseUntil(db, held[0]!)) > firstLease, { timeout: 10_000, interval: 50 }).toBe(true);
      await expect.poll(() => databasePassed(db, firstLease), { timeout: 10_000, interval: 50 }).toBe(true);
      const others = await survivor.queue.claim(10);
      expect(others.map((i) => i.segmentId)).toEqual(['s-3', 's-4']);
      await survivor.queue.complete(others.map((i) => i.id));

      child.kill('SIGKILL');
      await exited;
      let taken: string[] = [];
      await expect
        .poll(
          async () => {
            taken = [...taken, ...(await survivor.queue.claim(10)).map((i) => i.id)];
            return taken.length;
          },
          { timeout: 15_000, interval: 100 },
        )
        .toBe(3);
      expect(taken.sort()).toEqual([...held].sort());
      await survivor.queue.complete(taken);
      expect(await survivor.queue.counts(job.id)).toEqual({ queued: 0, inFlight: 0, retrying: 0, done: 5, failed: 0 });
      expect(await survivor.queue.items()).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('when a worker stalls past its lease and another takes its items, then the stalled worker can no longer finish them', async () => {
    const [a, b] = [worker(pool()), worker(pool())];
    const { job } = await a.queue.enqueue(JOB, [item(1), item(2)]);
    const claimed = await a.queue.claim(2);
    a.queue.stop();
    const lease = await leaseUntil(pool(), claimed[0]!.id);
    await expect.poll(() => databasePassed(pool(), lease), { timeout: 10_000, interval: 50 }).toBe(true);
    const retaken = await b.queue.claim(2);
    expect(retaken.map((i) => i.id)).toEqual(claimed.map((i) => i.id));

    await a.queue.complete(claimed.map((i) => i.id));
    await a.queue.release(
      claimed.map((i) => i.id),
      true,
    );
    expect(await b.queue.counts(job.id)).toEqual({ queued: 0, inFlight: 2, retrying: 0, done: 0, failed: 0 });
    await b.queue.complete(retaken.map((i) => i.id));
    await b.queue.complete(retaken.map((i) => i.id));
    expect(await b.queue.counts(job.id)).toEqual({ queued: 0, inFlight: 0, retrying: 0, done: 2, failed: 0 });
  });
});
