import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/adapters/storage/postgres/migrate.ts';
import { PostgresTranslationMemoryStore } from '../../../../src/adapters/storage/postgres/translation-memory-store.ts';
import { matchForm } from '../../../../src/core/fuzzy-index.ts';
import type { MemoryEntry } from '../../../../src/core/ports/translation-memory-store.ts';
import { sourceHash } from '../../../../src/core/text.ts';
import { freshDatabase } from '../../../support/postgres.ts';
import { migratedDatabase } from './mt-tm-database.ts';

const pools: pg.Pool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.end();
});

function poolOn(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pools.push(pool);
  return pool;
}

const ENTRY: MemoryEntry = {
  id: 'tm-1',
  sourceLocale: 'ko',
  targetLocale: 'en',
  source: '장마당에서 <g1>쌀값</g1>이 크게 올랐다.',
  target: 'Rice prices rose sharply at the <g1>market</g1>.',
  slug: 'rice',
  segmentId: 's-1',
  approvedAt: '2026-03-01T09:00:00.000Z',
  approvedBy: 'park',
  origin: 'approval',
};

describe('PostgreSQL translation memory: trigram key (migration 0203)', () => {
  it('when a form is keyed, then ASCII letters are lower-cased, ASCII whitespace dropped, and Hangul spread over all 36 symbols', async () => {
    const pool = poolOn(await migratedDatabase());
    const key = async (form: string) => (await pool.query<{ k: string }>('SELECT tm_trigram_key($1) AS k', [form])).rows[0]!.k;
    expect(await key('Rice\tprices 2026')).toBe('riceprices2026');
    expect(await key(' \n')).toBe('');
    // The 2,350 syllables of KS X 1001 lie in U+AC00–U+D7A3; the first 2,000 code points of the block stand for them.
    const { rows } = await pool.query<{ symbol: string; n: number }>(
      `SELECT tm_trigram_key(chr(c)) AS symbol, count(*)::int AS n FROM generate_series(44032, 46031) AS c GROUP BY 1`,
    );
    expect(rows.length).toBe(36);
    const mean = 2000 / 36;
    for (const { symbol, n } of rows) expect(n, symbol).toBeGreaterThan(mean * 0.5);
  });

  it('when a database keyed by the previous schema is migrated, then its entries get the new key and are found fuzzily', async () => {
    const url = await freshDatabase();
    const pool = poolOn(url);
    await migrate(pool, { upTo: 202 });
    // A row as 0200–0202 stored it: the key the application computed then (any text; here a wrong one).
    const form = matchForm(ENTRY.source);
    await pool.query(
      `INSERT INTO tm_entries (id, pair, source_hash, form, form_length, trigrams, entry) VALUES ($1, 'ko>en', $2, $3, $4, 'aaaa', $5)`,
      [ENTRY.id, sourceHash(ENTRY.source), form, form.length, JSON.stringify(ENTRY)],
    );
    await migrate(pool);
    const { rows } = await pool.query<{ trigrams: string; key: string }>('SELECT trigrams, tm_trigram_key(form) AS key FROM tm_entries');
    expect(rows).toEqual([{ trigrams: rows[0]!.key, key: expect.stringMatching(/^[a-z0-9]{15,}$/) }]);
    const store = new PostgresTranslationMemoryStore(pool);
    const near = '장마당에서 <g1>쌀값</g1>이 조금 올랐다.';
    const hits = await store.search({ sourceLocale: 'ko', targetLocale: 'en', source: near, threshold: 75, limit: 5 });
    expect(hits.map((h) => h.item.id)).toEqual(['tm-1']);
  });
});
