import { createHash, randomBytes } from 'node:crypto';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors.ts';
import { DEFAULT_TARGET_LOCALES, type Locale, requireLocale } from '../core/locale.ts';
import type { ApiTokenRecord, ApiTokenStore } from '../core/ports/api-token-store.ts';
import type { UserStore } from '../core/ports/user-store.ts';
import { can, LOCALE_BOUND_ROLES } from '../core/roles.ts';
import { firstNonTextChar } from '../core/text.ts';
import { publicUser, type User } from './auth.ts';
import { noSuchUser } from './users.ts';

/** Every token starts with this, so secret scanners (and people) recognise a leaked one. */
export const TOKEN_PREFIX = 'tdm_';
/** Default and longest lifetime of a token, in days. */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;
export const MAX_TOKEN_NAME_LENGTH = 80;
/** Last use is written at most this often per token (ms), so a busy client does not rewrite the store per request. */
/** A token's id as `create` makes them (`t-` and base64url), the name the API and the account page revoke it by. */
export const TOKEN_ID_PATTERN = /^t-[\w-]{1,40}$/;

const TOUCH_EVERY_MS = 60_000;
const TOKEN_SHAPE = /^tdm_[A-Za-z0-9_-]{43}$/;

/** Why a bearer token is no credential (AppError codes of `verify`); each has its own problem type. */
export const TOKEN_REFUSALS = ['token-unknown', 'token-expired', 'token-revoked'] as const;
export type TokenRefusal = (typeof TOKEN_REFUSALS)[number];

/** What a token's owner and an admin see: everything but the hash, and whether it still works. */
export type ApiTokenView = Omit<ApiTokenRecord, 'hash'> & { readonly state: 'active' | 'expired' | 'revoked' };

/** A token as an administrator lists them (`tandem tokens list`, `GET /api/v1/tokens`): with its owner's login name, null when the account is gone. */
export type ApiTokenListing = ApiTokenView & { readonly user: string | null };

export interface NewApiToken {
  readonly owner: User;
  readonly name: string;
  /** Only GET requests (default false). */
  readonly readOnly?: boolean;
  /** Narrower than the owner's locales; absent or empty: every locale the owner may act on. */
  readonly locales?: readonly string[];
  /** Lifetime in whole days, 1–MAX_TOKEN_DAYS (default DEFAULT_TOKEN_DAYS). */
  readonly expiresInDays?: number;
}

/**
 * Who a bearer token acts as. `user` is the owner as stored now (a demoted owner's tokens lose the permissions with
 * them); `locales` is the token's own narrowing (null: none), checked on top of the owner's.
 */
export interface ApiPrincipal {
  readonly user: User;
  readonly tokenId: string;
  readonly readOnly: boolean;
  readonly locales: readonly Locale[] | null;
}

export interface ApiTokenServiceConfig {
  readonly targetLocales?: readonly Locale[];
  readonly now?: () => Date;
}

/** The stored id of a bearer token: its SHA-256 in hex (a 32-byte random secret needs no slow hash). */
export function tokenHashOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function stateOf(record: ApiTokenRecord, now: Date): ApiTokenView['state'] {
  if (record.revokedAt) return 'revoked';
  return record.expiresAt <= now.toISOString() ? 'expired' : 'active';
}

/**
 * Personal API tokens: made for a user (shown once), listed with their last use, revoked, and turned back into a
 * principal for each API request.
 */
export class ApiTokenService {
  readonly #tokens: ApiTokenStore;
  readonly #users: UserStore;
  readonly #targets: readonly Locale[];
  readonly #now: () => Date;

  constructor(tokens: ApiTokenStore, users: UserStore, config: ApiTokenServiceConfig = {}) {
    this.#tokens = tokens;
    this.#users = users;
    this.#targets = config.targetLocales ?? DEFAULT_TARGET_LOCALES;
    this.#now = config.now ?? (() => new Date());
  }

