import type { Locale } from '../locale.ts';

/**
 * A personal API token as stored. The secret itself is never stored: `hash` is the SHA-256 of the token a client sends,
 * which is enough for a high-entropy random secret (no password-style stretching needed).
 */
export interface ApiTokenRecord {
  /** Stable id (`t-` + random); shown in lists and used to revoke. */
  readonly id: string;
  /** SHA-256 (hex) of the bearer token; unique. */
  readonly hash: string;
  /** The owner's user id; the token acts as them, never with more than their current role. */
  readonly userId: string;
  /** What the owner called it ("CMS import", "agency sync"). */
  readonly name: string;
  /** Only safe methods (GET, HEAD) are allowed. */
  readonly readOnly: boolean;
  /** Target locales the token may act on, narrower than the owner's; null means every locale the owner may act on. */
  readonly locales: readonly Locale[] | null;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
  /** ISO 8601 UTC; the token is refused from then on. */
  readonly expiresAt: string;
  /** ISO 8601 UTC, when revoked; a revoked token is kept for the owner's list until it expires. */
  readonly revokedAt?: string;
  /** ISO 8601 UTC of the last accepted request, to the minute (see ApiTokenService). */
  readonly lastUsedAt?: string;
}

/**
 * The stored answer to a request made with an `Idempotency-Key`: a retry with the same key and the same request gets
 * it again instead of doing the work twice.
 */
export interface IdempotencyRecord {
  /** Who asked and which key, e.g. `t-abc…:import-42` (keys are per caller, never shared). */
  readonly key: string;
  /** SHA-256 (hex) of the method, path and body of the first request; a different request with the key is refused. */
  readonly fingerprint: string;
  /** HTTP status of the stored answer. */
  readonly status: number;
  /** Headers worth replaying (Location, ETag), by lowercase name. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body of the stored answer. */
  readonly body: unknown;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
  /** ISO 8601 UTC; the record may be dropped from then on. */
  readonly expiresAt: string;
}

/** Where personal API tokens and idempotent answers live. A missing record is `null`; every other failure is thrown. */
export interface ApiTokenStore {
  /** Store a new token; throws ConflictError when the id or hash is taken. Resolves once durable. */
  createToken(token: ApiTokenRecord): Promise<void>;
  /** The token with this hash, or null (revoked and expired ones too: callers check). */
  getTokenByHash(hash: string): Promise<ApiTokenRecord | null>;
  /** The token with this id, or null. */
  getToken(id: string): Promise<ApiTokenRecord | null>;
  /** Tokens of one user (every user when `userId` is undefined), newest first. */
  listTokens(userId?: string): Promise<ApiTokenRecord[]>;
  /**
   * Read-modify-write one token: resolves to the stored record, or null when there is no such token (then `change`
   * is not called). Resolves once durable.
   */
  updateToken(id: string, change: (current: ApiTokenRecord) => ApiTokenRecord): Promise<ApiTokenRecord | null>;
  /** Remove tokens that expired before `now`; resolves to how many were removed. */
  deleteExpiredTokens(now: Date): Promise<number>;
  /** The stored answer for this key, or null (expired ones too: callers check `expiresAt`). */
  getIdempotency(key: string): Promise<IdempotencyRecord | null>;
  /** Store an answer; an existing record with the same key is replaced. Resolves once durable. */
  putIdempotency(record: IdempotencyRecord): Promise<void>;
  /** Remove answers that expired before `now`; resolves to how many were removed. */
  deleteExpiredIdempotency(now: Date): Promise<number>;
  /** Release files and timers. */
  close(): Promise<void>;
}
