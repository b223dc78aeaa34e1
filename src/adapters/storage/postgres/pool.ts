import pg from 'pg';
import { explainDatabaseError } from './connection-errors.ts';

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
  explainFailures(pool, config.url);
  return pool;
}

/**
 * Make every failure of `pool.query` and `pool.connect` (promise forms, the ones Tandem uses) go through
 * explainDatabaseError, so a database that went away during a request reaches the web as DatabaseUnavailableError
 * (a 503), whichever store asked. A query on a connection taken with `connect` is explained by inTransaction. The pool
 * itself keeps its connections' lifecycle: a broken connection is dropped and the next query opens a new one.
 */
function explainFailures(pool: pg.Pool, url: string): void {
  const explain = (error: unknown) => {
    throw explainDatabaseError(error, url);
  };
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  const explained = (result: unknown) => (result instanceof Promise ? result.catch(explain) : result);
  const guarded = new WeakSet<pg.PoolClient>();
  pool.query = ((...args: unknown[]) => explained(query(...args))) as typeof pool.query;
  pool.connect = ((...args: unknown[]) => {
    const result = explained(connect(...args));
    if (!(result instanceof Promise)) return result;
    return result.then((client: pg.PoolClient) => {
      // A checked-out connection the server ends between two queries emits 'error', which the pool only listens to on
      // idle ones: unheard, it would end the process. Its next query rejects (explained) and release drops it.
      if (!guarded.has(client)) {
        guarded.add(client);
        client.on('error', () => undefined);
      }
      return client;
    });
  }) as typeof pool.connect;
}

/** The URL a pool connects to (only named in explained errors, without its password). */
function databaseUrlOf(pool: pg.Pool): string {
  return (pool.options as { connectionString?: string }).connectionString ?? '';
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
    throw explainDatabaseError(error, databaseUrlOf(pool));
  } finally {
    client.release(broken);
  }
}
