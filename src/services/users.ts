import { randomBytes } from 'node:crypto';
import { Mutex } from 'async-mutex';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.ts';
import { canonicalLocale, type Locale, requireLocales } from '../core/locale.ts';
import type { UserRecord, UserStore } from '../core/ports/user-store.ts';
import { ROLES, isRole, type Role } from '../core/roles.ts';
import { firstNonTextChar } from '../core/text.ts';
import {
  DEFAULT_SCRYPT,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  generatePassword,
  hashPassword,
  publicUser,
  type ScryptConfig,
  type User,
} from './auth.ts';

export const USER_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;
export const ADMIN_NAME = 'admin';

export interface UserServiceConfig {
  /** When given, assigned locales must be among these (the installation's target locales). */
  readonly targetLocales?: readonly Locale[];
  /** UI languages a user may choose as preference. */
  readonly uiLanguages?: readonly string[];
  readonly scrypt?: ScryptConfig;
  readonly now?: () => Date;
}

export interface NewUser {
  readonly name: string;
  readonly role: Role | string;
  readonly locales?: readonly string[];
  /** Omit to generate one; the generated password is returned once and never stored in clear. */
  readonly password?: string;
}

/** A user plus the password that was generated for them, when one was. */
export interface UserWithPassword {
  readonly user: User;
  readonly generatedPassword?: string;
}

/** A change to what an account may do; fields left out stay as they are. */
export interface AccessChange {
  readonly role?: Role | string;
  /** BCP 47 tags, each a configured target locale; an empty list removes every assigned locale. */
  readonly locales?: readonly string[];
}

/** `ConflictError.code` when a change would leave the installation without an admin. */
export const LAST_ADMIN = 'last-admin';

export type EnsureAdminResult =
  | { readonly created: false }
  | { readonly created: true; readonly user: User; readonly password: string; readonly generated: boolean };

/** Account management: creating users, roles, assigned locales, passwords, UI language preference. */
export class UserService {
  readonly #store: UserStore;
  readonly #config: UserServiceConfig;
  readonly #now: () => Date;
  /** Changes that can take the admin role away run one at a time, so two of them cannot each leave "the other" admin. */
  readonly #roles = new Mutex();

  constructor(store: UserStore, config: UserServiceConfig = {}) {
    this.#store = store;
    this.#config = config;
    this.#now = config.now ?? (() => new Date());
  }

