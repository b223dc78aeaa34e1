import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/adapters/storage/postgres/migrate.ts';
import { PostgresTranslationMemoryStore } from '../../../../src/adapters/storage/postgres/translation-memory-store.ts';
import { bigramCodes, matchForm } from '../../../../src/core/fuzzy-index.ts';
import type { MemoryEntry } from '../../../../src/core/ports/translation-memory-store.ts';
import { sourceHash } from '../../../../src/core/text.ts';
import { seededRandom } from '../../../../bench/memory-corpus.ts';
import { freshDatabase } from '../../../support/postgres.ts';
import { lengthBucket } from '../../../../src/adapters/storage/postgres/tm-postings.ts';
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

function entry(n: number, source: string, extra: Partial<MemoryEntry> = {}): MemoryEntry {
  return {
    id: `tm-${n}`,
    sourceLocale: 'ko',
    targetLocale: 'en',
    source,
    target: `translation ${n}`,
    slug: 'rice',
    segmentId: `s-${n}`,
    approvedAt: '2026-03-01T09:00:00.000Z',
    approvedBy: 'park',
    origin: 'approval',
    ...extra,
  };
}

/** Every whitespace JavaScript's \s matches, and characters it does not (zero-width space, U+180E). */
const SPACES = [
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  ' ',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2005',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];
const OTHERS = ['가', '힣', '쌀', 'a', 'Z', '7', '.', '\u200b', '\u180e', '\uE001', '😀', '𠀀', 'é', '漢', 'ア'];

/** Texts mixing Hangul, ASCII, astral characters and every kind of whitespace, of 0 to 40 characters. */
function texts(count: number): string[] {
  const random = seededRandom(16);
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(random() * 41) }, () => (random() < 0.25 ? pick(SPACES) : pick(OTHERS))).join(''),
  );
}

