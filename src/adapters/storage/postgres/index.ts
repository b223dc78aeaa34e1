import type pg from 'pg';
import { ConfigError } from '../../../core/errors.ts';
import type { Storage, StorageBackend, StorageConfig } from '../../../core/ports/storage-backend.ts';
import { assembleStorage } from '../assemble-storage.ts';
import { PostgresArticleStore } from './article-store.ts';
import { explainDatabaseError } from './connection-errors.ts';
import { migrate } from './migrate.ts';
import { PostgresMtStore } from './mt-store.ts';
import { openPool } from './pool.ts';
import { PostgresPublicationStore } from './publication-store.ts';
import { PostgresTranslationMemoryStore } from './translation-memory-store.ts';
import { PostgresApiTokenStore } from './api-token-store.ts';
import { PostgresUserStore } from './user-store.ts';

export { PostgresArticleStore } from './article-store.ts';
export { DatabaseUnavailableError, explainDatabaseError } from './connection-errors.ts';
export { fileName, loadMigrations, type Migration, type MigrationReport, migrate } from './migrate.ts';
export { PostgresMtStore } from './mt-store.ts';
export { openPool } from './pool.ts';
export { PostgresPublicationStore } from './publication-store.ts';
export { PostgresTranslationMemoryStore } from './translation-memory-store.ts';
export { PostgresUserStore } from './user-store.ts';

/** The stores of this folder on one database, sharing one pool. */
export interface PostgresCoreStores extends Pick<Storage, 'articles' | 'users' | 'publications'> {
  /** The shared pool (for stores opened beside these). */
  readonly pool: pg.Pool;
  /** Close the stores, then the pool; safe to call more than once. */
  close(): Promise<void>;
}

/** The database URL of `config`; ConfigError saying what to set when there is none. */
export function databaseUrlOf(config: StorageConfig): string {
  if (!config.databaseUrl) {
    throw new ConfigError('storage: the postgres backend needs TANDEM_DATABASE_URL (postgres://user:password@host:5432/database)');
  }
  return config.databaseUrl;
}

/**
 * Connect to the database of `config.databaseUrl`, bring its schema up to date (migrate.ts) and open the article,
 * user and publication stores on one pool. Throws ConfigError without a URL, DatabaseUnavailableError for a database
 * a person must fix first (connection-errors.ts), and what else PostgreSQL or a migration reports, after closing what
 * was opened.
 */
export async function openPostgresCoreStores(config: StorageConfig): Promise<PostgresCoreStores> {
  const url = databaseUrlOf(config);
  const pool = openPool({ url });
  try {
    await migrate(pool);
    const articles = await PostgresArticleStore.open({ pool, url });
    let closing: Promise<void> | null = null;
    return {
      pool,
      articles,
      users: new PostgresUserStore(pool),
      publications: new PostgresPublicationStore(pool),
      close() {
        closing ??= articles.close().finally(() => pool.end());
        return closing;
      },
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw explainDatabaseError(error, url);
  }
}

/**
 * Every store in one PostgreSQL database (TANDEM_DATABASE_URL), shared by any number of Tandem processes: the schema
 * is migrated at open (migrate.ts), writes are checked by the database (row versions, row and advisory locks), and
 * the MT queue is a job queue with leases. Ignores the data directory. Close ends the pool.
 */
export const postgresBackend = {
  id: 'postgres',
  async open(config: StorageConfig): Promise<Storage> {
    const core = await openPostgresCoreStores(config);
    try {
      const storage = await assembleStorage({
        articles: async () => core.articles,
        users: async () => core.users,
        mt: async () => new PostgresMtStore(core.pool),
        translationMemory: async () => new PostgresTranslationMemoryStore(core.pool),
        publications: async () => core.publications,
        apiTokens: async () => new PostgresApiTokenStore(core.pool),
      });
      let closing: Promise<void> | null = null;
      return {
        ...storage,
        close() {
          closing ??= storage.close().finally(() => core.close());
          return closing;
        },
      };
    } catch (error) {
      await core.close().catch(() => undefined);
      throw error;
    }
  },
} satisfies StorageBackend;
