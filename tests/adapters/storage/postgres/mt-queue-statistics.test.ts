import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PostgresMtStore } from '../../../../src/adapters/storage/postgres/mt-store.ts';
import type { NewMtQueueItem } from '../../../../src/core/ports/mt-store.ts';
import type { Slug } from '../../../../src/core/slug.ts';
import { migratedDatabase } from './mt-tm-database.ts';

const JOB = { createdBy: 'editor-park', provider: 'deepl', locales: ['en', 'ja'] } as const;

const items = (articles: number): NewMtQueueItem[] =>
  Array.from({ length: articles }, (_, a) =>
    ['en', 'ja'].flatMap((locale) =>
      Array.from({ length: 12 }, (_, s) => ({
        slug: `article-${a}` as Slug,
        segmentId: `s-${s}`,
        locale,
        hash: `h-${a}-${s}`,
        expectedRevision: 0,
      })),
    ),
  ).flat();

/** The planner's estimate of the queued items, from EXPLAIN: what the claim's plan is chosen by. */
async function estimatedQueued(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    "EXPLAIN (FORMAT JSON) SELECT id FROM mt_items WHERE state = 'queued'",
  );
  return rows[0]!['QUERY PLAN'][0].Plan['Plan Rows'];
}

describe('PostgreSQL MT queue statistics', () => {
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end();
  });

  it('when a large enqueue lands, then the planner knows the queue at once, without waiting for autovacuum', async () => {
    const pool = new pg.Pool({ connectionString: await migratedDatabase(), max: 2 });
    pools.push(pool);
    const mt = new PostgresMtStore(pool);
    try {
      // A fresh queue: the planner guesses from an empty table.
      expect(await estimatedQueued(pool)).toBeLessThan(100);
      const { added } = await mt.queue.enqueue(JOB, items(100));
      expect(added).toBe(2_400);
      // Estimated from statistics taken after the insert, so the claim walks its index instead of sorting the queue.
      const estimate = await estimatedQueued(pool);
      expect(estimate).toBeGreaterThan(2_400 * 0.9);
      expect(estimate).toBeLessThan(2_400 * 1.1);
    } finally {
      await mt.close();
    }
  });
});
