import pg from 'pg';
import { migrate, PostgresTranslationMemoryStore } from '../../../../src/adapters/storage/postgres/index.ts';
import { freshDatabase } from '../../../support/postgres.ts';

/** The URL of a fresh database of the run's cluster with every migration applied. */
export async function migratedDatabase(): Promise<string> {
  const url = await freshDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
  return url;
}

/**
 * Translation-memory stores over one database: `open()` gives a store on a pool of its own (another process, as far
 * as the database can tell); `end()` ends every pool opened. The database is `url`, or a fresh migrated one.
 */
export async function postgresMemoryDatabase(url?: string) {
  const database = url ?? (await migratedDatabase());
  const pools: pg.Pool[] = [];
  return {
    url: database,
    open(): PostgresTranslationMemoryStore {
      const pool = new pg.Pool({ connectionString: database, max: 2 });
      pools.push(pool);
      return new PostgresTranslationMemoryStore(pool);
    },
    async end(): Promise<void> {
      for (const pool of pools.splice(0)) await pool.end();
    },
  };
}
