import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { i18n } from 'i18next';
import type { Logger } from 'pino';
import { AppError, LimitError, NotFoundError, ValidationError } from '../core/errors.ts';
import { ERROR_CLASSES, STATUS_BY_CODE } from '../core/problem-types.ts';
import { localPath } from './html.ts';
import { i18nMiddleware } from './i18n.ts';
import type { ReaderErrorPages } from './reader/error-page.ts';
import { pageContext, refererPath, sendPage } from './render.ts';
import { errorView } from './views/error.ts';
import { issueSentences, statusSentence, userMessage } from './error-messages.ts';
import { firstPageUrl } from './cursor-input.ts';
import { inputIssuesOf } from './validate.ts';

// The mapping from error class to status and problem type is core/problem-types.ts (the CLI reads problems back with it).

/** Problem types of errors that are no AppError: body-parser's by status, anything else is `internal`. */
const PROBLEM_BY_STATUS: Readonly<Record<number, string>> = { 400: 'bad-request', 413: 'too-large', 415: 'unsupported-media-type' };

/** Every problem type the API may answer, for its documentation. */
export const PROBLEM_TYPES: readonly string[] = [
  ...new Set([...ERROR_CLASSES.map((e) => e.problem), ...Object.keys(STATUS_BY_CODE), ...Object.values(PROBLEM_BY_STATUS), 'internal']),
];

/**
 * The API's problem type of an error (RFC 9457 `type`, the last part of `/api/problems/<type>`): by class, then by
 * AppError code, then by status; `internal` for everything else.
 */
export function problemTypeOf(error: unknown): string {
  const entry = ERROR_CLASSES.find((e) => error instanceof e.type);
  if (entry) return entry.problem;
  if (error instanceof AppError && STATUS_BY_CODE[error.code] !== undefined) return error.code;
  const status = statusOf(error);
  return status < 500 ? (PROBLEM_BY_STATUS[status] ?? 'bad-request') : 'internal';
}

/** HTTP status for an error: our error classes by kind, body-parser's own `status`, otherwise 500. */
export function statusOf(error: unknown): number {
  const entry = ERROR_CLASSES.find((e) => error instanceof e.type);
  if (entry) return entry.status;
  if (error instanceof AppError) return STATUS_BY_CODE[error.code] ?? 500;
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** Seconds to send as `Retry-After` with an error's answer (core/problem-types.ts `retryAfter`), or undefined. */
export function retryAfterOf(error: unknown): number | undefined {
  return ERROR_CLASSES.find((e) => error instanceof e.type)?.retryAfter;
}

/**
 * A refusal a person can act on from the page they are working on (four-eyes, illegal step, conflict, invalid input):
 * its status and the i18next key of the sentence to show; null for every other error (the error middleware's).
 */
export function pageRefusal(error: unknown): { readonly status: number; readonly key: string } | null {
  const entry = ERROR_CLASSES.find((e) => error instanceof e.type);
  return entry?.refusal ? { status: entry.status, key: `review:errors.${entry.refusal}` } : null;
}

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/** Unknown routes: a NotFoundError for the error middleware. */
export function notFound(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`web: nothing at ${req.method} ${req.path}`));
}

/**
 * The one error middleware: status from the error's class, an HTML page or JSON by Accept. A person is told what the
 * status means and, when the error carries a message code, the translated sentence for it (error-messages.ts); the
 * developer message is logged (5xx in full at error level, refusals at debug) and never sent. `reader`: on a path of
 * the reader site (`/ja/…`) the page is the reader site's own, in the path's language (reader/error-page.ts).
 */
export function errorHandler(logger: Logger, i18n: i18n, reader?: ReaderErrorPages): ErrorRequestHandler {
  // A request that failed before the i18n middleware ran (the session store or the reader site met a database that is
  // down, a broken cookie) is still answered in its reader's language: a reader path's page is the reader site's own
  // (below), anything else (a JSON answer there too) goes by the path's UI language, else the staff UI's detection
  // (cookie, Accept-Language, default); never simply the default language.
  const lateLanguage = i18nMiddleware(i18n, { pathLocale: true });
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = statusOf(error);
    const log = res.locals.log ?? logger;
    if (status >= 500) log.error({ err: error }, 'request failed');
    else log.debug({ err: error, status }, 'request refused');
    if (!req.t) lateLanguage(req, res, () => {});
    const refused = inputIssuesOf(error);
    const issues = issueSentences(refused, req.t, req.language);
    const message = userMessage(error, req.t, req.language) ?? statusSentence(status, req.t, issues.length > 0);
    const code = error instanceof AppError ? error.code : status < 500 ? 'bad-request' : 'internal';
    const reason = error instanceof AppError ? error.reason : undefined;

    const retryAfter = retryAfterOf(error);
    if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
    if (status === 401 && req.method === 'GET' && !wantsJson(req)) {
      return res.redirect(303, `/login?next=${encodeURIComponent(localPath(req.originalUrl))}`);
    }
    if (wantsJson(req)) {
      const limit = error instanceof LimitError ? { limit: error.limit, max: error.max } : {};
      const details = error instanceof ValidationError && error.details.length > 0 ? { details: error.details } : {};
      return res
        .status(status)
        .json({ error: { code, ...(reason ? { reason } : {}), message, ...limit, ...details, ...(issues.length ? { issues } : {}) } });
    }
    const readerLocale = reader?.localeOf(req, res, status);
    if (reader && readerLocale) {
      // Mostly the path names the language, but not always (an unknown one): never kept by a cache either way.
      res
        .status(status)
        .type('html')
        .set({ 'Content-Language': readerLocale, 'Cache-Control': 'no-store', Vary: 'Cookie, Accept-Language' });
      return res.send(reader.render(readerLocale, status));
    }
    sendPage(req, res, {
      status,
      // A key list, not a defaultValue: a status without its own sentence is not a missing key.
      // The problem type's own title first (`database-unavailable`: says it is the database), then the status's.
      title: req.t([`common:errors.title.${problemTypeOf(error)}`, `common:errors.title.${status}`, 'common:errors.title.default'], {
        status,
      }),
      body: errorView(pageContext(req, res), {
        status,
        // A 503 is a passing condition (the database is down, a provider's limit): its sentence says what is wrong.
        ...(status < 500 || status === 503 ? { detail: userMessage(error, req.t, req.language) } : {}),
        issues,
        ...(req.method === 'GET' ? {} : { back: refererPath(req) }),
        // A listing's page that could not be found from its cursor: the way on is the same listing from the start.
        ...(req.method === 'GET' && refused.some((i) => i.kind === 'cursor')
          ? { firstPage: firstPageUrl(localPath(req.originalUrl)) }
          : {}),
      }),
    });
  };
}