describe('PostgreSQL translation memory: bigram keys and posting lists (migrations 0206 to 0208)', () => {
  it('when a form is keyed by the database, then it gets the bigrams the embedded index counts, in the same order', async () => {
    const pool = poolOn(await migratedDatabase());
    const forms = ['', ' \n', '가', ' 가 ', '가가', '가가가', 'ab a', '😀', '😀😀x', ...texts(300)];
    const { rows } = await pool.query<{ grams: string[] }>(
      'SELECT tm_bigrams(f) AS grams FROM unnest($1::text[]) WITH ORDINALITY AS u (f, i) ORDER BY i',
      [forms],
    );
    expect(rows.map((r) => r.grams.map(Number))).toEqual(forms.map(bigramCodes));
  });

  it('when a form length is bucketed by the database, then it gets the bucket the store writes postings to', async () => {
    const pool = poolOn(await migratedDatabase());
    const lengths = Array.from({ length: 1100 }, (_, n) => n);
    const { rows } = await pool.query<{ bucket: number }>(
      'SELECT tm_length_bucket(n) AS bucket FROM unnest($1::int[]) WITH ORDINALITY AS u (n, i) ORDER BY i',
      [lengths],
    );
    expect(rows.map((r) => r.bucket)).toEqual(lengths.map(lengthBucket));
    // Buckets grow with the length and a lookup's range (threshold 75) spans a few of them, not all.
    expect(lengthBucket(0)).toBe(0);
    expect(lengthBucket(1023)).toBe(lengthBucket(5000));
    expect(lengthBucket(Math.ceil(200 / 0.75)) - lengthBucket(Math.floor(200 * 0.75))).toBeLessThanOrEqual(3);
  });

  it('when entries of many lengths are added, then each posting sits in its length bucket, counted there, and a short lookup finds the short entry', async () => {
    const pool = poolOn(await migratedDatabase());
    const store = new PostgresTranslationMemoryStore(pool);
    // A short sentence and longer ones that hold all of its words: they share every bigram with it.
    const short = '쌀값이 올랐다.';
    const long = (n: number) => `장마당에서 ${'그 '.repeat(n)}쌀값이 올랐다.`;
    await store.add([entry(1, short), ...Array.from({ length: 40 }, (_, n) => entry(n + 2, long(n * 3)))]);
    const { rows } = await pool.query<{ bucket: number; postings: string[] }>('SELECT bucket, postings FROM tm_postings');
    for (const r of rows) for (const p of r.postings) expect(lengthBucket(Number(p) % 1024)).toBe(r.bucket);
    const { rows: counts } = await pool.query<{ key: string; entries: number }>(
      `SELECT pair || ' ' || gram || ' ' || bucket AS key, entries FROM tm_posting_counts`,
    );
    const posted = new Map<string, number>();
    const { rows: byKey } = await pool.query<{ key: string; postings: string[] }>(
      `SELECT pair || ' ' || gram || ' ' || bucket AS key, postings FROM tm_postings`,
    );
    for (const r of byKey) posted.set(r.key, (posted.get(r.key) ?? 0) + r.postings.length);
    expect(new Map(counts.map((c) => [c.key, c.entries]))).toEqual(posted);
    const hits = await store.search({ sourceLocale: 'ko', targetLocale: 'en', source: '쌀값이 올랐다!', threshold: 75, limit: 5 });
    expect(hits.map((h) => h.item.id)).toEqual(['tm-1']);
  });

  it('when a database of the previous schema is migrated, then its bigrams are counted per pair and its entries found fuzzily', async () => {
    const url = await freshDatabase();
    const pool = poolOn(url);
    await migrate(pool, { upTo: 205 });
    // Rows as 0200–0205 stored them (the trigram key was a generated column): one replaced, one tombstone, two pairs.
    const rows = [
      { e: entry(1, '장마당에서 <g1>쌀값</g1>이 크게 올랐다.'), pair: 'ko>en', replaced: true, tombstone: false },
      { e: entry(2, '장마당에서 <g1>쌀값</g1>이 크게 올랐다!'), pair: 'ko>en', replaced: false, tombstone: false },
      { e: entry(3, '쌀값이 내렸다.'), pair: 'ko>ja', replaced: false, tombstone: false },
      { e: entry(4, ''), pair: 'ko>en', replaced: true, tombstone: true },
    ];
    for (const [i, { e, pair, replaced, tombstone }] of rows.entries()) {
      const form = tombstone ? '' : matchForm(e.source);
      // Seqs far apart, so that migration 0207 builds the postings of two ranges of 262,144 seqs.
      if (i === 1) await pool.query('ALTER TABLE tm_entries ALTER COLUMN seq RESTART WITH 300000');
      await pool.query(
        `INSERT INTO tm_entries (id, pair, source_hash, form, form_length, replaced, tombstone, entry) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [e.id, pair, sourceHash(e.source), form, form.length, replaced, tombstone, JSON.stringify(e)],
      );
    }
    await migrate(pool);
    const expected = new Map<string, number>();
    for (const { e, pair, tombstone } of rows) {
      if (tombstone) continue;
      for (const gram of bigramCodes(matchForm(e.source))) expected.set(`${pair} ${gram}`, (expected.get(`${pair} ${gram}`) ?? 0) + 1);
    }
    const counted = await pool.query<{ key: string; entries: number }>(`SELECT pair || ' ' || gram AS key, entries FROM tm_bigram_counts`);
    expect(new Map(counted.rows.map((r) => [r.key, r.entries]))).toEqual(expected);
    // Migration 0207: one posting per counted entry (seq × 1024 + form length), in its own (negative) chunks.
    const posted = await pool.query<{ key: string; bucket: number; chunk: number; postings: string[] }>(
      `SELECT pair || ' ' || gram AS key, bucket, chunk, postings FROM tm_postings`,
    );
    // Migration 0208: split by the length bucket of each posting.
    for (const r of posted.rows) for (const p of r.postings) expect(lengthBucket(Number(p) % 1024)).toBe(r.bucket);
    const lengths = new Map<string, number>();
    for (const r of posted.rows) lengths.set(r.key, (lengths.get(r.key) ?? 0) + r.postings.length);
    expect(lengths).toEqual(expected);
    expect(new Set(posted.rows.map((r) => r.chunk))).toEqual(new Set([-1, -2]));
    const { rows: forms } = await pool.query<{ seq: string; length: number }>(
      "SELECT seq, form_length AS length FROM tm_entries WHERE id = 'tm-2'",
    );
    const tm2 = String(Number(forms[0]!.seq) * 1024 + forms[0]!.length);
    expect(posted.rows.filter((r) => r.key.startsWith('ko>en ') && r.postings.includes(tm2))).toHaveLength(
      bigramCodes(matchForm(rows[1]!.e.source)).length,
    );
    const store = new PostgresTranslationMemoryStore(pool);
    const near = '장마당에서 <g1>쌀값</g1>이 조금 올랐다.';
    const hits = await store.search({ sourceLocale: 'ko', targetLocale: 'en', source: near, threshold: 75, limit: 5 });
    expect(hits.map((h) => h.item.id)).toEqual(['tm-2']);
    // Entries added after the migration are counted on top of the migrated counts.
    await store.add([entry(5, '장마당에서 쌀값이 올랐다.')]);
    const { rows: after } = await pool.query<{ entries: number }>(
      `SELECT entries FROM tm_bigram_counts WHERE pair = 'ko>en' AND gram = $1`,
      [bigramCodes('장마')[0]],
    );
    expect(after).toEqual([{ entries: 3 }]);
  });
});
