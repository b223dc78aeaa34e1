import { createHash } from 'node:crypto';
import { ConflictError } from '../core/errors.ts';
import type { ApiTokenStore, IdempotencyRecord } from '../core/ports/api-token-store.ts';

/** How long an answer is kept for retries (24 hours, as Stripe and the IETF draft suggest). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** An answer to store or replay: status, the headers worth replaying and the JSON body. */
export interface StoredAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** The fingerprint of a request: SHA-256 of its method, path and canonical JSON body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

/**
 * Idempotent retries (`Idempotency-Key`): the first request with a key runs and its successful answer is stored; a
 * retry with the same key and request gets that answer again, a different request with the key is refused. Requests
 * with a key that is still running are refused too (one process: the running set is in memory; the answers are not).
 */
export class IdempotencyService {
  readonly #store: ApiTokenStore;
  readonly #now: () => Date;
  readonly #running = new Set<string>();

  constructor(store: ApiTokenStore, config: { readonly now?: () => Date } = {}) {
    this.#store = store;
    this.#now = config.now ?? (() => new Date());
  }

  /**
   * Run `work` once per (`key`, `fingerprint`): resolves to its answer and `replayed: false`, or the stored answer and
   * `replayed: true`. Only 2xx answers are stored, so a refused request may be retried with the same key.
   * @throws ConflictError with code `idempotency-reused` when the key was used for another request, and
   *   `idempotency-busy` while the first request with the key is still running
   */
  async run(
    key: string,
    fingerprint: string,
    work: () => Promise<StoredAnswer>,
  ): Promise<{ readonly answer: StoredAnswer; readonly replayed: boolean }> {
    const stored = await this.#store.getIdempotency(key);
    const now = this.#now();
    if (stored && stored.expiresAt > now.toISOString()) {
      if (stored.fingerprint !== fingerprint) {
        throw new ConflictError('api: this Idempotency-Key was used for another request; use a new key', undefined, 'idempotency-reused', {
          reason: 'idempotency.reused',
        });
      }
      return { answer: { status: stored.status, headers: stored.headers, body: stored.body }, replayed: true };
    }
    if (this.#running.has(key)) {
      throw new ConflictError('api: a request with this Idempotency-Key is still running; retry later', undefined, 'idempotency-busy', {
        reason: 'idempotency.busy',
      });
    }
    this.#running.add(key);
    try {
      const answer = await work();
      if (answer.status >= 200 && answer.status < 300) {
        const record: IdempotencyRecord = {
          key,
          fingerprint,
          ...answer,
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
        };
        await this.#store.putIdempotency(record);
      }
      return { answer, replayed: false };
    } finally {
      this.#running.delete(key);
    }
  }
}
