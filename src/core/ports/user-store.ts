import type { Locale } from '../locale.ts';
import type { Role } from '../roles.ts';

/** A user account as stored. `passwordHash` never leaves the services layer. */
export interface UserRecord {
  /** Stable id (`u-` + random); sessions and history refer to it. */
  readonly id: string;
  /** Login name: lowercase letters, digits, dots, dashes, underscores; unique. */
  readonly name: string;
  readonly role: Role;
  /** Target locales the user works on (translators and reviewers are limited to these). */
  readonly locales: readonly Locale[];
  /** Self-describing scrypt hash (`scrypt$N$r$p$salt$hash`). */
  readonly passwordHash: string;
  /** Preferred UI language (`ko`, `en`), when the user chose one. */
  readonly uiLanguage?: string;
  /** Bumped when the password changes, so older sessions stop working. */
  readonly credentialsVersion: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A server-side login session. The cookie carries a random token; the store keeps only its SHA-256 (`id`). */
export interface SessionRecord {
  /** SHA-256 (hex) of the token in the cookie, so a copy of the store cannot be replayed as cookies. */
  readonly id: string;
  readonly userId: string;
  /** The user's `credentialsVersion` when the session began. */
  readonly credentialsVersion: number;
  /** Synchronizer token that every form post of this session must carry. */
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** Where accounts and sessions live. A missing record is `null`; every other failure is thrown. */
export interface UserStore {
  /** The user with this id, or null. */
  getUser(id: string): Promise<UserRecord | null>;
  /** The user with this login name (exact match, names are stored lowercase), or null. */
  getUserByName(name: string): Promise<UserRecord | null>;
  /** Every user, ordered by name. */
  listUsers(): Promise<UserRecord[]>;
  /** Store a new user; throws ConflictError when the id or the name is taken. Resolves once durable. */
  createUser(user: UserRecord): Promise<void>;
  /**
   * Read-modify-write one user: `change` gets the current record and returns the new one. Resolves to the stored record,
   * or null when there is no such user (then `change` is not called). Resolves once durable.
   */
  updateUser(id: string, change: (current: UserRecord) => UserRecord): Promise<UserRecord | null>;
  /** The session with this id (the token's hash), or null; expired sessions are returned too, callers check `expiresAt`. */
  getSession(id: string): Promise<SessionRecord | null>;
  /** Store a new session. Resolves once durable. */
  createSession(session: SessionRecord): Promise<void>;
  /** Remove one session; removing a missing one is not an error. */
  deleteSession(id: string): Promise<void>;
  /** Remove every session of a user (password reset, role change); resolves to how many were removed. */
  deleteSessionsOfUser(userId: string): Promise<number>;
  /** Remove sessions whose `expiresAt` is before `now`; resolves to how many were removed. */
  deleteExpiredSessions(now: Date): Promise<number>;
  /** Release files and timers. */
  close(): Promise<void>;
}
