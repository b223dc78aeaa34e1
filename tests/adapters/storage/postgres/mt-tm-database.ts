import pg from 'pg';
import { migrate, openPostgresCoreStores } from '../../../../src/adapters/storage/postgres/index.ts';
import { PostgresMtStore } from '../../../../src/adapters/storage/postgres/mt-store.ts';
import { PostgresTranslationMemoryStore } from '../../../../src/adapters/storage/postgres/translation-memory-store.ts';
import { pairKey } from '../../../../src/services/memory-index.ts';
import { freshDatabase } from '../../../support/postgres.ts';
import type { BackendRow, StoreName } from '../backends.ts';

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
 * The MT and translation-memory stores on PostgreSQL beside the backend's other stores (on their pool), as the
 * backend will open them, with the memory service's pair keys.
 */
const postgresMtAndMemory: BackendRow = {
  name: 'postgres',
  persistent: true,
  stores: ['mt', 'translationMemory'],
  prepare: async (dataDir) => ({ dataDir, databaseUrl: await freshDatabase() }),
  async open(config) {
    const core = await openPostgresCoreStores(config);
    const mt = new PostgresMtStore(core.pool);
    const translationMemory = new PostgresTranslationMemoryStore(core.pool, { pairKey });
    return {
      mt,
      translationMemory,
      async close() {
        await mt.close();
        await translationMemory.close();
        await core.close();
      },
    };
  },
};

/**
 * `rows` (backendsWith(store)) plus the PostgreSQL MT and memory stores, until a registered postgres backend opens
 * them itself.
 */
export function withPostgresMtAndMemory<K extends StoreName>(rows: (BackendRow & { readonly store: K })[], store: K) {
  const covered = rows.some((row) => row.name === 'postgres' && row.stores.includes(store));
  return covered ? rows : [...rows, { ...postgresMtAndMemory, store }];
}
