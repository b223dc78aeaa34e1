import { LIMITS, type LimitName } from './limits.ts';

/** Base of every error Tandem raises on purpose; `code` is stable and safe to show or branch on. */
export class AppError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * One refused part of an input (a line of a file, a field of a form) as a stable code and the values its sentence
 * needs, so each caller words it in its reader's language (the web through `<ns>:problems.<code>`).
 */
export interface InputProblem {
  readonly code: string;
  /** The line of the file, 1-based, when the input is a file. */
  readonly line?: number;
  readonly values?: Readonly<Record<string, string | number>>;
}

export class ValidationError extends AppError {
  /** Structured detail for callers that show field-level messages. */
  readonly details: readonly string[];
  /** The same problems as codes, when the thrower words them itself (empty otherwise). */
  readonly problems: readonly InputProblem[];

  constructor(message: string, details: readonly string[] = [], options?: { cause?: unknown; problems?: readonly InputProblem[] }) {
    super('validation', message, options);
    this.details = details;
    this.problems = options?.problems ?? [];
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('not-found', message);
  }
}

/**
 * Optimistic-concurrency or state conflicts: the caller's view of the record is out of date, or the change would break
 * a rule about the stored data as a whole (`code` says which, e.g. `last-admin`).
 */
export class ConflictError extends AppError {
  readonly current: unknown;

  constructor(message: string, current?: unknown, code = 'conflict') {
    super(code, message);
    this.current = current;
  }
}

/** A workflow transition that the state machine does not allow. */
export class IllegalTransitionError extends AppError {
  constructor(message: string) {
    super('illegal-transition', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, code = 'forbidden') {
    super(code, message);
  }
}

/**
 * The four-eyes rule refused an approval: the approver wrote the translation's current text, so another reviewer
 * must approve it. A ForbiddenError, so callers that do not care still answer 403.
 */
export class FourEyesError extends ForbiddenError {
  constructor(message: string) {
    super(message, 'four-eyes');
  }
}

export class ConfigError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', message, options);
  }
}

/** Input that a format adapter could not read; `file` and `line` say where when known. */
export class FormatParseError extends AppError {
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(message: string, where: { file?: string; line?: number } = {}, options?: { cause?: unknown }) {
    super('format-parse', message, options);
    this.file = where.file;
    this.line = where.line;
  }
}

/**
 * Input over one of the limits in core/limits.ts (too large, nested too deep, too many segments…), refused before the
 * expensive work. `limit` names it; `max` is its value (another only where a caller set a lower one); `actual` what
 * the input had, when it was counted rather than estimated past the limit; `file` and `line` say where when known.
 */
export class LimitError extends AppError {
  readonly limit: LimitName;
  readonly max: number;
  readonly actual: number | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(
    limit: LimitName,
    message: string,
    where: { readonly actual?: number; readonly file?: string; readonly line?: number; readonly max?: number } = {},
    options?: { cause?: unknown },
  ) {
    super('limit', message, options);
    this.limit = limit;
    this.max = where.max ?? LIMITS[limit];
    this.actual = where.actual;
    this.file = where.file;
    this.line = where.line;
  }
}

/** Another process owns the data directory. */
export class LockedError extends AppError {
  constructor(message: string) {
    super('locked', message);
  }
}

export class MtError extends AppError {
  /** HTTP status from the provider, when there was one. */
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** How long the provider asked us to wait before trying again (its Retry-After), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, opts: { status?: number; retryable?: boolean; cause?: unknown; code?: string; retryAfterMs?: number } = {}) {
    super(opts.code ?? 'mt', message, { cause: opts.cause });
    this.status = opts.status;
    this.retryable = opts.retryable ?? false;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

export class MtRateLimitError extends MtError {
  constructor(message: string, opts: { status?: number; cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, { ...opts, retryable: true, code: 'mt-rate-limit' });
  }
}

/** The provider's character quota for the billing period is spent; the queue pauses until resumed. */
export class MtQuotaError extends MtError {
  constructor(message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(message, { ...opts, retryable: false, code: 'mt-quota' });
  }
}

export class MtAuthError extends MtError {
  constructor(message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(message, { ...opts, retryable: false, code: 'mt-auth' });
  }
}

/**
 * A machine-translation re-run refused because the person's character budget for the day is spent (or would be by
 * this re-run); an editor can raise the budget.
 */
export class MtBudgetError extends AppError {
  /** Characters per person and UTC day. */
  readonly limit: number;
  /** Characters this person re-ran today. */
  readonly spent: number;
  /** Characters the refused re-run would have sent. */
  readonly cost: number;

  constructor(message: string, figures: { readonly limit: number; readonly spent: number; readonly cost: number }) {
    super('mt-budget', message);
    this.limit = figures.limit;
    this.spent = figures.spent;
    this.cost = figures.cost;
  }
}
