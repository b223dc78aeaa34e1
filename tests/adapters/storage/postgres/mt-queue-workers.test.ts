import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresMtStore } from '../../../../src/adapters/storage/postgres/mt-store.ts';
import type { NewMtQueueItem } from '../../../../src/core/ports/mt-store.ts';
import type { Slug } from '../../../../src/core/slug.ts';
import { migratedDatabase } from './mt-tm-database.ts';

const JOB = { createdBy: 'editor-park', provider: 'deepl', locales: ['en'] } as const;

function item(n: number, extra: Partial<NewMtQueueItem> = {}): NewMtQueueItem {
  return { slug: 'rice-prices' as Slug, segmentId: `s-${n}`, locale: 'en', hash: `h-${n}`, expectedRevision: 0, ...extra };
}

// Each worker gets its own pool, as a separate process would: nothing but the database is shared.
describe('PostgreSQL MT queue with several workers', () => {
  let url = '';
  const opened: { store: PostgresMtStore; pool: pg.Pool }[] = [];
  const worker = () => {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const store = new PostgresMtStore(pool);
    opened.push({ store, pool });
    return store;
  };

  beforeEach(async () => {
    url = await migratedDatabase();
  });

  afterEach(async () => {
    for (const { store, pool } of opened.splice(0)) {
      await store.close();
      await pool.end();
    }
  });

  it('when two workers claim at the same time, round after round, then no item is handed to both and every item is handed out', async () => {
    const [a, b] = [worker(), worker()];
    await a.queue.enqueue(
      JOB,
      Array.from({ length: 400 }, (_, n) => item(n)),
    );
    const taken = { a: [] as string[], b: [] as string[] };
    const drain = async (store: PostgresMtStore, into: string[]) => {
      for (;;) {
        const claimed = await store.queue.claim(7);
        if (claimed.length === 0) return;
        into.push(...claimed.map((i) => i.id));
        await store.queue.complete(claimed.map((i) => i.id));
      }
    };
    await Promise.all([drain(a, taken.a), drain(b, taken.b)]);
    const all = [...taken.a, ...taken.b];
    expect(new Set(all).size).toBe(400);
    expect(all).toHaveLength(400);
    expect(taken.a.length).toBeGreaterThan(0);
    expect(taken.b.length).toBeGreaterThan(0);
    expect(await a.queue.counts()).toEqual({ queued: 0, inFlight: 0, retrying: 0, done: 400, failed: 0 });
  });

  it('when the same text waits for several segments, then the worker that claims it takes all its copies, so it is sent once', async () => {
    const [a, b] = [worker(), worker()];
    // Every third segment has the same text: s-0, s-3 … s-27 (ten copies), spread over the whole queue.
    await a.queue.enqueue(
      JOB,
      Array.from({ length: 30 }, (_, n) => item(n, n % 3 === 0 ? { hash: 'h-shared' } : {})),
    );
    const first = await a.queue.claim(12);
    const second = await b.queue.claim(12);
    expect(first).toHaveLength(12);
    expect(first.filter((i) => i.hash === 'h-shared')).toHaveLength(10);
    expect(second.filter((i) => i.hash === 'h-shared')).toEqual([]);
    expect(second.map((i) => i.segmentId)).toEqual([
      's-4',
      's-5',
      's-7',
      's-8',
      's-10',
      's-11',
      's-13',
      's-14',
      's-16',
      's-17',
      's-19',
      's-20',
    ]);
  });

  it('when a worker holds items, then a transition sent by another worker does not touch them', async () => {
    const [a, b] = [worker(), worker()];
    const { job } = await a.queue.enqueue(JOB, [item(1), item(2)]);
    const claimed = await a.queue.claim(2);
    await b.queue.complete(claimed.map((i) => i.id));
    await b.queue.fail([claimed[0]!.id], { error: 'refused', reason: 'refused' });
    expect(await a.queue.counts(job.id)).toEqual({ queued: 0, inFlight: 2, retrying: 0, done: 0, failed: 0 });
    // Starting up, b recovers only what it holds or what nobody renews: a's items stay with a.
    expect(await b.queue.recover()).toBe(0);
    await a.queue.complete(claimed.map((i) => i.id));
    expect(await a.queue.counts(job.id)).toMatchObject({ inFlight: 0, done: 2 });
  });

  it('when two instances enqueue the same texts at once, then each text is queued once', async () => {
    const [a, b] = [worker(), worker()];
    const items = Array.from({ length: 50 }, (_, n) => item(n));
    const [x, y] = await Promise.all([a.queue.enqueue(JOB, items), b.queue.enqueue(JOB, items)]);
    expect(x.added + y.added).toBe(50);
    expect(x.skipped + y.skipped).toBe(50);
    expect((await a.queue.counts()).queued).toBe(50);
  });
});
