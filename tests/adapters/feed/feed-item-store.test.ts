import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFeedItemStore } from '../../../src/adapters/feed/index.ts';
import type { FeedItemRecord, FeedItemStore } from '../../../src/core/ports/feed.ts';
import type { StorageConfig } from '../../../src/core/ports/storage-backend.ts';
import { backends } from '../storage/backends.ts';

/**
 * The feed item store's contract over every storage backend (tests/adapters/storage/backends.ts): each row opens the
 * store the way the composition does (openFeedItemStore with the backend's id and a fresh location).
 */

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

type Closable = FeedItemStore & { close?(): Promise<void> };

describe.each(backends)('feed item store contract ($name)', (row) => {
  let config: StorageConfig;
  const opened: Closable[] = [];
  const open = async (): Promise<Closable> => {
    const store: Closable = await openFeedItemStore({ storage: row.name, ...config });
    opened.push(store);
    return store;
  };
  beforeEach(async () => {
    config = await row.prepare(await mkdtemp(join(tmpdir(), `tandem-feed-${row.name}-`)));
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close?.();
    await rm(config.dataDir, { recursive: true, force: true });
  });

  it('when nothing was saved, then items and validators are null', async () => {
    const store = await open();
    expect(await store.item(FEED, record.itemId)).toBeNull();
    expect(await store.validators(FEED)).toBeNull();
  });

  it('when an item and validators are saved, then they read back, a second save replaces the first, other feeds are apart', async () => {
    const store = await open();
    await store.saveItem(record);
    await store.saveItem({ ...record, sourceRevision: 2, contentHash: 'b'.repeat(64) });
    await store.saveValidators(FEED, { etag: '"v1"' });
    await store.saveValidators(FEED, { etag: '"v2"', lastModified: 'Mon, 30 Nov 2026 09:00:00 GMT' });
    expect(await store.item(FEED, record.itemId)).toEqual({ ...record, sourceRevision: 2, contentHash: 'b'.repeat(64) });
    expect(await store.validators(FEED)).toEqual({ etag: '"v2"', lastModified: 'Mon, 30 Nov 2026 09:00:00 GMT' });
    expect(await store.item('https://other.example.kr/feed/', record.itemId)).toBeNull();
    expect(await store.validators('https://other.example.kr/feed/')).toBeNull();
  });

  it('when items differ only in case or by a trailing character, then each is its own record', async () => {
    const store = await open();
    await store.saveItem(record);
    await store.saveItem({ ...record, itemId: `${record.itemId.toUpperCase()}`, slug: 'wp-upper' });
    expect((await store.item(FEED, record.itemId))?.slug).toBe('wp-1201');
    expect((await store.item(FEED, record.itemId.toUpperCase()))?.slug).toBe('wp-upper');
    expect(await store.item(FEED, `${record.itemId} `)).toBeNull();
  });

  if (row.persistent) {
    it('when the store is opened again (a restart), then what was saved is there', async () => {
      const first = await open();
      await first.saveItem(record);
      await first.saveValidators(FEED, { etag: '"v1"' });
      await first.close?.();
      const reopened = await open();
      expect(await reopened.item(FEED, record.itemId)).toEqual(record);
      expect(await reopened.validators(FEED)).toEqual({ etag: '"v1"' });
    });
  }

  if (row.name === 'postgres') {
    it('when the database is read directly, then the item is in feed_items with its article (migration 0600)', async () => {
      const store = await open();
      await store.saveItem(record);
      const client = new pg.Client({ connectionString: config.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ item_id: string }>('SELECT item_id FROM feed_items WHERE slug = $1', ['wp-1201']);
        expect(rows).toEqual([{ item_id: record.itemId }]);
      } finally {
        await client.end();
      }
    });
  }
});

describe('openFeedItemStore', () => {
  it('when the backend is postgres without a database URL, then it says what to set', async () => {
    await expect(openFeedItemStore({ storage: 'postgres', dataDir: tmpdir() })).rejects.toThrow(/TANDEM_DATABASE_URL/);
  });
});
