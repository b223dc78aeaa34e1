import pg from 'pg';
import { migrate } from '../../../../src/adapters/storage/postgres/index.ts';
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