  /**
   * Create an account. Without a password one is generated and returned once (`generatedPassword`).
   * @throws ValidationError for a bad name, role, locale or a password under 8 characters
   * @throws ConflictError when the name is taken
   */
  async add(input: NewUser): Promise<UserWithPassword> {
    const name = parseUserName(input.name);
    const role = checkRole(input.role);
    const locales = this.#checkLocales(input.locales ?? []);
    const generated = input.password === undefined ? generatePassword() : undefined;
    const password = checkPassword(input.password ?? generated!);
    if (await this.#store.getUserByName(name)) {
      throw new ConflictError(
        `users: a user named "${name}" already exists; pick another name or use set-role/reset-password`,
        undefined,
        'conflict',
        {
          reason: 'users.exists',
          params: { name },
        },
      );
    }
    const now = this.#now().toISOString();
    const record: UserRecord = {
      id: `u-${randomBytes(9).toString('base64url')}`,
      name,
      role,
      locales,
      passwordHash: await hashPassword(password, this.#config.scrypt ?? DEFAULT_SCRYPT),
      credentialsVersion: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.#store.createUser(record);
    return generated === undefined ? { user: publicUser(record) } : { user: publicUser(record), generatedPassword: generated };
  }

  /** Every account, without password hashes. */
  async list(): Promise<User[]> {
    return (await this.#store.listUsers()).map(publicUser);
  }

  /** The user with this name; NotFoundError when there is none. */
  async get(name: string): Promise<User> {
    return publicUser(await this.#record(name));
  }

  /** The account with this id, or null. */
  async getById(id: string): Promise<User | null> {
    const record = await this.#store.getUser(id);
    return record ? publicUser(record) : null;
  }

  /**
   * Change an account's role and assigned locales in one write: everything is checked first, so a refused change
   * changes nothing (not the role without the locales).
   * @throws ValidationError for an unknown role or locale; NotFoundError when there is no such account;
   *   ConflictError with code `last-admin` when it would demote the only admin
   */
  async setAccess(name: string, change: AccessChange): Promise<User> {
    const role = change.role === undefined ? undefined : checkRole(change.role);
    const locales = change.locales === undefined ? undefined : this.#checkLocales(change.locales);
    return this.#roles.runExclusive(async () => {
      const record = await this.#record(name);
      if (record.role === 'admin' && role !== undefined && role !== 'admin') await this.#assertAnotherAdmin(record);
      return this.#update(record.name, (u) => ({
        ...u,
        ...(role === undefined ? {} : { role }),
        ...(locales === undefined ? {} : { locales }),
      }));
    });
  }

  /**
   * Change an account's role (translator < reviewer < editor < admin).
   * @throws ValidationError for an unknown role; NotFoundError when there is no such account; ConflictError `last-admin`
   */
  setRole(name: string, role: Role | string): Promise<User> {
    return this.setAccess(name, { role });
  }

  /**
   * Set the locales an account works in (BCP 47, each a configured target locale).
   * @throws ValidationError for an unknown locale; NotFoundError when there is no such account
   */
  setLocales(name: string, locales: readonly string[]): Promise<User> {
    return this.setAccess(name, { locales });
  }

  /** Set a new password (or generate one) and end every session of the user. */
  async resetPassword(name: string, password?: string): Promise<UserWithPassword> {
    const generated = password === undefined ? generatePassword() : undefined;
    const hash = await hashPassword(checkPassword(password ?? generated!), this.#config.scrypt ?? DEFAULT_SCRYPT);
    const user = await this.#update(name, (u) => ({ ...u, passwordHash: hash, credentialsVersion: u.credentialsVersion + 1 }));
    await this.#store.deleteSessionsOfUser(user.id);
    return generated === undefined ? { user } : { user, generatedPassword: generated };
  }

  /** Remember the UI language a user picked; languages outside `uiLanguages` are refused. */
  async setUiLanguage(userId: string, language: string): Promise<User> {
    const allowed = this.#config.uiLanguages;
    if (allowed && !allowed.includes(language)) {
      throw new ValidationError(`users: UI language "${language}" is not available; choose one of ${allowed.join(', ')}`);
    }
    const updated = await this.#store.updateUser(userId, (u) => ({ ...u, uiLanguage: language, updatedAt: this.#now().toISOString() }));
    if (!updated) throw new NotFoundError(`users: no user with id "${userId}"`);
    return publicUser(updated);
  }

  /**
   * On a store with no users, create `admin` with `password` (e.g. from TANDEM_ADMIN_PASSWORD) or a generated one.
   * The caller prints a generated password once; it is not stored in clear anywhere.
   */
  async ensureAdmin(password?: string): Promise<EnsureAdminResult> {
    if ((await this.#store.listUsers()).length > 0) return { created: false };
    const { user, generatedPassword } = await this.add({ name: ADMIN_NAME, role: 'admin', password });
    return { created: true, user, password: generatedPassword ?? password!, generated: generatedPassword !== undefined };
  }

  async #record(name: string): Promise<UserRecord> {
    const normalized = name.trim().toLowerCase();
    const record = await this.#store.getUserByName(normalized);
    if (!record) throw noSuchUser(normalized);
    return record;
  }

  /** The one rule about admins: taking the role away (demoting, and any later removal or disabling) needs another admin. */
  async #assertAnotherAdmin(record: UserRecord): Promise<void> {
    const others = (await this.#store.listUsers()).filter((u) => u.role === 'admin' && u.id !== record.id);
    if (others.length === 0) {
      throw new ConflictError(
        `users: ${record.name} is the only admin; make another account admin first, so someone can still manage users`,
        undefined,
        LAST_ADMIN,
        { reason: 'users.last-admin', params: { name: record.name } },
      );
    }
  }

  async #update(name: string, change: (u: UserRecord) => UserRecord): Promise<User> {
    const record = await this.#record(name);
    const updated = await this.#store.updateUser(record.id, (u) => ({ ...change(u), updatedAt: this.#now().toISOString() }));
    if (!updated) throw new NotFoundError(`users: no user named "${record.name}"; see \`tandem users list\``);
    return publicUser(updated);
  }

  #checkLocales(locales: readonly string[]): Locale[] {
    const allowed = this.#config.targetLocales;
    return allowed ? requireLocales('users', 'locales', allowed, locales) : [...new Set(locales.map(canonicalLocale))];
  }
}

/**
 * A login name in its stored form (trimmed, lower case). Throws ValidationError when it is not 2–32 lowercase letters,
 * digits, dots, dashes or underscores starting with a letter or digit.
 */
export function parseUserName(name: string): string {
  const normalized = name.trim().toLowerCase();
  if (!USER_NAME_PATTERN.test(normalized)) {
    throw new ValidationError(
      `users: "${name}" is not a valid user name; use 2–32 lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit`,
      [],
      { reason: 'users.bad-name', params: { name: name.slice(0, 64) } },
    );
  }
  return normalized;
}

function checkRole(role: string): Role {
  if (!isRole(role)) throw new ValidationError(`users: unknown role "${role}"; choose one of ${ROLES.join(', ')}`);
  return role;
}

function checkPassword(password: string): string {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new ValidationError(`users: a password must have ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`, [], {
      reason: 'users.password-length',
      params: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH },
    });
  }
  // NUL and other controls: no login form can send them back, so the account could never sign in.
  const bad = firstNonTextChar(password);
  if (bad) throw new ValidationError(`users: a password cannot hold ${bad.code}; use characters that can be typed`);
  return password;
}

/** The refusal of a login name no account has (`name` lower-cased as stored), wherever an account is looked up by name. */
export function noSuchUser(name: string): NotFoundError {
  return new NotFoundError(`users: no user named "${name}"; see \`tandem users list\``);
}