  /**
   * Make a token for `owner`. Resolves to the secret (shown once, never stored) and the stored token.
   * @throws ValidationError for a blank or long name, a lifetime out of range, or a locale that is not a target locale
   *   or (for translators and reviewers) not one of the owner's
   */
  async create(input: NewApiToken): Promise<{ readonly secret: string; readonly token: ApiTokenView }> {
    const name = input.name.trim();
    if (name === '' || name.length > MAX_TOKEN_NAME_LENGTH || firstNonTextChar(name)) {
      throw new ValidationError(`api-tokens: the name must be 1–${MAX_TOKEN_NAME_LENGTH} characters of text`, [], {
        reason: 'token.bad-name',
        params: { max: MAX_TOKEN_NAME_LENGTH },
      });
    }
    const days = input.expiresInDays ?? DEFAULT_TOKEN_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
      throw new ValidationError(`api-tokens: a token lasts 1–${MAX_TOKEN_DAYS} days, not ${days}`, [], {
        reason: 'token.bad-expiry',
        params: { max: MAX_TOKEN_DAYS },
      });
    }
    const locales = [...new Set((input.locales ?? []).map((raw) => this.#ownLocale(input.owner, raw)))];
    const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = this.#now();
    const record: ApiTokenRecord = {
      id: `t-${randomBytes(9).toString('base64url')}`,
      hash: tokenHashOf(secret),
      userId: input.owner.id,
      name,
      readOnly: input.readOnly ?? false,
      locales: locales.length > 0 ? locales : null,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString(),
    };
    // Creating is rare: a good moment to forget tokens nobody can use any more.
    await this.#tokens.deleteExpiredTokens(new Date(now.getTime() - 30 * 86_400_000));
    await this.#tokens.createToken(record);
    return { secret, token: this.#view(record) };
  }

  /**
   * Make a token for the account named `userName` (see `create`), as an administrator does for anyone.
   * @throws NotFoundError for a name no account has, and what `create` throws
   */
  async createFor(
    userName: string,
    input: Omit<NewApiToken, 'owner'>,
  ): Promise<{ readonly secret: string; readonly token: ApiTokenListing }> {
    const owner = await this.#owner(userName);
    const { secret, token } = await this.create({ ...input, owner });
    return { secret, token: { ...token, user: owner.name } };
  }

  /** Tokens of the account named `userName`, or everyone's, newest first, with their owners' names. NotFoundError for an unknown name. */
  async listFor(userName?: string): Promise<ApiTokenListing[]> {
    const owner = userName === undefined ? undefined : await this.#owner(userName);
    const names = new Map((await this.#users.listUsers()).map((u) => [u.id, u.name]));
    return (await this.list(owner?.id)).map((t) => ({ ...t, user: names.get(t.userId) ?? null }));
  }

  async #owner(userName: string): Promise<User> {
    const name = userName.trim().toLowerCase();
    const record = await this.#users.getUserByName(name);
    if (!record) throw noSuchUser(name);
    return publicUser(record);
  }

  /** Tokens of one user, newest first; every user's with `userId` undefined (admins). */
  async list(userId?: string): Promise<ApiTokenView[]> {
    return (await this.#tokens.listTokens(userId)).map((t) => this.#view(t));
  }

  /**
   * Revoke a token from now on; revoking a revoked one changes nothing. `by` must own it or manage users; `operator`
   * is whoever runs the CLI on the data directory, who may revoke any.
   * @throws NotFoundError when there is no such token, or it is someone else's and `by` is no admin
   */
  async revoke(id: string, by: User | 'operator'): Promise<ApiTokenView> {
    const found = await this.#tokens.getToken(id);
    if (!found || (by !== 'operator' && found.userId !== by.id && !can(by.role, 'users.manage'))) {
      throw new NotFoundError(`api-tokens: no token ${id} of yours; list them with tandem tokens list`, { reason: 'token.not-found' });
    }
    const at = this.#now().toISOString();
    const stored = await this.#tokens.updateToken(id, (t) => (t.revokedAt ? t : { ...t, revokedAt: at }));
    return this.#view(stored ?? found);
  }

  /**
   * The principal a bearer secret stands for, or null when it is malformed, unknown, revoked, expired, or its owner
   * is gone. Records the last use (to the minute).
   */
  async authenticate(secret: string): Promise<ApiPrincipal | null> {
    try {
      return await this.verify(secret);
    } catch (error) {
      if (error instanceof AppError && TOKEN_REFUSALS.includes(error.code as TokenRefusal)) return null;
      throw error;
    }
  }

  /**
   * The principal of a live token, like `authenticate`, but saying why a token is refused so its holder knows what to
   * do: throws AppError `token-unknown` (not a token of ours, or its owner is gone), `token-expired` (params.date, the
   * day it expired) or `token-revoked`; the web maps each code to its 401 problem type (web/errors.ts).
   */
  async verify(secret: string): Promise<ApiPrincipal> {
    const record = TOKEN_SHAPE.test(secret) ? await this.#tokens.getTokenByHash(tokenHashOf(secret)) : null;
    const owner = record ? await this.#users.getUser(record.userId) : null;
    if (!record || !owner) throw new AppError('token-unknown', 'api-tokens: no such token', { reason: 'token.unknown' });
    const now = this.#now();
    const state = stateOf(record, now);
    if (state === 'revoked') throw new AppError('token-revoked', `api-tokens: token ${record.id} was revoked`, { reason: 'token.revoked' });
    if (state === 'expired') {
      throw new AppError('token-expired', `api-tokens: token ${record.id} expired at ${record.expiresAt}`, {
        reason: 'token.expired',
        params: { date: record.expiresAt.slice(0, 10) },
      });
    }
    if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) >= TOUCH_EVERY_MS) {
      await this.#tokens.updateToken(record.id, (t) => ({ ...t, lastUsedAt: now.toISOString() }));
    }
    return { user: publicUser(owner), tokenId: record.id, readOnly: record.readOnly, locales: record.locales };
  }

  /** `raw` as a target locale the owner may work on; UnknownLocaleError or ForbiddenError otherwise. */
  #ownLocale(owner: User, raw: string): Locale {
    const locale = requireLocale('api-tokens', 'locales', this.#targets, raw);
    if (LOCALE_BOUND_ROLES.includes(owner.role) && !owner.locales.includes(locale)) {
      throw new ForbiddenError(`api-tokens: you are not assigned to ${locale}, so no token of yours may be`, 'forbidden', {
        reason: 'role.locale',
        params: { locale },
      });
    }
    return locale;
  }

  #view(record: ApiTokenRecord): ApiTokenView {
    const { hash: _hash, ...rest } = record;
    return { ...rest, state: stateOf(record, this.#now()) };
  }
}
