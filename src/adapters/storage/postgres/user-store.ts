import type pg from 'pg';
import { ConflictError } from '../../../core/errors.ts';
import type { SessionRecord, UserRecord, UserStore } from '../../../core/ports/user-store.ts';
import { inTransaction, isUniqueViolation } from './pool.ts';

/**
 * Accounts and sessions in PostgreSQL (`users`, `sessions`, migration 0002). Every instance sees a new session or a
 * revoked one at once; the unique name is enforced by the database, so two instances cannot create the same account.
 */
export class PostgresUserStore implements UserStore {
  readonly #pool: pg.Pool;

  /** `pool` is the backend's; the store does not end it. */
  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const { rows } = await this.#pool.query<{ data: UserRecord }>('SELECT data FROM users WHERE id = $1', [id]);
    return rows[0]?.data ?? null;
  }

  async getUserByName(name: string): Promise<UserRecord | null> {
    const { rows } = await this.#pool.query<{ data: UserRecord }>('SELECT data FROM users WHERE name = $1', [name]);
    return rows[0]?.data ?? null;
  }

  async listUsers(): Promise<UserRecord[]> {
    const { rows } = await this.#pool.query<{ data: UserRecord }>('SELECT data FROM users');
    // The same order as the other stores (localeCompare), which no database collation promises to match.
    return rows.map((row) => row.data).sort((a, b) => a.name.localeCompare(b.name));
  }

  async createUser(user: UserRecord): Promise<void> {
    try {
      await this.#pool.query('INSERT INTO users (id, name, data) VALUES ($1, $2, $3::jsonb)', [user.id, user.name, JSON.stringify(user)]);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`users: a user named "${user.name}" already exists; pick another name`, undefined, 'conflict', {
          cause: error,
        });
      }
      throw error;
    }
  }

  async updateUser(id: string, change: (current: UserRecord) => UserRecord): Promise<UserRecord | null> {
    try {
      return await inTransaction(this.#pool, async (client) => {
        // The row lock makes concurrent updates of one user (from any instance) run one after the other.
        const { rows } = await client.query<{ data: UserRecord }>('SELECT data FROM users WHERE id = $1 FOR UPDATE', [id]);
        if (!rows[0]) return null;
        const next = JSON.parse(JSON.stringify(change(rows[0].data))) as UserRecord;
        await client.query('UPDATE users SET name = $2, data = $3::jsonb WHERE id = $1', [id, next.name, JSON.stringify(next)]);
        return next;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`users: another user is already named that; pick another name`, undefined, 'conflict', { cause: error });
      }
      throw error;
    }
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const { rows } = await this.#pool.query<{ data: SessionRecord }>('SELECT data FROM sessions WHERE id = $1', [id]);
    return rows[0]?.data ?? null;
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.#pool.query('INSERT INTO sessions (id, user_id, expires_at, data) VALUES ($1, $2, $3, $4::jsonb)', [
      session.id,
      session.userId,
      session.expiresAt,
      JSON.stringify(session),
    ]);
  }

  async deleteSession(id: string): Promise<void> {
    await this.#pool.query('DELETE FROM sessions WHERE id = $1', [id]);
  }

  async deleteSessionsOfUser(userId: string): Promise<number> {
    const result = await this.#pool.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    return result.rowCount ?? 0;
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    // expires_at is ISO 8601 UTC text in the C collation, so text order is time order (as the other stores compare).
    const result = await this.#pool.query('DELETE FROM sessions WHERE expires_at < $1', [now.toISOString()]);
    return result.rowCount ?? 0;
  }

  /** Nothing to release: the pool belongs to the backend. */
  async close(): Promise<void> {}
}
