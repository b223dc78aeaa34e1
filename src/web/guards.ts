import type { Request, RequestHandler } from 'express';
import { AppError, ForbiddenError } from '../core/errors.ts';
import type { Locale } from '../core/locale.ts';
import { can, canInLocale, type Permission } from '../core/roles.ts';
import { csrfRefusal, SAFE_METHODS } from './csrf.ts';
import type { PathLocaleScope } from './locale-input.ts';
import { readFormBody } from './request-body.ts';
import { refuseUnknownPathLocales } from './validate.ts';

/** Marks a handler produced by requireRole; the route-table walk reads it. */
export const PERMISSION = Symbol('tandem.permission');
/** Marks a handler produced by publicRoute. */
export const PUBLIC = Symbol('tandem.public');
/** Marks a requireRole handler that also checks the request's target locale. */
export const LOCALE_CHECKED = Symbol('tandem.localeChecked');
/** Marks a publicRoute whose handler authenticates a signed body itself (no cookies, so no CSRF token). */
export const CSRF_EXEMPT = Symbol('tandem.csrfExempt');

export type GuardHandler = RequestHandler & {
  [PERMISSION]?: Permission;
  [PUBLIC]?: string;
  [LOCALE_CHECKED]?: boolean;
  [CSRF_EXEMPT]?: boolean;
};

/** Raised when a route needs a logged-in user and there is none; the error middleware answers 401 or redirects. */
export class AuthenticationRequiredError extends AppError {
  constructor() {
    super('unauthenticated', 'auth: this page needs you to log in');
  }
}

export interface RequireRoleConfig {
  /** The target locale the request acts on; translators and reviewers must have it assigned. */
  readonly locale?: (req: Request) => Locale | undefined;
  /** What the path's `:locale` may name (default: a target locale; `published`: the source locale too). */
  readonly pathLocales?: PathLocaleScope;
}

/**
 * Admit an unsafe request whose caller is known: read its form or JSON body (never multipart, see uploadForm), then
 * check its CSRF token. Safe methods pass unread.
 */
const admit: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  readFormBody(req, res, (error?: unknown) => next(error ?? csrfRefusal(req, res) ?? undefined));
};

/**
 * Refuse the request unless a user is logged in and their role holds `permission` (and, with `locale`, works on it);
 * then, for unsafe methods, read the form or JSON body and refuse a missing or wrong CSRF token. Put it first in
 * every route's handler list, before validation, so refusals never depend on the input and no body is read before
 * the caller is known: 401 without a session, 403 for the role, 400 for a path naming a language the installation
 * does not work in (`:locale`, `:from`, `:to`; validate.ts), 403 for the locale or the token, body errors with their 4xx.
 * @example router.post('/articles/:slug/:locale/approve', requireRole('translation.review', { locale: (req) => req.params.locale }), postApprove)
 */
export function requireRole(permission: Permission, config: RequireRoleConfig = {}): GuardHandler {
  const guard: GuardHandler = (req, res, next) => {
    const user = res.locals.user;
    if (!user) return next(new AuthenticationRequiredError());
    if (!can(user.role, permission)) {
      return next(
        new ForbiddenError(`auth: your role (${user.role}) may not do this (${permission}); ask an admin`, 'forbidden', {
          reason: 'role.forbidden',
          params: { role: user.role, permission },
        }),
      );
    }
    try {
      refuseUnknownPathLocales(req, config.pathLocales);
    } catch (error) {
      return next(error);
    }
    const locale = config.locale?.(req);
    if (config.locale && (!locale || !canInLocale(user, permission, locale))) {
      return next(
        new ForbiddenError(`auth: you are not assigned to locale ${locale ?? '(none)'}; ask an admin to add it`, 'forbidden', {
          reason: 'role.locale',
          params: { locale: locale ?? '-' },
        }),
      );
    }
    admit(req, res, next);
  };
  guard[PERMISSION] = permission;
  guard[LOCALE_CHECKED] = config.locale !== undefined;
  return guard;
}

/**
 * Declare a mutating route that anyone may call (login, logout, language switch). It reads the form or JSON body and
 * checks the CSRF token like requireRole. `reason` documents why it is public; the route-table test lists these.
 * With `signed: true` (a machine-to-machine webhook authenticated by a signature over its raw body, which uses no
 * cookie, so a browser cannot be made to forge it) nothing is read or checked here: the handler reads the raw body
 * within its own limit and refuses a bad signature before parsing it.
 */
export function publicRoute(reason: string, options: { readonly signed?: boolean } = {}): GuardHandler {
  const guard: GuardHandler = options.signed ? (_req, _res, next) => next() : (req, res, next) => admit(req, res, next);
  guard[PUBLIC] = reason;
  guard[CSRF_EXEMPT] = options.signed === true;
  return guard;
}

/** The optional service, or a 503 telling the operator it is not configured. */
export function requireService<T>(service: T | undefined, name: string): T {
  if (service === undefined)
    throw new AppError('unavailable', `web: the ${name} service is not configured in this installation`, { reason: 'service.unavailable' });
  return service;
}
