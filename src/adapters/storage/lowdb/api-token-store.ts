import { join } from 'node:path';
import { ConflictError } from '../../../core/errors.ts';
import type { ApiTokenRecord, ApiTokenStore, IdempotencyRecord } from '../../../core/ports/api-token-store.ts';
import { JsonDocument } from '../json-document.ts';

interface TokensDocument {
  tokens: ApiTokenRecord[];
}

interface IdempotencyDocument {
  answers: IdempotencyRecord[];
}

/**
 * Tokens in `<dir>/api-tokens.json`, idempotent answers in `<dir>/api-idempotency.json`, both durable lowdb documents.
 * Answers live apart so that imports through the API never rewrite the tokens; expired ones are swept on each write.
 */
export class LowdbApiTokenStore implements ApiTokenStore {
  readonly #tokens: JsonDocument<TokensDocument>;
  readonly #answers: JsonDocument<IdempotencyDocument>;

  private constructor(tokens: JsonDocument<TokensDocument>, answers: JsonDocument<IdempotencyDocument>) {
    this.#tokens = tokens;
    this.#answers = answers;
  }

  /** Open (or create) the two documents in `dir`; the caller must already own the data directory's lock. */
  static async open(dir: string): Promise<LowdbApiTokenStore> {
    const tokens = await JsonDocument.open<TokensDocument>(join(dir, 'api-tokens.json'), { tokens: [] });
    const answers = await JsonDocument.open<IdempotencyDocument>(join(dir, 'api-idempotency.json'), { answers: [] });
    return new LowdbApiTokenStore(tokens, answers);
  }

  async createToken(token: ApiTokenRecord): Promise<void> {
    await this.#tokens.update((data) => {
      if (data.tokens.some((t) => t.id === token.id || t.hash === token.hash)) {
        throw new ConflictError(`api-tokens: token ${token.id} already exists`);
      }
      data.tokens.push(structuredClone(token));
    });
  }

  async getTokenByHash(hash: string): Promise<ApiTokenRecord | null> {
    const token = this.#tokens.data.tokens.find((t) => t.hash === hash);
    return token ? structuredClone(token) : null;
  }

  async getToken(id: string): Promise<ApiTokenRecord | null> {
    const token = this.#tokens.data.tokens.find((t) => t.id === id);
    return token ? structuredClone(token) : null;
  }

  async listTokens(userId?: string): Promise<ApiTokenRecord[]> {
    return this.#tokens.data.tokens
      .filter((t) => userId === undefined || t.userId === userId)
      .map((t) => structuredClone(t))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }

  async updateToken(id: string, change: (current: ApiTokenRecord) => ApiTokenRecord): Promise<ApiTokenRecord | null> {
    const result = await this.#tokens.update((data) => {
      const index = data.tokens.findIndex((t) => t.id === id);
      const current = data.tokens[index];
      if (!current) return false;
      const next = structuredClone(change(structuredClone(current)));
      data.tokens[index] = next;
      return next;
    });
    return result === false ? null : structuredClone(result);
  }

  async deleteExpiredTokens(now: Date): Promise<number> {
    const cutoff = now.toISOString();
    const removed = await this.#tokens.update((data) => {
      const before = data.tokens.length;
      data.tokens = data.tokens.filter((t) => t.expiresAt >= cutoff);
      return before === data.tokens.length ? false : before - data.tokens.length;
    });
    return removed === false ? 0 : removed;
  }

  async getIdempotency(key: string): Promise<IdempotencyRecord | null> {
    const answer = this.#answers.data.answers.find((a) => a.key === key);
    return answer ? structuredClone(answer) : null;
  }

  async putIdempotency(record: IdempotencyRecord): Promise<void> {
    await this.#answers.update((data) => {
      // Swept here, so the document stays as small as a day of retried imports without a timer.
      data.answers = data.answers.filter((a) => a.key !== record.key && a.expiresAt >= record.createdAt);
      data.answers.push(structuredClone(record));
    });
  }

  async deleteExpiredIdempotency(now: Date): Promise<number> {
    const cutoff = now.toISOString();
    const removed = await this.#answers.update((data) => {
      const before = data.answers.length;
      data.answers = data.answers.filter((a) => a.expiresAt >= cutoff);
      return before === data.answers.length ? false : before - data.answers.length;
    });
    return removed === false ? 0 : removed;
  }

  async close(): Promise<void> {
    await this.#tokens.update(() => false);
    await this.#answers.update(() => false);
  }
}
