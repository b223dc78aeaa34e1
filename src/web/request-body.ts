import express, { type Application, type RequestHandler } from 'express';

const DEFAULT_BODY_LIMIT = '1mb';

function formAndJson(limit: string): RequestHandler {
  const urlencoded = express.urlencoded({ extended: false, limit });
  const json = express.json({ limit });
  return (req, res, next) => urlencoded(req, res, (error?: unknown) => (error ? next(error) : json(req, res, next)));
}

const readers = new WeakMap<Application, RequestHandler>();
const defaultReader = formAndJson(DEFAULT_BODY_LIMIT);

/** Set the largest form or JSON body `app` reads, in body-parser syntax (`1mb`, the default, or `1kb`). */
export function setBodyLimit(app: Application, limit: string): void {
  readers.set(app, formAndJson(limit));
}

/**
 * Read an `application/x-www-form-urlencoded` or JSON body into `req.body`, within the app's limit; every other
 * content type (multipart above all) is left unread. Only the route guards call it, once they know who is asking.
 * Errors: body-parser's own, with their 4xx `status` (413 over the limit, 400 malformed, 415 unknown charset).
 */
export const readFormBody: RequestHandler = (req, res, next) => (readers.get(req.app) ?? defaultReader)(req, res, next);
