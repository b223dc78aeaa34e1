import pg from 'pg';

/** How a backend reaches PostgreSQL. */
export interface PostgresPoolConfig {
  /** `postgres://user:password@host:port/database` (libpq's URL syntax, as TANDEM_DATABASE_URL). */
  readonly url: string;
  /** Most connections this process opens (default 10). */
  readonly max?: number;
}

/**
 * A connection pool. An idle connection that the server drops (a restart, a failover) is taken out of the pool by
 * node-postgres; its 'error' event must be handled or Node ends the process, and the next query reports the problem
 * itself, so the event is only swallowed here.
 */
export function openPool(config: PostgresPoolConfig): pg.Pool {
  const pool = new pg.Pool({ connectionString: config.url, max: config.max ?? 10, application_name: 'tandem' });
  pool.on('error', () => undefined);
  return pool;
}

/** Whether `error` is PostgreSQL's unique_violation (SQLSTATE 23505), optionally on one constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/**
 * Run `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws (and rethrow).
 * A connection whose ROLLBACK failed is closed rather than handed to the next caller.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
