import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { ForbiddenError } from '../core/errors.ts';

/** Name of the token in a form body, and in the query string of a form that uploads files (`?_csrf=…`). */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function stringField(record: unknown, name: string): string | undefined {
  const value = typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The refusal of an unsafe request whose CSRF token does not match the session's (synchronizer token pattern), or
 * null when it matches or the method is safe. The token comes from the `x-csrf-token` header, the `_csrf` query
 * parameter, or the `_csrf` field of a form or JSON body already read. A multipart body is never read for it: forms
 * that upload files carry the token in their action's query string, so it is checked before a byte of the file.
 */
export function csrfRefusal(req: Request, res: Response): ForbiddenError | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const sent = req.get(CSRF_HEADER) || stringField(req.query, CSRF_FIELD) || stringField(req.body, CSRF_FIELD);
  const expected = res.locals.csrfToken;
  if (sent && expected && sameToken(sent, expected)) return null;
  return new ForbiddenError('csrf: the form token is missing or out of date; reload the page and try again', 'forbidden', {
    reason: 'csrf.expired',
  });
}
