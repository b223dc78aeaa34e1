import type pg from 'pg';
import { ConfigError } from '../../../core/errors.ts';
import type { Storage, StorageConfig } from '../../../core/ports/storage-backend.ts';
import { PostgresArticleStore } from './article-store.ts';
import { migrate } from './migrate.ts';
import { openPool } from './pool.ts';
import { PostgresPublicationStore } from './publication-store.ts';
import { PostgresUserStore } from './user-store.ts';

export { PostgresArticleStore } from './article-store.ts';
export { loadMigrations, type Migration, type MigrationReport, migrate } from './migrate.ts';
export { openPool } from './pool.ts';
export { PostgresPublicationStore } from './publication-store.ts';
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
 * user and publication stores on one pool. Throws ConfigError without a URL, and what PostgreSQL or a migration
 * reports, after closing what was opened.
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
    throw error;
  }
}
