import { ConflictError } from '../../../core/errors.ts';
import type { SessionRecord, UserRecord, UserStore } from '../../../core/ports/user-store.ts';

/** Accounts and sessions for unit tests: same contract as the lowdb store, nothing on disk. */
export class InMemoryUserStore implements UserStore {
  readonly #users = new Map<string, UserRecord>();
  readonly #sessions = new Map<string, SessionRecord>();

  async getUser(id: string): Promise<UserRecord | null> {
    const user = this.#users.get(id);
    return user ? structuredClone(user) : null;
  }

  async getUserByName(name: string): Promise<UserRecord | null> {
    for (const user of this.#users.values()) if (user.name === name) return structuredClone(user);
    return null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return [...this.#users.values()].map((u) => structuredClone(u)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async createUser(user: UserRecord): Promise<void> {
    if (this.#users.has(user.id) || [...this.#users.values()].some((u) => u.name === user.name)) {
      throw new ConflictError(`users: a user named "${user.name}" already exists; pick another name`);
    }
    this.#users.set(user.id, structuredClone(user));
  }

  async updateUser(id: string, change: (current: UserRecord) => UserRecord): Promise<UserRecord | null> {
    const current = this.#users.get(id);
    if (!current) return null;
    const next = change(structuredClone(current));
    this.#users.set(id, structuredClone(next));
    return structuredClone(next);
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const session = this.#sessions.get(id);
    return session ? structuredClone(session) : null;
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.#sessions.set(session.id, structuredClone(session));
  }

  async deleteSession(id: string): Promise<void> {
    this.#sessions.delete(id);
  }

  async deleteSessionsOfUser(userId: string): Promise<number> {
    return this.#deleteWhere((s) => s.userId === userId);
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    const cutoff = now.toISOString();
    return this.#deleteWhere((s) => s.expiresAt < cutoff);
  }

  async close(): Promise<void> {}

  #deleteWhere(test: (session: SessionRecord) => boolean): number {
    let removed = 0;
    for (const [id, session] of this.#sessions) {
      if (test(session)) {
        this.#sessions.delete(id);
        removed++;
      }
    }
    return removed;
  }
}
