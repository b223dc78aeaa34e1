import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LowdbFeedItemStore, MemoryFeedItemStore, PostgresFeedItemStore } from '../../../src/adapters/feed/index.ts';
import { migrateDatabase } from '../../../src/adapters/storage/index.ts';
import type { FeedItemRecord, FeedItemStore } from '../../../src/core/ports/feed.ts';
import { freshDatabase } from '../../support/postgres.ts';

const dirs: string[] = [];
const pools: PostgresFeedItemStore[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  await Promise.all(pools.map((store) => store.close()));
});

/** A store on a fresh, migrated database, so the stores of several processes (instances) are two stores on one URL. */
async function postgresStore(url?: string): Promise<PostgresFeedItemStore> {
  const database = url ?? (await freshDatabase());
  if (!url) await migrateDatabase(database);
  const store = new PostgresFeedItemStore(database);
  pools.push(store);
  return store;
}

async function lowdbPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-feed-'));
  dirs.push(dir);
  return join(dir, 'feed', 'items.json');
}

const FEED = 'https://news.example.kr/feed/';
const record: FeedItemRecord = {
  feedUrl: FEED,
  itemId: 'https://news.example.kr/?p=1201',
  slug: 'wp-1201',
  contentHash: 'a'.repeat(64),
  updated: '2026-11-30T08:00:00.000Z',
  sourceRevision: 1,
  importedAt: '2026-11-30T09:00:00.000Z',
};

const STORES: [string, () => Promise<FeedItemStore>][] = [
  ['memory', async () => new MemoryFeedItemStore()],
  ['lowdb', async () => LowdbFeedItemStore.open(await lowdbPath())],
  ['postgres', () => postgresStore()],
];

describe.each(STORES)('%s feed item store', (_name, open) => {
  it('when nothing was saved, then items and validators are null', async () => {
    const store = await open();
    expect(await store.item(FEED, record.itemId)).toBeNull();
    expect(await store.validators(FEED)).toBeNull();
  });

  it('when an item and validators are saved, then they read back, a second save replaces the first, other feeds are apart', async () => {
    const store = await open();
    await store.saveItem(record);
    await store.saveItem({ ...record, sourceRevision: 2, contentHash: 'b'.repeat(64) });
    await store.saveValidators(FEED, { etag: '"v2"', lastModified: 'Mon, 30 Nov 2026 09:00:00 GMT' });
    expect(await store.item(FEED, record.itemId)).toEqual({ ...record, sourceRevision: 2, contentHash: 'b'.repeat(64) });
    expect(await store.validators(FEED)).toEqual({ etag: '"v2"', lastModified: 'Mon, 30 Nov 2026 09:00:00 GMT' });
    expect(await store.item('https://other.example.kr/feed/', record.itemId)).toBeNull();
  });

  it('when items of several feeds are saved, then items() lists every one, by feed URL then item id', async () => {
    const store = await open();
    expect(await store.items()).toEqual([]);
    const other = 'https://a.example.kr/feed/';
    const saved = [
      { ...record, itemId: 'https://news.example.kr/?p=9' },
      record,
      { ...record, feedUrl: other, itemId: 'z' },
      { ...record, feedUrl: other, itemId: 'B' },
    ];
    for (const r of saved) await store.saveItem(r);
    expect(await store.items()).toEqual([saved[3], saved[2], saved[1], saved[0]]);
  });
});

describe('lowdb feed item store', () => {
  it('when the file is opened again, then what was saved is there', async () => {
    const path = await lowdbPath();
    const first = await LowdbFeedItemStore.open(path);
    await first.saveItem(record);
    await first.saveValidators(FEED, { etag: '"v1"' });
    const reopened = await LowdbFeedItemStore.open(path);
    expect(await reopened.item(FEED, record.itemId)).toEqual(record);
    expect(await reopened.validators(FEED)).toEqual({ etag: '"v1"' });
  });
});

describe('postgres feed item store', () => {
  it('when one instance saves an item and validators, then another instance on the same database reads them', async () => {
    const first = await postgresStore();
    const url = await freshDatabase();
    await migrateDatabase(url);
    const a = await postgresStore(url);
    const b = await postgresStore(url);
    await a.saveItem(record);
    await a.saveValidators(FEED, { etag: '"v1"' });
    expect(await b.item(FEED, record.itemId)).toEqual(record);
    expect(await b.validators(FEED)).toEqual({ etag: '"v1"' });
    expect(await first.item(FEED, record.itemId)).toBeNull();
  });
});
