import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { i18n, TFunction } from 'i18next';
import type { Logger } from 'pino';
import { AppError, ForbiddenError, LimitError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { PublishRefusedError } from '../../core/publication.ts';
import { issueEntries, issueSentences, statusSentence, userMessage } from '../error-messages.ts';
import { problemTypeOf, retryAfterOf, statusOf } from '../errors.ts';
import { InputError, inputIssuesOf } from '../validate.ts';

export const PROBLEM_JSON = 'application/problem+json';

/** The `type` URI of a problem: its entry on the API's documentation page, so a client can follow it. */
export function problemTypeUri(type: string): string {
  return `/api/docs#problem-${type}`;
}

/**
 * How a router outside /api/v1 words its problems (the signed CMS hook): its own status for some errors, and its own
 * `type` URI and `code` (the hook's are `urn:tandem:problem:<message code>`, documented in the README).
 */
export interface ProblemStyle {
  readonly status?: (error: unknown) => number;
  readonly type?: (error: unknown, status: number) => string;
  readonly code?: (error: unknown, status: number) => string;
  /** Whether a 401 or 403 challenges for a bearer token (`WWW-Authenticate`; default true, the API's tokens). */
  readonly bearer?: boolean;
}

/**
 * An RFC 9457 problem document for `error`: `type` from the one error mapping (errors.ts), `title` what the status
 * means and `detail` the error's message code, both in the request's language; `code`, `reason`, `issues` (one
 * sentence per invalid field, naming its label and where it was sent: `Language (query.locale): …`) and `errors`
 * (the same without the label, for programs) as extension members. Every refusal (4xx) also
 * carries `message`, the one-line English sentence `tandem` prints for it (see messageMember), so the command line
 * talking to a server says what it says beside the data directory; a 5xx never does (it may name internals). `style`
 * lets another router keep its own status, type and code.
 */
export function problemOf(error: unknown, req: Request, style: ProblemStyle = {}): Record<string, unknown> {
  const t = req.t;
  const english = req.i18n?.getFixedT('en');
  const status = style.status?.(error) ?? statusOf(error);
  const type = problemTypeOf(error);
  const issues = t ? issueSentences(inputIssuesOf(error), t, req.language, { named: true }) : [];
  const detail = (t ? userMessage(error, t, req.language) : undefined) ?? (t ? statusSentence(status, t, issues.length > 0) : undefined);
  return {
    type: style.type?.(error, status) ?? problemTypeUri(type),
    // A problem's title names what is missing or wrong, not a page: a client asked for a resource (`resourceTitle`).
    title: t
      ? t([`common:errors.resourceTitle.${status}`, `common:errors.title.${status}`, 'common:errors.title.default'], { status })
      : `Error ${status}`,
    status,
    ...(detail ? { detail } : {}),
    instance: req.originalUrl,
    code: style.code?.(error, status) ?? (error instanceof AppError ? error.code : type),
    ...(error instanceof AppError && error.reason ? { reason: error.reason } : {}),
    ...(status < 500 ? messageMember(error, status, english) : {}),
    ...(error instanceof LimitError ? { limit: error.limit, max: error.max } : {}),
    ...(issues.length > 0 ? { issues } : {}),
    // What blocks a publish, so a client can say which segments to approve or fix.
    ...(error instanceof PublishRefusedError ? { blockers: error.missing } : {}),
    // A 412 or 428 of If-Match: the ETag the translation has now (api/revision.ts), what a write sends after reading it.
    ...(error instanceof AppError && error.code.startsWith('precondition-') && typeof error.params.etag === 'string'
      ? { etag: error.params.etag }
      : {}),
    ...errorsMember(error, t, req.language),
  };
}

/**
 * `errors`: where each invalid field was sent, worded in the request's language through the message codes people read
 * (never zod's English, which goes to the log); the field paths of another ValidationError as they are.
 */
function errorsMember(error: unknown, t: TFunction | undefined, language: string | undefined): { errors?: string[] } {
  const issues = inputIssuesOf(error);
  if (t && issues.length > 0) return { errors: issueEntries(issues, t, language) };
  return error instanceof ValidationError && error.details.length > 0 ? { errors: [...error.details] } : {};
}

/** A refusal of who is asking (the role, or the token's scope) rather than of what they sent. */
function isAccessRefusal(error: unknown): error is AppError {
  return (error instanceof ForbiddenError && error.code === 'forbidden') || (error instanceof AppError && error.code === 'token-scope');
}

/**
 * The `message` of a refusal: the English line `tandem` prints. An AppError's own message says what the command line
 * says beside the data directory; but what only the web's edge refuses (invalid fields, a body that is no JSON or too
 * large, a role without the permission) has no such line, and its developer text names zod's and the code's words
 * (`expected string, received number`, `glossary.manage`): those get the English sentence a person reads instead.
 */
function messageMember(error: unknown, status: number, english: TFunction | undefined): { message?: string } {
  if (!english) return error instanceof AppError ? { message: error.message } : {};
  // A service's refusal of a cursor (issues of its own, cursor-input.ts) is an AppError: `tandem status` prints its line.
  if (error instanceof InputError) return { message: issueSentences(error.issues, english, 'en', { named: true }).join(' ') };
  if (isAccessRefusal(error)) return { message: userMessage(error, english, 'en') ?? error.message };
  if (error instanceof AppError) return { message: error.message };
  return { message: userMessage(error, english, 'en') ?? statusSentence(status, english, false) };
}

/** Send `error` as a problem document with its status (see problemOf for `style`). */
export function sendProblem(req: Request, res: Response, error: unknown, style: ProblemStyle = {}): void {
  const problem = problemOf(error, req, style);
  const status = problem.status as number;
  const code = error instanceof AppError && style.bearer !== false ? error.code : '';
  // RFC 6750 §3.1: say whether the token itself is bad or only too narrow for this request.
  if (status === 401 && style.bearer !== false)
    res.set('WWW-Authenticate', `Bearer realm="tandem"${code.startsWith('token-') ? ', error="invalid_token"' : ''}`);
  if (code === 'token-scope') res.set('WWW-Authenticate', 'Bearer realm="tandem", error="insufficient_scope"');
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
  res.status(status).type(PROBLEM_JSON).set('Cache-Control', 'no-store').send(JSON.stringify(problem));
}

/** Unknown paths under /api: a 404 problem (never the HTML error page). */
export function apiNotFound(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`api: nothing at ${req.method} ${req.path}`));
}

/**
 * The API's error middleware: every error under /api becomes a problem document; 5xx are logged in full, refusals at
 * debug, and the developer message is never sent.
 */
export function apiErrorHandler(logger: Logger, i18n: i18n): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = statusOf(error);
    const log = res.locals.log ?? logger;
    if (status >= 500) log.error({ err: error }, 'api request failed');
    else log.debug({ err: error, status }, 'api request refused');
    if (!req.t) {
      req.t = i18n.t.bind(i18n);
      req.language = i18n.language;
    }
    req.i18n ??= i18n;
    sendProblem(req, res, error);
  };
}
