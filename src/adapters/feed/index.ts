import { join } from 'node:path';
import { ConfigError } from '../../core/errors.ts';
import type { FeedItemStore } from '../../core/ports/feed.ts';
import { LowdbFeedItemStore } from './lowdb-feed-item-store.ts';
import { MemoryFeedItemStore } from './memory-feed-item-store.ts';
import { PostgresFeedItemStore } from './postgres-feed-item-store.ts';

export { HttpFeedSource, type HttpFeedSourceConfig } from './http-feed-source.ts';
export { LowdbFeedItemStore } from './lowdb-feed-item-store.ts';
export { MemoryFeedItemStore } from './memory-feed-item-store.ts';
export { PostgresFeedItemStore } from './postgres-feed-item-store.ts';

/** Where the feed item store goes: the storage backend's id and its configuration (TandemConfig has these fields). */
export interface FeedItemStoreConfig {
  /** `in-memory`, `lowdb` (default) or `postgres`. */
  readonly storage?: string | undefined;
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
}

/**
 * The feed item store beside the configured storage backend: in memory for `in-memory`, the backend's database for
 * `postgres` (ConfigError without TANDEM_DATABASE_URL), else a file in the data directory.
 */
export async function openFeedItemStore(config: FeedItemStoreConfig): Promise<FeedItemStore> {
  if (config.storage === 'in-memory') return new MemoryFeedItemStore();
  if (config.storage === 'postgres') {
    if (!config.databaseUrl) throw new ConfigError('feed: the postgres backend needs TANDEM_DATABASE_URL to keep the feed’s items');
    return PostgresFeedItemStore.open(config.databaseUrl);
  }
  return LowdbFeedItemStore.open(join(config.dataDir, 'feed', 'items.json'));
}
