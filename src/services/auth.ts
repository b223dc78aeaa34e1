import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { SessionRecord, UserRecord, UserStore } from '../core/ports/user-store.ts';

/** A user as everything outside the services layer sees it: no password hash. */
export type User = Omit<UserRecord, 'passwordHash'>;

/** The account as pages and the CLI may see it: the record without its password hash. */
export function publicUser(record: UserRecord): User {
  const { passwordHash: _hash, ...user } = record;
  return user;
}

/** scrypt cost parameters; memory use is 128 · N · r bytes. */
export interface ScryptConfig {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** 2^15 · 8 · 128 bytes = 32 MiB and roughly 50–100 ms per hash: OWASP's scrypt baseline is N=2^17 for r=8 at p=1, but that is 128 MiB per login; 2^15 keeps a small server responsive under a burst of logins. */
export const DEFAULT_SCRYPT: ScryptConfig = { N: 2 ** 15, r: 8, p: 1 };

const KEY_LENGTH = 32;
export const PASSWORD_MIN_LENGTH = 8;
/** Hashing a megabyte-long "password" would be a cheap way to burn CPU. */
export const PASSWORD_MAX_LENGTH = 256;

function derive(password: string, salt: Buffer, params: ScryptConfig): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r * params.p },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** A self-describing hash: `scrypt$N$r$p$<salt base64>$<key base64>`, so parameters can be raised later. */
export async function hashPassword(password: string, params: ScryptConfig = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` matches `hash`, compared in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((v) => Number.isInteger(v) && v > 0)) return false;
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  const expected = Buffer.from(keyText, 'base64');
  const actual = await derive(password, Buffer.from(saltText, 'base64'), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A random password for generated accounts: 18 bytes, 24 URL-safe characters. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** A random token of `bytes` bytes (default 32), base64url: session cookies and CSRF secrets. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The stored id of a session token: its SHA-256 in hex, so a leaked store holds no usable cookie. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface AuthServiceConfig {
  /** How long a session lasts after login (default 12 hours: a working day). */
  readonly sessionTtlMs?: number;
  /** Cost used for the dummy hash checked when the user does not exist; match the users' hashes. */
  readonly scrypt?: ScryptConfig;
  readonly now?: () => Date;
}

/** An authenticated request's view of who is logged in. */
export interface AuthenticatedSession {
  readonly user: User;
  readonly session: SessionRecord;
}

/** Logging in and out, and turning a session cookie back into a user. */
export class AuthService {
  readonly #store: UserStore;
  readonly #ttl: number;
  readonly #scrypt: ScryptConfig;
  readonly #now: () => Date;
  #dummyHash: Promise<string> | undefined;

  constructor(store: UserStore, config: AuthServiceConfig = {}) {
    this.#store = store;
    this.#ttl = config.sessionTtlMs ?? 12 * 60 * 60 * 1000;
    this.#scrypt = config.scrypt ?? DEFAULT_SCRYPT;
    this.#now = config.now ?? (() => new Date());
  }

  /** How long a session lasts after its last use, in milliseconds. */
  get sessionTtlMs(): number {
    return this.#ttl;
  }

  /**
   * Check a name and password; on success store a new session and return its token (for the cookie).
   * Resolves to null on any mismatch, without saying whether the name exists.
   */
  async login(name: string, password: string): Promise<(AuthenticatedSession & { token: string }) | null> {
    const record = await this.#store.getUserByName(name.trim().toLowerCase());
    if (!record) {
      // Spend the same time as a real check so response time does not reveal which names exist.
      this.#dummyHash ??= hashPassword(randomToken(), this.#scrypt);
      await verifyPassword(password, await this.#dummyHash);
      return null;
    }
    if (!(await verifyPassword(password, record.passwordHash))) return null;
    const token = randomToken();
    const now = this.#now();
    const session: SessionRecord = {
      id: sessionIdOf(token),
      userId: record.id,
      credentialsVersion: record.credentialsVersion,
      csrfToken: randomToken(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.#ttl).toISOString(),
    };
    // Sweeping here keeps sessions.json bounded without a timer; it writes only when something expired.
    await this.#store.deleteExpiredSessions(now);
    await this.#store.createSession(session);
    return { token, session, user: publicUser(record) };
  }

  /** The live session behind a cookie token, or null when it is unknown, expired, or its user's password changed. */
  async resolve(token: string): Promise<AuthenticatedSession | null> {
    if (!token || token.length > 200) return null;
    const session = await this.#store.getSession(sessionIdOf(token));
    if (!session) return null;
    if (session.expiresAt <= this.#now().toISOString()) {
      await this.#store.deleteSession(session.id);
      return null;
    }
    const record = await this.#store.getUser(session.userId);
    if (!record || record.credentialsVersion !== session.credentialsVersion) {
      await this.#store.deleteSession(session.id);
      return null;
    }
    return { session, user: publicUser(record) };
  }

  /** End the session behind a cookie token; unknown tokens are ignored. */
  async logout(token: string): Promise<void> {
    if (token) await this.#store.deleteSession(sessionIdOf(token));
  }

  /** Drop expired sessions; call now and then (main.ts does at startup). */
  sweepExpired(): Promise<number> {
    return this.#store.deleteExpiredSessions(this.#now());
  }
}
