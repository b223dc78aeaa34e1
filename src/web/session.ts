import { createHmac, randomBytes } from 'node:crypto';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { AuthService } from '../services/auth.ts';
import { parseCookies } from './cookies.ts';

export const SESSION_COOKIE = 'tandem_session';
/** Anonymous visitors get a random id so their forms (login, language) can carry a CSRF token bound to it. */
export const ANONYMOUS_COOKIE = 'tandem_anon';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

function cookieOptions(req: Request, maxAgeMs?: number): CookieOptions {
  // `req.secure` is true for HTTPS, or behind a proxy that says so when `trust proxy` is set.
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }) };
}

export function setSessionCookie(req: Request, res: Response, token: string, maxAgeMs: number): void {
  res.cookie(SESSION_COOKIE, token, cookieOptions(req, maxAgeMs));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

export function sessionToken(req: Request): string | undefined {
  const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
  return token && TOKEN_SHAPE.test(token) ? token : undefined;
}

/** The CSRF token of an anonymous visitor: an HMAC of their random cookie, which is set here when they have none. */
function anonymousToken(req: Request, res: Response, secret: string): string {
  let anonymous = parseCookies(req.headers.cookie)[ANONYMOUS_COOKIE];
  if (!anonymous || !TOKEN_SHAPE.test(anonymous)) {
    anonymous = randomBytes(24).toString('base64url');
    if (!res.headersSent) res.cookie(ANONYMOUS_COOKIE, anonymous, cookieOptions(req));
  }
  return createHmac('sha256', secret).update(`anon:${anonymous}`).digest('base64url');
}

/**
 * Resolve the session cookie into `res.locals.user`/`session` and set `res.locals.csrfToken`: the session's synchronizer
 * token when logged in, otherwise an HMAC of the anonymous visitor's random cookie, which is made (and the cookie set)
 * only when something reads the token: a page with a form, or the check of a post.
 */
export function sessionMiddleware(auth: AuthService, secret: string): RequestHandler {
  return async (req, res, next) => {
    const token = sessionToken(req);
    const resolved = token ? await auth.resolve(token) : null;
    if (resolved) {
      res.locals.user = resolved.user;
      res.locals.session = resolved.session;
      res.locals.csrfToken = resolved.session.csrfToken;
      return next();
    }
    if (token) clearSessionCookie(req, res);
    // Made on first use only: a page without forms (the reader site) sets no cookie, so shared caches may keep it.
    let csrfToken: string | undefined;
    Object.defineProperty(res.locals, 'csrfToken', {
      configurable: true,
      enumerable: true,
      get: () => {
        csrfToken ??= anonymousToken(req, res, secret);
        return csrfToken;
      },
    });
    next();
  };
}
