import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ForbiddenError } from '../core/errors.ts';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Refuse every unsafe request whose `_csrf` body field or `x-csrf-token` header does not match the token of the
 * session (synchronizer token pattern). Runs after the body parsers and the session middleware, before any route.
 */
export function csrfProtection(): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const body: unknown = req.body;
    const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
    const sent = typeof fromBody === 'string' ? fromBody : req.get(CSRF_HEADER);
    const expected = res.locals.csrfToken;
    if (!sent || !expected || !sameToken(sent, expected)) {
      return next(new ForbiddenError('csrf: the form token is missing or out of date; reload the page and try again'));
    }
    next();
  };
}
