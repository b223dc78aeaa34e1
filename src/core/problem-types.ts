import {
  AppError,
  ConfigError,
  ConflictError,
  DatabaseUnavailableError,
  ERROR_REASONS,
  type ErrorParams,
  type ErrorReason,
  ForbiddenError,
  FormatParseError,
  FourEyesError,
  IllegalTransitionError,
  LimitError,
  LockedError,
  MtBudgetError,
  MtError,
  MtQuotaError,
  MtRateLimitError,
  NotFoundError,
  ValidationError,
} from './errors.ts';
import { LIMIT_NAMES, type LimitName } from './limits.ts';

/**
 * What a problem document (RFC 9457, as the API answers) says about an error, read back by a client: the `type`'s last
 * part, the error's `code`, `reason` and `params`, and `message`, the sentence the command line prints for it.
 */
export interface ProblemFields {
  readonly problem: string;
  readonly message: string;
  readonly code?: string;
  readonly reason?: string;
  readonly params?: ErrorParams;
  readonly limit?: string;
  readonly max?: number;
  readonly errors?: readonly string[];
}

function reasonOf(fields: ProblemFields): { reason?: ErrorReason; params?: ErrorParams } {
  const reason = (ERROR_REASONS as readonly string[]).includes(fields.reason ?? '') ? (fields.reason as ErrorReason) : undefined;
  return { ...(reason ? { reason } : {}), ...(fields.params ? { params: fields.params } : {}) };
}

/**
 * The one mapping from error class to HTTP status, the API's problem type (RFC 9457 `type`: stable, clients branch on
 * it) and, for refusals a person can act on while working on a page, the `review:errors.*` key of the sentence shown
 * there; `revive` turns a problem document back into an error of the same class (the command line talking to a
 * server). The first entry the error is an instance of wins, so subclasses come before their base.
 */
export const ERROR_CLASSES: readonly {
  readonly type: abstract new (...args: never[]) => Error;
  readonly status: number;
  readonly problem: string;
  readonly refusal?: string;
  /** Seconds a client should wait before trying again (`Retry-After`), for a condition expected to pass. */
  readonly retryAfter?: number;
  readonly revive: (fields: ProblemFields) => Error;
}[] = [
  { type: FourEyesError, status: 403, problem: 'four-eyes', refusal: 'fourEyes', revive: (f) => new FourEyesError(f.message) },
  { type: ForbiddenError, status: 403, problem: 'forbidden', revive: (f) => new ForbiddenError(f.message, f.code, reasonOf(f)) },
  {
    type: ValidationError,
    status: 400,
    problem: 'validation',
    refusal: 'invalid',
    revive: (f) => new ValidationError(f.message, f.errors ?? [], reasonOf(f)),
  },
  { type: FormatParseError, status: 400, problem: 'format-parse', revive: (f) => new FormatParseError(f.message, {}, reasonOf(f)) },
  // Too large, too deep, too many segments: the content is what is too large, whatever the request's size.
  {
    type: LimitError,
    status: 413,
    problem: 'limit',
    revive: (f) =>
      (LIMIT_NAMES as readonly string[]).includes(f.limit ?? '')
        ? new LimitError(f.limit as LimitName, f.message, f.max === undefined ? {} : { max: f.max })
        : new AppError('too-large', f.message),
  },
  { type: NotFoundError, status: 404, problem: 'not-found', revive: (f) => new NotFoundError(f.message, reasonOf(f)) },
  {
    type: IllegalTransitionError,
    status: 409,
    problem: 'illegal-transition',
    refusal: 'transition',
    revive: (f) => new IllegalTransitionError(f.message, reasonOf(f)),
  },
  {
    type: ConflictError,
    status: 409,
    problem: 'conflict',
    refusal: 'conflict',
    revive: (f) => new ConflictError(f.message, undefined, f.code, reasonOf(f)),
  },
  { type: LockedError, status: 503, problem: 'locked', revive: (f) => new LockedError(f.message) },
  // The database went away (stopped, restarting, failing over): the pool reconnects on a later request by itself.
  {
    type: DatabaseUnavailableError,
    status: 503,
    problem: 'database-unavailable',
    retryAfter: 5,
    revive: (f) => new DatabaseUnavailableError(f.code ?? 'database-unavailable', f.message, reasonOf(f)),
  },
  // A person's daily machine-translation re-run budget is spent: theirs to wait out (or an editor's to raise).
  {
    type: MtBudgetError,
    status: 429,
    problem: 'mt-budget',
    revive: (f) => new MtBudgetError(f.message, { limit: 0, spent: 0, cost: 0, ...(f.params as Record<string, number>) }),
  },
  // The provider's limits are ours to wait out, not the client's fault: 503 tells the browser to try later.
  { type: MtRateLimitError, status: 503, problem: 'mt-rate-limit', revive: (f) => new MtRateLimitError(f.message) },
  { type: MtQuotaError, status: 503, problem: 'mt-quota', revive: (f) => new MtQuotaError(f.message) },
  { type: MtError, status: 502, problem: 'mt', revive: (f) => new MtError(f.message, f.code ? { code: f.code } : {}) },
  { type: ConfigError, status: 500, problem: 'config', revive: (f) => new ConfigError(f.message) },
];

/** Statuses of AppErrors that have no class of their own, by code (the code is their problem type too). */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  unauthenticated: 401,
  // A bearer token that is no credential, each with its own type so a client can tell "renew it" from "fix it".
  'token-unknown': 401,
  'token-expired': 401,
  'token-revoked': 401,
  // A live token asked for more than it may do (read-only, narrowed to other locales); the owner's role is `forbidden`.
  'token-scope': 403,
  'length-required': 411,
  // The API's optimistic concurrency: If-Match names a revision that is not the current one, or is missing.
  'precondition-failed': 412,
  'too-large': 413,
  'unsupported-media-type': 415,
  'precondition-required': 428,
  'rate-limited': 429,
  unavailable: 503,
};

/**
 * The error a problem document stands for: the class its `type` maps to (ERROR_CLASSES), else an AppError with the
 * problem's code, carrying its message code either way.
 */
export function errorOfProblem(fields: ProblemFields): Error {
  const entry = ERROR_CLASSES.find((e) => e.problem === fields.problem);
  if (entry) return entry.revive(fields);
  return new AppError(fields.code ?? fields.problem, fields.message, reasonOf(fields));
}
