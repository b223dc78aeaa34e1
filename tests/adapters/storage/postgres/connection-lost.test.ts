import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction, openPool } from '../../../../src/adapters/storage/postgres/pool.ts';
import { DatabaseUnavailableError } from '../../../../src/core/errors.ts';
import { freshDatabase, postgresAdminUrl } from '../../../support/postgres.ts';

// A connection PostgreSQL ends under a query (pg_terminate_backend: what a fast shutdown or a failover does) reaches
// the stores as DatabaseUnavailableError `database-lost`, through pool.ts's one mapping (connection-errors.ts), and the
// pool serves the next query on a new connection. The run's shared cluster stays up.

const pools: pg.Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
});

async function terminate(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe('a PostgreSQL connection lost during a request', () => {
  it('when the server ends the connection of a transaction, then it rejects with database-lost and the pool recovers', async () => {
    const pool = openPool({ url: await freshDatabase(), max: 2 });
    pools.push(pool);
    const failed = await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await terminate(rows[0]!.pid);
      await client.query('SELECT 1');
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(DatabaseUnavailableError);
    expect(failed).toMatchObject({ code: 'database-lost', reason: 'database.lost' });

    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('when the database is gone, then pool queries reject with the database sentence, and other errors pass unchanged', async () => {
    const pool = openPool({ url: `${await freshDatabase()}_never_created`, max: 1 });
    pools.push(pool);
    await expect(pool.query('SELECT 1')).rejects.toMatchObject({ code: 'database-missing', reason: 'database.missing' });

    const real = openPool({ url: await freshDatabase(), max: 1 });
    pools.push(real);
    // A mistake in a query is no outage: it stays PostgreSQL's own error (a 500, logged).
    const syntax = await real.query('SELEC 1').catch((error: unknown) => error);
    expect(syntax).not.toBeInstanceOf(DatabaseUnavailableError);
    expect(syntax).toMatchObject({ code: '42601' });
  });
});
