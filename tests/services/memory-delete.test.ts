import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tmxFormat } from '../../src/adapters/formats/tmx.ts';
import { InMemoryTranslationMemoryStore } from '../../src/adapters/storage/in-memory/translation-memory-store.ts';
import { LowdbTranslationMemoryStore } from '../../src/adapters/storage/lowdb/translation-memory-store.ts';
import { NotFoundError } from '../../src/core/errors.ts';
import type { MemoryEntry, TranslationMemoryStore } from '../../src/core/ports/translation-memory-store.ts';
import { sourceHash } from '../../src/core/text.ts';
import { INDEX_SAVE_AFTER, MemoryService } from '../../src/services/memory.ts';
import { MemoryIndex } from '../../src/services/memory-index.ts';
import { postgresMemoryDatabase } from '../adapters/storage/postgres/mt-tm-database.ts';

// Issue 14: a wrong translation-memory entry can be deleted (a tombstone in the log), and stays deleted.

const dirs: string[] = [];
const opened: TranslationMemoryStore[] = [];
const databases: { end(): Promise<void> }[] = [];
afterEach(async () => {
  for (const database of databases.splice(0)) await database.end();
  for (const store of opened.splice(0)) await store.close();
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A lowdb log in a temp dir; `reopen` opens the same files again, as a restart does. */
async function lowdbLog() {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-tm-delete-'));
  dirs.push(dir);
  const open = () => {
    const store = new LowdbTranslationMemoryStore(join(dir, 'memory', 'tm.jsonl'));
    opened.push(store);
    return store;
  };
  return { store: open(), reopen: open };
}

const STORES: readonly [string, () => Promise<{ store: TranslationMemoryStore; reopen: () => TranslationMemoryStore }>][] = [
  [
    'in-memory',
    async () => {
      const store = new InMemoryTranslationMemoryStore();
      return { store, reopen: () => store };
    },
  ],
  ['lowdb', lowdbLog],
  // Asked per lookup (the service never loads it); a reopening is a store on a new pool.
  [
    'postgres',
    async () => {
      const database = await postgresMemoryDatabase();
      databases.push(database);
      return { store: database.open(), reopen: () => database.open() };
    },
  ],
];

const WRONG = { source: '장마당에서 쌀값이 올랐다.', target: 'Rice prices fell at the market.' };
const RIGHT = { source: '평양에서 열병식이 열렸다.', target: 'A parade was held in Pyongyang.' };
let tick = 0;
const clock = () => new Date(Date.UTC(2026, 2, 1, 9, 0, tick++));

function approval(pair: { source: string; target: string }, segmentId: string, approvedAt?: string) {
  return {
    slug: 'rice',
    segmentId,
    sourceLocale: 'ko',
    targetLocale: 'en',
    ...pair,
    approvedBy: 'rex',
    ...(approvedAt ? { approvedAt } : {}),
  };
}

/** Everything a reader of the memory can see of `source`, as comparable data. */
async function seen(memory: MemoryService, source: string) {
  return {
    exact: (await memory.lookup(source, { targetLocale: 'en' })).map((m) => m.text),
    fuzzy: (await memory.lookup(source.replace('올랐다', '뛰었다'), { targetLocale: 'en', threshold: 50 })).map((m) => m.text),
    concordance: (await memory.concordance('장마당', { targetLocale: 'en' })).map((e) => e.target),
    hash: await memory.findExactMatch(sourceHash(source), 'en'),
    exported: (await memory.exportFile('en')).includes('Rice prices fell'),
  };
}

const GONE = { exact: [], fuzzy: [], concordance: [], hash: null, exported: false };

describe.each(STORES)('deleting a memory entry (%s store)', (_name, makeLog) => {
  it('when an entry is deleted, then lookups, concordance, the hash lookup and the export no longer show it, after a restart either', async () => {
    const { store, reopen } = await makeLog();
    const memory = new MemoryService({ store, exchange: tmxFormat, now: clock });
    const wrong = (await memory.recordApproval(approval(WRONG, 's-1')))!;
    await memory.recordApproval(approval(RIGHT, 's-2'));
    expect(await seen(memory, WRONG.source)).toEqual({
      exact: [WRONG.target],
      fuzzy: [WRONG.target],
      concordance: [WRONG.target],
      hash: { target: WRONG.target, slug: 'rice' },
      exported: true,
    });

    const tombstone = await memory.deleteEntry(wrong.id, 'ed');
    expect(tombstone).toMatchObject({ kind: 'tombstone', deletes: wrong.id, deletedBy: 'ed', ...WRONG });
    expect(await seen(memory, WRONG.source)).toEqual(GONE);
    expect(await memory.size()).toBe(1);
    expect((await store.all()).map((r) => r.id)).toEqual([wrong.id, expect.any(String), tombstone.id]);

    const restarted = new MemoryService({ store: reopen(), exchange: tmxFormat, now: clock });
    expect(await seen(restarted, WRONG.source)).toEqual(GONE);
    expect((await restarted.lookup(RIGHT.source, { targetLocale: 'en' }))[0]?.text).toBe(RIGHT.target);
  });

  it('when the id is unknown or already deleted, then NotFoundError and the log is unchanged', async () => {
    const { store } = await makeLog();
    const memory = new MemoryService({ store, now: clock });
    const entry = (await memory.recordApproval(approval(WRONG, 's-1')))!;
    await expect(memory.deleteEntry('tm-nothing', 'ed')).rejects.toBeInstanceOf(NotFoundError);
    await memory.deleteEntry(entry.id, 'ed');
    await expect(memory.deleteEntry(entry.id, 'ed')).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.all()).toHaveLength(2);
  });

  it('when a deleted pair is approved again, then an approval dated before the deletion is held back and a later one adds it', async () => {
    const { store } = await makeLog();
    const memory = new MemoryService({ store, now: clock });
    const entry = (await memory.recordApproval(approval(WRONG, 's-1')))!;
    const { deletedAt } = await memory.deleteEntry(entry.id, 'ed');
    expect(await memory.recordApproval(approval(WRONG, 's-1', entry.approvedAt))).toBeNull();
    expect(await memory.recordApproval(approval(WRONG, 's-9', deletedAt))).toBeNull();
    const later = new Date(Date.parse(deletedAt) + 1000).toISOString();
    expect(await memory.recordApproval(approval(WRONG, 's-1', later))).toMatchObject({ ...WRONG, approvedAt: later });
    expect((await memory.lookup(WRONG.source, { targetLocale: 'en' })).map((m) => m.text)).toEqual([WRONG.target]);
  });
});

/** INDEX_SAVE_AFTER distinct import entries, so the memory saves its index. */
function bulk(count: number): MemoryEntry[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `tm-bulk-${n}`,
    sourceLocale: 'ko',
    targetLocale: 'en',
    source: `소식통에 따르면 ${n}번째 지역에서 단속이 강화됐다.`,
    target: `Crackdown tightened in area ${n}, a source said.`,
    slug: null,
    segmentId: null,
    approvedAt: '2026-02-01T00:00:00.000Z',
    approvedBy: 'import',
    origin: 'import' as const,
  }));
}

