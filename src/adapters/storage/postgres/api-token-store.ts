import type pg from 'pg';
import { ConflictError } from '../../../core/errors.ts';
import type { ApiTokenRecord, ApiTokenStore, IdempotencyRecord } from '../../../core/ports/api-token-store.ts';
import { inTransaction, isUniqueViolation } from './pool.ts';

/**
 * API tokens and idempotent answers in PostgreSQL (`api_tokens`, `api_idempotency`, migration 0004): a token created,
 * used or revoked on one instance is seen by every other at once, and the database keeps ids and hashes unique.
 */
export class PostgresApiTokenStore implements ApiTokenStore {
  readonly #pool: pg.Pool;

  /** `pool` is the backend's; the store does not end it. */
  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async createToken(token: ApiTokenRecord): Promise<void> {
    try {
      await this.#pool.query(
        'INSERT INTO api_tokens (id, hash, user_id, created_at, expires_at, data) VALUES ($1, $2, $3, $4, $5, $6::jsonb)',
        [token.id, token.hash, token.userId, token.createdAt, token.expiresAt, JSON.stringify(token)],
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(`api-tokens: token ${token.id} already exists`, undefined, 'conflict', { cause: error });
      throw error;
    }
  }

  async getTokenByHash(hash: string): Promise<ApiTokenRecord | null> {
    const { rows } = await this.#pool.query<{ data: ApiTokenRecord }>('SELECT data FROM api_tokens WHERE hash = $1', [hash]);
    return rows[0]?.data ?? null;
  }

  async getToken(id: string): Promise<ApiTokenRecord | null> {
    const { rows } = await this.#pool.query<{ data: ApiTokenRecord }>('SELECT data FROM api_tokens WHERE id = $1', [id]);
    return rows[0]?.data ?? null;
  }

  async listTokens(userId?: string): Promise<ApiTokenRecord[]> {
    const { rows } =
      userId === undefined
        ? await this.#pool.query<{ data: ApiTokenRecord }>('SELECT data FROM api_tokens ORDER BY created_at DESC, id')
        : await this.#pool.query<{ data: ApiTokenRecord }>('SELECT data FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id', [
            userId,
          ]);
    return rows.map((row) => row.data);
  }

  async updateToken(id: string, change: (current: ApiTokenRecord) => ApiTokenRecord): Promise<ApiTokenRecord | null> {
    return inTransaction(this.#pool, async (client) => {
      // The row lock orders concurrent updates of one token (a revoke racing a last-use stamp) from any instance.
      const { rows } = await client.query<{ data: ApiTokenRecord }>('SELECT data FROM api_tokens WHERE id = $1 FOR UPDATE', [id]);
      if (!rows[0]) return null;
      const next = JSON.parse(JSON.stringify(change(rows[0].data))) as ApiTokenRecord;
      await client.query('UPDATE api_tokens SET expires_at = $2, data = $3::jsonb WHERE id = $1', [
        id,
        next.expiresAt,
        JSON.stringify(next),
      ]);
      return next;
    });
  }

  async deleteExpiredTokens(now: Date): Promise<number> {
    const result = await this.#pool.query('DELETE FROM api_tokens WHERE expires_at < $1', [now.toISOString()]);
    return result.rowCount ?? 0;
  }

  async getIdempotency(key: string): Promise<IdempotencyRecord | null> {
    const { rows } = await this.#pool.query<{ data: IdempotencyRecord }>('SELECT data FROM api_idempotency WHERE key = $1', [key]);
    return rows[0]?.data ?? null;
  }

  async putIdempotency(record: IdempotencyRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO api_idempotency (key, expires_at, data) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at, data = excluded.data`,
      [record.key, record.expiresAt, JSON.stringify(record)],
    );
  }

  async deleteExpiredIdempotency(now: Date): Promise<number> {
    const result = await this.#pool.query('DELETE FROM api_idempotency WHERE expires_at < $1', [now.toISOString()]);
    return result.rowCount ?? 0;
  }

  /** Nothing to release: the pool belongs to the backend. */
  async close(): Promise<void> {}
}
