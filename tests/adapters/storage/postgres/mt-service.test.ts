import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PostgresMtStore } from '../../../../src/adapters/storage/postgres/mt-store.ts';
import { parseSlug } from '../../../../src/core/slug.ts';
import { article, type Rig, startRig } from '../../../fake-deepl/setup.ts';
import { migratedDatabase } from './mt-tm-database.ts';

describe('MT service on the PostgreSQL MT store', () => {
  const rigs: Rig[] = [];
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const rig of rigs.splice(0)) await rig.close();
    for (const pool of pools.splice(0)) await pool.end();
  });

  it('when two workers drain one queue at once, then every segment gets one draft and each text goes to DeepL once', async () => {
    const url = await migratedDatabase();
    const mtStore = () => {
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      pools.push(pool);
      return new PostgresMtStore(pool);
    };
    const a = await startRig({ mt: mtStore() });
    rigs.push(a);
    // The second worker shares the articles and the database, nothing else (its own provider and fake server).
    const b = await startRig({ store: a.store, mt: mtStore() });
    rigs.push(b);
    const shared = '평양 장마당에서 쌀값이 올랐다.';
    for (let n = 0; n < 4; n++) {
      await a.import(`a${n}`, article(`기사 ${n}`, [shared, `기사 ${n}의 첫 문단이다.`, `기사 ${n}의 둘째 문단이다.`]));
    }
    const { added } = await a.service.enqueue({ locales: ['en', 'ja'], by: 'editor' });
    expect(added).toBe(32);

    const [x, y] = await Promise.all([a.service.drain(), b.service.drain()]);
    expect(x.drafts + y.drafts + x.memoryDrafts + y.memoryDrafts).toBe(32);
    expect(await a.mt.queue.counts()).toEqual({ queued: 0, inFlight: 0, retrying: 0, done: 32, failed: 0 });
    for (let n = 0; n < 4; n++) {
      const record = await a.store.get(parseSlug(`a${n}`));
      const drafts = record!.translations.filter((t) => t.locale !== 'zh-Hans');
      expect(drafts.map((t) => [t.state, t.origin])).toEqual(Array.from({ length: 8 }, () => ['draft', 'machine']));
    }
    const sent = [...a.fake.translateRequests, ...b.fake.translateRequests].flatMap((r) =>
      (r.params.text ?? []).map((text) => `${r.params.target_lang}\u0000${text}`),
    );
    expect(new Set(sent).size).toBe(sent.length);
    // Four titles and eight paragraphs of their own, plus the shared paragraph once, in each of two locales.
    expect(sent).toHaveLength(26);
  });
});
