import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { AppError, ForbiddenError } from '../../core/errors.ts';
import { canonicalLocale } from '../../core/locale.ts';
import { can, canInLocale, type Permission } from '../../core/roles.ts';
import type { ApiPrincipal, ApiTokenService } from '../../services/api-tokens.ts';
import { csrfRefusal, SAFE_METHODS } from '../csrf.ts';
import { AuthenticationRequiredError, LOCALE_CHECKED, PERMISSION, type GuardHandler } from '../guards.ts';
import type { PathLocaleScope } from '../locale-input.ts';
import { readFormBody } from '../request-body.ts';
import { refuseUnknownPathLocales } from '../validate.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The bearer token the API request came with, once accepted (absent for cookie sessions). */
      apiPrincipal?: ApiPrincipal;
    }
  }
}

const BEARER = /^Bearer\s+(\S{1,200})\s*$/i;

/**
 * Accept `Authorization: Bearer <token>`: the token's owner becomes `res.locals.user` (whatever session cookie came
 * along) and the token `res.locals.apiPrincipal`. A header that is present but not a live token is a 401, never a
 * fallback to the cookie. Requests without the header go on as the session middleware left them.
 */
export function bearerAuth(tokens: ApiTokenService | undefined): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) return next();
    const secret = BEARER.exec(header)?.[1];
    if (!tokens) return next(new AuthenticationRequiredError());
    let principal: ApiPrincipal;
    try {
      // A header that is no bearer credential at all (`Basic …`, `Bearer` alone) is no token Tandem issued either.
      principal = await tokens.verify(secret ?? '');
    } catch (error) {
      return next(error);
    }
    res.locals.user = principal.user;
    res.locals.apiPrincipal = principal;
    delete res.locals.session;
    next();
  };
}

/** Requests per token (or session, or client address when anonymous) and window. */
export interface ApiRateLimitConfig {
  /** Window length in milliseconds (default one minute). */
  readonly windowMs?: number;
  /** Requests per window (default 300). */
  readonly limit?: number;
}

/** Who a request counts against: its token, else its user, else its client address (IPv6 per /56). */
function rateKey(req: Request, locals: Express.Locals): string {
  if (locals.apiPrincipal) return `token:${locals.apiPrincipal.tokenId}`;
  if (locals.user) return `user:${locals.user.id}`;
  const ip = req.ip ?? req.socket.remoteAddress;
  return `ip:${ip ? ipKeyGenerator(ip) : 'unknown'}`;
}

/** Per-token rate limit with the IETF RateLimit headers; over it, a 429 problem with Retry-After. */
export function apiRateLimit(config: ApiRateLimitConfig = {}): RequestHandler {
  return rateLimit({
    windowMs: config.windowMs ?? 60_000,
    limit: config.limit ?? 300,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req, res) => rateKey(req, res.locals),
    handler: (_req, _res, next) => next(new AppError('rate-limited', 'api: too many requests with this token; wait and retry')),
  });
}

export interface ApiGuardConfig {
  /** The route acts on the `:locale` of its path: locale-bound roles need it assigned, narrowed tokens need it named. */
  readonly locale?: boolean;
  /** What the path's `:locale` may name (default: a target locale; `published`: the source locale too). */
  readonly pathLocales?: PathLocaleScope;
}

function forbidden(message: string, reason: 'role.forbidden' | 'role.locale', params: Readonly<Record<string, string>>) {
  return new ForbiddenError(message, 'forbidden', { reason, params });
}

/** The token, not its owner, may not do this: its own problem type (`token-scope`), 403. */
function beyondScope(message: string, reason: 'token.read-only' | 'token.locale', locale?: string) {
  return new AppError('token-scope', message, { reason, ...(locale ? { params: { locale } } : {}) });
}

/**
 * The API's requireRole: refuse unless the caller (bearer token or session) holds `permission` (and the path's locale,
 * with `locale`), a path names only languages the installation works in (400, validate.ts), a read-only token only
 * reads, and a token narrowed to locales names this one. Then read a JSON body
 * (415 for any other type), and for session callers check the CSRF token (a bearer token is no ambient credential,
 * so token requests need none). Marked like requireRole so the route-table walk sees it.
 */
export function apiGuard(permission: Permission, config: ApiGuardConfig = {}): GuardHandler {
  const guard: GuardHandler = (req, res, next) => {
    const user = res.locals.user;
    if (!user) return next(new AuthenticationRequiredError());
    const token = res.locals.apiPrincipal;
    const unsafe = !SAFE_METHODS.has(req.method);
    if (token?.readOnly && unsafe) return next(beyondScope('api: this token is read-only', 'token.read-only'));
    if (!can(user.role, permission))
      return next(forbidden(`api: role ${user.role} may not ${permission}`, 'role.forbidden', { role: user.role, permission }));
    // A language the installation does not work in is a 400 before any locale assignment is looked at (validate.ts).
    try {
      refuseUnknownPathLocales(req, config.pathLocales);
    } catch (error) {
      return next(error);
    }
    if (config.locale) {
      let locale: string | undefined;
      try {
        locale = canonicalLocale(String(req.params.locale ?? ''));
      } catch {
        locale = undefined;
      }
      if (!locale || !canInLocale(user, permission, locale))
        return next(forbidden(`api: you are not assigned to ${locale ?? '(none)'}`, 'role.locale', { locale: locale ?? '-' }));
      if (token?.locales && !token.locales.includes(locale))
        return next(beyondScope(`api: this token may not act on ${locale}`, 'token.locale', locale));
    }
    if (!unsafe) return next();
    // Only JSON: a cross-site form can send urlencoded or multipart without a preflight, never application/json.
    if (req.is('application/json') === false) {
      return next(new AppError('unsupported-media-type', 'api: send the request body as application/json'));
    }
    readFormBody(req, res, (error?: unknown) => {
      if (error) return next(error);
      next(token ? undefined : (csrfRefusal(req, res) ?? undefined));
    });
  };
  guard[PERMISSION] = permission;
  guard[LOCALE_CHECKED] = config.locale === true;
  return guard;
}
