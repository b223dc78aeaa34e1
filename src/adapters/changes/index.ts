import { ConfigError } from '../../core/errors.ts';
import type { ChangeFeed } from '../../core/ports/change-feed.ts';
import { InProcessChangeFeed } from './in-process-change-feed.ts';
import { PostgresChangeFeed } from './postgres-change-feed.ts';

export { InProcessChangeFeed } from './in-process-change-feed.ts';
export { CHANGE_CHANNEL, MAX_INLINE_BYTES, PostgresChangeFeed, type PostgresChangeFeedConfig } from './postgres-change-feed.ts';

/** A change feed the composition opened and closes at shutdown. */
export interface OpenChangeFeed extends ChangeFeed {
  /** Stop delivering and release what the feed holds (connections); safe to call more than once. */
  close(): Promise<void>;
}

export interface ChangeFeedConfig {
  /** The PostgreSQL database shared by the installation's processes (TANDEM_DATABASE_URL); required by `postgres`. */
  readonly databaseUrl?: string;
  /** Told of what could not be delivered; default silent. */
  readonly onError?: (error: unknown) => void;
}

/** Every change feed by id; adding one is its file plus one line here. */
export const CHANGE_FEEDS = {
  'in-process': { open: async (config: ChangeFeedConfig) => new InProcessChangeFeed(config) },
  postgres: {
    open: async (config: ChangeFeedConfig) => {
      if (!config.databaseUrl) throw new ConfigError('change feed: the postgres feed needs TANDEM_DATABASE_URL (postgres://…)');
      return PostgresChangeFeed.open({ url: config.databaseUrl, ...(config.onError ? { onError: config.onError } : {}) });
    },
  },
} as const satisfies Record<string, { open(config: ChangeFeedConfig): Promise<OpenChangeFeed> }>;

export type ChangeFeedId = keyof typeof CHANGE_FEEDS;
