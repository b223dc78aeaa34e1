import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PostgresMtStore } from '../../../../src/adapters/storage/postgres/mt-store.ts';
import { parseSlug } from '../../../../src/core/slug.ts';
import { article, type Rig, startRig } from '../../../fake-deepl/setup.ts';
import { migratedDatabase } from './mt-tm-database.ts';

// Issue 16, "identical texts are still sent once": two MT services, each with its own pool and its own fake DeepL
// server (two workers, as far as the database can tell), share one article store and one PostgreSQL database.
const SHARED = '평양 장마당에서 쌀값이 사흘째 올랐다.';
const LOCALES = ['en', 'ja'];

describe('MT workers sharing answers on one PostgreSQL database', () => {
  const rigs: Rig[] = [];
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const rig of rigs.splice(0)) await rig.close();
    for (const pool of pools.splice(0)) await pool.end();
  });

  async function twoWorkers(): Promise<[Rig, Rig, pg.Pool]> {
    const url = await migratedDatabase();
    const pool = () => {
      const p = new pg.Pool({ connectionString: url, max: 3 });
      pools.push(p);
      return p;
    };
    const a = await startRig({ mt: new PostgresMtStore(pool()) });
    rigs.push(a);
    const b = await startRig({ store: a.store, mt: new PostgresMtStore(pool()) });
    rigs.push(b);
    return [a, b, pool()];
  }

  /** How often each locale's DeepL target received `text`, over both fake servers. */
  const sentPerLocale = (rigs: readonly Rig[], text: string) => {
    const counts: Record<string, number> = {};
    for (const r of rigs.flatMap((rig) => rig.fake.translateRequests)) {
      const n = (r.params.text ?? []).filter((t) => t === text).length;
      const target = r.params.target_lang?.[0] ?? '?';
      if (n > 0) counts[target] = (counts[target] ?? 0) + n;
    }
    return counts;
  };

  const draftOf = async (rig: Rig, slug: string, locale: string) => {
    const record = (await rig.store.get(parseSlug(slug)))!;
    const segment = record.segments.find((s) => s.source === SHARED)!;
    return record.translations.find((t) => t.segmentId === segment.id && t.locale === locale)?.text;
  };

  it('when the same text is queued later and another worker takes it, then DeepL receives it once per locale', async () => {
    const [a, b] = await twoWorkers();
    await a.import('first', article('첫 기사', [SHARED, '첫 기사만의 문단이다.']));
    await a.service.enqueue({ locales: LOCALES, by: 'editor' });
    expect((await a.service.drain()).drafts).toBe(6);

    await b.import('second', article('둘째 기사', ['둘째 기사만의 문단이다.', SHARED]));
    await b.service.enqueue({ locales: LOCALES, by: 'editor', slugs: ['second'] });
    const later = await b.service.drain();
    expect(later.drafts).toBe(6);

    expect(sentPerLocale([a, b], SHARED)).toEqual({ 'en-US': 1, ja: 1 });
    expect(b.fake.textsReceived).not.toContain(SHARED);
    for (const locale of LOCALES) {
      expect(await draftOf(b, 'second', locale)).toBe(await draftOf(a, 'first', locale));
      expect(await draftOf(b, 'second', locale)).toContain(SHARED);
    }
  });

  it('when a worker takes the same text while another is still sending it, then it waits for that answer instead of sending it', async () => {
    const [a, b, watch] = await twoWorkers();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => {
      entered = resolve;
    });
    a.fake.onRequest(async (request) => {
      if (!request.params.text?.includes(SHARED)) return;
      entered();
      await held;
    });
    await a.import('first', article('첫 기사', [SHARED]));
    await a.service.enqueue({ locales: LOCALES, by: 'editor' });
    const first = a.service.drain();
    await sending;

    // Queued while the first worker's request is out, so the queue cannot hand it the copy along with its own.
    await b.import('second', article('둘째 기사', [SHARED, '둘째 기사만의 문단이다.']));
    await b.service.enqueue({ locales: LOCALES, by: 'editor', slugs: ['second'] });
    const second = b.service.drain();
    // The second worker waits on the text the first one holds (an advisory lock not granted yet).
    await vi.waitFor(
      async () => {
        const { rows } = await watch.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        expect(rows[0]!.n).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 20 },
    );
    release();
    const [x, y] = await Promise.all([first, second]);
    expect(x.drafts + y.drafts).toBe(4 + 6);
    expect(sentPerLocale([a, b], SHARED)).toEqual({ 'en-US': 1, ja: 1 });
    for (const locale of LOCALES) expect(await draftOf(b, 'second', locale)).toBe(await draftOf(a, 'first', locale));
  });
});
