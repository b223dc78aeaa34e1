import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PostgresMtStore } from '../../../../src/adapters/storage/postgres/mt-store.ts';
import { article, type Rig, startRig } from '../../../fake-deepl/setup.ts';
import { migratedDatabase } from './mt-tm-database.ts';

describe('MT workers sharing one PostgreSQL queue', () => {
  const rigs: Rig[] = [];
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const rig of rigs.splice(0)) await rig.close();
    for (const pool of pools.splice(0)) await pool.end();
  });

  it('when more waits than one round holds, then both workers get rounds, requests stay full and each text goes once', async () => {
    const url = await migratedDatabase();
    const mtStore = () => {
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      pools.push(pool);
      return new PostgresMtStore(pool);
    };
    // One request at a time and three target locales: a round is 50 × 1 × 3 = 150 items.
    const a = await startRig({ mt: mtStore(), service: { concurrency: 1 } });
    rigs.push(a);
    const b = await startRig({ store: a.store, mt: mtStore(), service: { concurrency: 1 } });
    rigs.push(b);
    // Each request takes a while, so the second worker's first claim comes while the first worker's round is out.
    a.fake.latencyMs = 30;
    b.fake.latencyMs = 30;
    const shared = '평양 장마당에서 쌀값이 올랐다.';
    for (let n = 0; n < 20; n++) {
      const own = Array.from({ length: 14 }, (_, i) => `기사 ${n}의 ${i}번째 문단이다.`);
      await a.import(`a${n}`, article(`기사 ${n}`, [shared, ...own]));
    }
    const { added } = await a.service.enqueue({ locales: ['en'], by: 'editor' });
    expect(added).toBe(320);

    const [x, y] = await Promise.all([a.service.drain(), b.service.drain()]);
    expect(x.drafts + y.drafts).toBe(320);
    expect(x.requests).toBeGreaterThan(0);
    expect(y.requests).toBeGreaterThan(0);
    expect(await a.mt.queue.counts()).toEqual({ queued: 0, inFlight: 0, retrying: 0, done: 320, failed: 0 });
    const requests = [...a.fake.translateRequests, ...b.fake.translateRequests];
    const sent = requests.flatMap((r) => r.params.text ?? []);
    expect(new Set(sent).size).toBe(sent.length);
    // 20 titles, 280 paragraphs of their own and the shared one: 301 texts, at least 7 requests; the last round of
    // each worker may leave one request less than full.
    expect(sent).toHaveLength(301);
    expect(requests.length).toBeLessThanOrEqual(8);
  });
});
