import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryTranslationMemoryStore } from '../../../../src/adapters/storage/in-memory/translation-memory-store.ts';
import { PostgresTranslationMemoryStore } from '../../../../src/adapters/storage/postgres/translation-memory-store.ts';
import type { MemoryEntry } from '../../../../src/core/ports/translation-memory-store.ts';
import { MemoryService } from '../../../../src/services/memory.ts';
import { migratedDatabase } from './mt-tm-database.ts';

// A lookup on the review path is one statement on the database (migration 0203's tm_lookup): every round trip adds
// the network's latency and a turn in the server's queue, which on a busy database is most of a lookup's time.

const pools: pg.Pool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.end();
});

/** A pool that counts the statements its connections send (every query, BEGIN and COMMIT included). */
function countingPool(url: string): { pool: pg.Pool; sent: () => number } {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pools.push(pool);
  let count = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      count += 1;
      return query(...args);
    }) as typeof client.query;
  });
  return { pool, sent: () => count };
}

function entry(n: number, source: string, target: string): MemoryEntry {
  return {
    id: `tm-${n}`,
    sourceLocale: 'ko',
    targetLocale: 'en',
    source,
    target,
    slug: 'rice-prices',
    segmentId: `s-${n}`,
    approvedAt: '2026-03-01T09:00:00.000Z',
    approvedBy: 'editor-park',
    origin: 'approval',
  };
}

const ENTRIES = [
  entry(1, '장마당에서 <g1>쌀값</g1>이 크게 올랐다.', 'Rice prices rose sharply at the <g1>market</g1>.'),
  entry(2, '장마당에서 <g1>쌀값</g1>이 크게 올랐다.', 'At the <g1>market</g1>, rice got much dearer.'),
  entry(3, '장마당에서 <g1>쌀값</g1>이 조금 올랐다.', 'Rice prices rose slightly at the <g1>market</g1>.'),
  entry(4, '평양의 옥수수 가격이 두 배로 뛰었다.', 'Corn prices in Pyongyang doubled.'),
];

describe('PostgreSQL translation memory: round trips', () => {
  it('when the memory service looks a text up, then it sends one statement, and answers as the embedded index does', async () => {
    const { pool, sent } = countingPool(await migratedDatabase());
    const database = new PostgresTranslationMemoryStore(pool);
    await database.add(ENTRIES);
    const embeddedStore = new InMemoryTranslationMemoryStore();
    await embeddedStore.add(ENTRIES);
    const shared = new MemoryService({ store: database });
    const embedded = new MemoryService({ store: embeddedStore });
    const lookups = [
      // Exact matches and a fuzzy one; exact matches alone filling the limit; fuzzy only; nothing.
      ['장마당에서 <g1>쌀값</g1>이 크게 올랐다.', { targetLocale: 'en', threshold: 70, limit: 5 }],
      ['장마당에서 <g1>쌀값</g1>이 크게 올랐다.', { targetLocale: 'en', threshold: 70, limit: 2 }],
      ['평양의 옥수수 가격이 세 배로 뛰었다.', { targetLocale: 'en', threshold: 70, limit: 5 }],
      ['전혀 관계없는 문장입니다.', { targetLocale: 'en', threshold: 70, limit: 5 }],
    ] as const;
    const found: number[] = [];
    for (const [source, options] of lookups) {
      const before = sent();
      const matches = await shared.lookup(source, options);
      expect(sent() - before, source).toBe(1);
      expect(matches).toEqual(await embedded.lookup(source, options));
      found.push(matches.length);
    }
    expect(found).toEqual([3, 2, 1, 0]);
    const before = sent();
    expect((await shared.findExact(ENTRIES[0]!.source, 'ko', 'en'))?.entry.id).toBe('tm-2');
    expect(sent() - before).toBe(1);
  });
});
