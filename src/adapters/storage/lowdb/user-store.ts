import { join } from 'node:path';
import { ConflictError } from '../../../core/errors.ts';
import type { SessionRecord, UserRecord, UserStore } from '../../../core/ports/user-store.ts';
import { JsonDocument } from '../json-document.ts';

interface UsersDocument {
  users: UserRecord[];
}

interface SessionsDocument {
  sessions: SessionRecord[];
}

/**
 * Accounts in `<dir>/users.json` and sessions in `<dir>/sessions.json`, both durable lowdb documents. Sessions live
 * in their own file so that logging in and out never rewrites the accounts.
 */
export class LowdbUserStore implements UserStore {
  readonly #users: JsonDocument<UsersDocument>;
  readonly #sessions: JsonDocument<SessionsDocument>;

  private constructor(users: JsonDocument<UsersDocument>, sessions: JsonDocument<SessionsDocument>) {
    this.#users = users;
    this.#sessions = sessions;
  }

  /** Open (or create) the two documents in `dir`; the caller must already own the data directory's lock. */
  static async open(dir: string): Promise<LowdbUserStore> {
    const users = await JsonDocument.open<UsersDocument>(join(dir, 'users.json'), { users: [] });
    const sessions = await JsonDocument.open<SessionsDocument>(join(dir, 'sessions.json'), { sessions: [] });
    return new LowdbUserStore(users, sessions);
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const user = this.#users.data.users.find((u) => u.id === id);
    return user ? structuredClone(user) : null;
  }

  async getUserByName(name: string): Promise<UserRecord | null> {
    const user = this.#users.data.users.find((u) => u.name === name);
    return user ? structuredClone(user) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return this.#users.data.users.map((u) => structuredClone(u)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async createUser(user: UserRecord): Promise<void> {
    await this.#users.update((data) => {
      if (data.users.some((u) => u.id === user.id || u.name === user.name)) {
        throw new ConflictError(`users: a user named "${user.name}" already exists; pick another name`);
      }
      data.users.push(structuredClone(user));
    });
  }

  async updateUser(id: string, change: (current: UserRecord) => UserRecord): Promise<UserRecord | null> {
    return this.#users
      .update((data) => {
        const index = data.users.findIndex((u) => u.id === id);
        const current = data.users[index];
        if (!current) return false;
        const next = structuredClone(change(structuredClone(current)));
        data.users[index] = next;
        return next;
      })
      .then((result) => (result === false ? null : structuredClone(result)));
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const session = this.#sessions.data.sessions.find((s) => s.id === id);
    return session ? structuredClone(session) : null;
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.#sessions.update((data) => {
      data.sessions.push(structuredClone(session));
    });
  }

  async deleteSession(id: string): Promise<void> {
    await this.#deleteWhere((s) => s.id === id);
  }

  deleteSessionsOfUser(userId: string): Promise<number> {
    return this.#deleteWhere((s) => s.userId === userId);
  }

  deleteExpiredSessions(now: Date): Promise<number> {
    const cutoff = now.toISOString();
    return this.#deleteWhere((s) => s.expiresAt < cutoff);
  }

  async close(): Promise<void> {
    // Writes are acknowledged only once durable, so there is nothing to flush; wait for queued ones.
    await this.#users.update(() => false);
    await this.#sessions.update(() => false);
  }

  async #deleteWhere(test: (session: SessionRecord) => boolean): Promise<number> {
    const removed = await this.#sessions.update((data) => {
      const before = data.sessions.length;
      data.sessions = data.sessions.filter((s) => !test(s));
      const count = before - data.sessions.length;
      return count === 0 ? false : count;
    });
    return removed === false ? 0 : removed;
  }
}
