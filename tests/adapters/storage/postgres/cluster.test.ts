import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../support/postgres.ts';

describe('the throwaway PostgreSQL cluster of a test run', () => {
  it('when a test asks for a fresh database, then it gets an empty one of its own on PostgreSQL 15 or newer', async () => {
    const [first, second] = await Promise.all([freshDatabase(), freshDatabase()]);
    expect(first).not.toBe(second);
    const client = new pg.Client({ connectionString: first });
    await client.connect();
    try {
      await client.query('CREATE TABLE probe (id int)');
      const version = await client.query<{ server_version_num: string }>('SHOW server_version_num');
      expect(Number(version.rows[0]!.server_version_num)).toBeGreaterThanOrEqual(150000);
    } finally {
      await client.end();
    }
    const other = new pg.Client({ connectionString: second });
    await other.connect();
    try {
      const tables = await other.query("SELECT 1 FROM pg_tables WHERE tablename = 'probe'");
      expect(tables.rowCount).toBe(0);
    } finally {
      await other.end();
    }
  });
});
