import type pg from 'pg';

/**
 * Run `work` in a transaction on one pooled connection: committed when it resolves, rolled back when it throws (the
 * error is rethrown). The connection goes back to the pool either way; one whose rollback failed is discarded.
 */
export async function inTransaction<R>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollback: Error) => {
      broken = rollback;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
