import { ConflictError } from '../../../core/errors.ts';
import type { ApiTokenRecord, ApiTokenStore, IdempotencyRecord } from '../../../core/ports/api-token-store.ts';

/** API tokens and idempotent answers for tests: same contract as the lowdb store, nothing on disk. */
export class InMemoryApiTokenStore implements ApiTokenStore {
  readonly #tokens = new Map<string, ApiTokenRecord>();
  readonly #answers = new Map<string, IdempotencyRecord>();

  async createToken(token: ApiTokenRecord): Promise<void> {
    if (this.#tokens.has(token.id) || [...this.#tokens.values()].some((t) => t.hash === token.hash)) {
      throw new ConflictError(`api-tokens: token ${token.id} already exists`);
    }
    this.#tokens.set(token.id, structuredClone(token));
  }

  async getTokenByHash(hash: string): Promise<ApiTokenRecord | null> {
    for (const token of this.#tokens.values()) if (token.hash === hash) return structuredClone(token);
    return null;
  }

  async getToken(id: string): Promise<ApiTokenRecord | null> {
    const token = this.#tokens.get(id);
    return token ? structuredClone(token) : null;
  }

  async listTokens(userId?: string): Promise<ApiTokenRecord[]> {
    return [...this.#tokens.values()]
      .filter((t) => userId === undefined || t.userId === userId)
      .map((t) => structuredClone(t))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }

  async updateToken(id: string, change: (current: ApiTokenRecord) => ApiTokenRecord): Promise<ApiTokenRecord | null> {
    const current = this.#tokens.get(id);
    if (!current) return null;
    const next = change(structuredClone(current));
    this.#tokens.set(id, structuredClone(next));
    return structuredClone(next);
  }

  async deleteExpiredTokens(now: Date): Promise<number> {
    return deleteWhere(this.#tokens, (t) => t.expiresAt < now.toISOString());
  }

  async getIdempotency(key: string): Promise<IdempotencyRecord | null> {
    const answer = this.#answers.get(key);
    return answer ? structuredClone(answer) : null;
  }

  async putIdempotency(record: IdempotencyRecord): Promise<void> {
    this.#answers.set(record.key, structuredClone(record));
  }

  async deleteExpiredIdempotency(now: Date): Promise<number> {
    return deleteWhere(this.#answers, (a) => a.expiresAt < now.toISOString());
  }

  async close(): Promise<void> {}
}

function deleteWhere<T>(map: Map<string, T>, test: (value: T) => boolean): number {
  let removed = 0;
  for (const [key, value] of map) {
    if (test(value)) {
      map.delete(key);
      removed++;
    }
  }
  return removed;
}