describe('a deleted entry and the saved index', () => {
  it('when the index was saved before the deletion, then a restart applies the tombstone and does not resurrect the entry', async () => {
    const { store, reopen } = await lowdbLog();
    await store.add(bulk(INDEX_SAVE_AFTER));
    const memory = new MemoryService({ store, exchange: tmxFormat, now: clock });
    const wrong = (await memory.recordApproval(approval(WRONG, 's-1')))!;
    expect(await memory.saveIndex()).toBe(true);
    await memory.deleteEntry(wrong.id, 'ed');
    // Fewer than INDEX_SAVE_AFTER records since: the saved index stays the one from before the deletion.
    expect(await memory.saveIndex()).toBe(false);

    const log = reopen();
    const built = await MemoryIndex.build(await log.all(), await log.readIndex());
    expect(built.restored).toBe(INDEX_SAVE_AFTER + 1);
    const restarted = new MemoryService({ store: log, exchange: tmxFormat });
    expect(await seen(restarted, WRONG.source)).toEqual(GONE);
    expect(await restarted.size()).toBe(INDEX_SAVE_AFTER);
  });

  it('when the index was saved after the deletion, then the saved part holds the tombstone and a restart keeps the entry deleted', async () => {
    const { store, reopen } = await lowdbLog();
    const memory = new MemoryService({ store, exchange: tmxFormat, now: clock });
    const wrong = (await memory.recordApproval(approval(WRONG, 's-1')))!;
    await memory.deleteEntry(wrong.id, 'ed');
    await memory.importUnits(
      bulk(INDEX_SAVE_AFTER).map((e) => ({ variants: { ko: e.source, en: e.target } })),
      'import',
    );
    expect(await memory.saveIndex()).toBe(true);

    const log = reopen();
    const built = await MemoryIndex.build(await log.all(), await log.readIndex());
    expect(built.restored).toBe(INDEX_SAVE_AFTER + 2);
    const restarted = new MemoryService({ store: log, exchange: tmxFormat, now: clock });
    expect(await seen(restarted, WRONG.source)).toEqual(GONE);
    // The tombstone read from the saved part still holds back an old approval of the pair.
    expect(await restarted.recordApproval(approval(WRONG, 's-1', wrong.approvedAt))).toBeNull();
  });
});
