import { join } from 'node:path';
import type { FeedItemStore } from '../../core/ports/feed.ts';
import { LowdbFeedItemStore } from './lowdb-feed-item-store.ts';
import { MemoryFeedItemStore } from './memory-feed-item-store.ts';
import { PostgresFeedItemStore } from './postgres-feed-item-store.ts';

export { HttpFeedSource, type HttpFeedSourceConfig } from './http-feed-source.ts';
export { LowdbFeedItemStore } from './lowdb-feed-item-store.ts';
export { MemoryFeedItemStore } from './memory-feed-item-store.ts';
export { PostgresFeedItemStore } from './postgres-feed-item-store.ts';

/**
 * The feed item store beside the configured storage backend: in memory for `in-memory`, in the database for
 * `postgres` (`databaseUrl`), else a file in the data dir.
 */
export async function openFeedItemStore(storage: string | undefined, dataDir: string, databaseUrl?: string): Promise<FeedItemStore> {
  if (storage === 'in-memory') return new MemoryFeedItemStore();
  if (storage === 'postgres' && databaseUrl) return new PostgresFeedItemStore(databaseUrl);
  return LowdbFeedItemStore.open(join(dataDir, 'feed', 'items.json'));
}
