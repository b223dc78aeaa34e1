import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { i18n } from 'i18next';
import type { Logger } from 'pino';
import {
  AppError,
  ConfigError,
  ConflictError,
  ForbiddenError,
  FormatParseError,
  IllegalTransitionError,
  LockedError,
  MtAuthError,
  MtError,
  MtQuotaError,
  MtRateLimitError,
  NotFoundError,
  ValidationError,
} from '../core/errors.ts';
import { localPath } from './html.ts';
import { pageContext, sendPage } from './render.ts';
import { errorView } from './views/error.ts';

/** HTTP status for an error: our error classes by kind, body-parser's own `status`, otherwise 500. */
export function statusOf(error: unknown): number {
  if (error instanceof ValidationError || error instanceof FormatParseError) return 400;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError || error instanceof IllegalTransitionError) return 409;
  if (error instanceof LockedError) return 503;
  // The provider's limits are ours to wait out, not the client's fault: 503 tells the browser to try later.
  if (error instanceof MtRateLimitError || error instanceof MtQuotaError) return 503;
  if (error instanceof MtAuthError || error instanceof MtError) return 502;
  if (error instanceof ConfigError) return 500;
  if (error instanceof AppError) {
    if (error.code === 'unauthenticated') return 401;
    if (error.code === 'rate-limited') return 429;
    if (error.code === 'unavailable') return 503;
    return 500;
  }
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/** Unknown routes: a NotFoundError for the error middleware. */
export function notFound(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`web: nothing at ${req.method} ${req.path}`));
}

/**
 * The one error middleware: status from the error's class, an HTML page or JSON by Accept. 4xx messages are ours and
 * meant for the user; 5xx show a generic text and are logged in full.
 */
export function errorHandler(logger: Logger, i18n: i18n): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = statusOf(error);
    const log = res.locals.log ?? logger;
    if (status >= 500) log.error({ err: error }, 'request failed');
    else log.debug({ err: error, status }, 'request refused');
    const exposed = status < 500 || error instanceof AppError;
    const message = exposed && error instanceof Error ? error.message : 'internal error';
    const code = error instanceof AppError ? error.code : status < 500 ? 'bad-request' : 'internal';
    const details = error instanceof ValidationError ? error.details : undefined;

    if (status === 401 && req.method === 'GET' && !wantsJson(req)) {
      return res.redirect(303, `/login?next=${encodeURIComponent(localPath(req.originalUrl))}`);
    }
    if (wantsJson(req)) {
      return res.status(status).json({ error: { code, message, ...(details ? { details } : {}) } });
    }
    // Errors raised before the i18n middleware ran (bad body, broken cookie) still get a page in the default language.
    if (!req.t) {
      req.t = i18n.t.bind(i18n);
      req.language = i18n.language;
    }
    sendPage(req, res, {
      status,
      title: req.t(`common:errors.title.${status}`, { defaultValue: req.t('common:errors.title.default', { status }) }),
      body: errorView(pageContext(req, res), { status, ...(exposed ? { detail: message } : {}), ...(details ? { details } : {}) }),
    });
  };
}
