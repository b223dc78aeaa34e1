import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freshDatabase } from '../../../support/postgres.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../../src/adapters/storage/postgres/migrations/', import.meta.url));

/**
 * The URL of a fresh database of the run's cluster with the MT (01xx) and memory (02xx) migrations applied, in order,
 * each in a transaction; for the tests of those two stores alone.
 */
export async function mtAndMemoryDatabase(): Promise<string> {
  const url = await freshDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const files = (await readdir(MIGRATIONS)).filter((f) => /^0[12]\d\d_.*\.sql$/.test(f)).sort();
  for (const file of files) {
    const sql = await readFile(`${MIGRATIONS}${file}`, 'utf8');
    await pool.query(`BEGIN;\n${sql}\nCOMMIT;`);
  }
  await pool.end();
  return url;
}
