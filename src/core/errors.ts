import { LIMITS, type LimitName } from './limits.ts';

/**
 * Message codes: what a person is told about an error, translated by the web layer as `errors:reasons.<code>` with the
 * error's `params` (every code has a sentence in every UI language; tests/web/error-messages.test.ts walks them all).
 * An error without one is shown by its class's status sentence; its developer `message` only goes to the log.
 */
export const ERROR_REASONS = [
  'article.not-found',
  'segment.not-found',
  'locale.not-target',
  'locale.not-source',
  'import.no-content',
  'import.unknown-format',
  'import.no-slug',
  'import.bad-slug',
  'import.no-front-matter',
  'import.no-title',
  'import.no-title-html',
  'import.no-text',
  'import.no-push-slug',
  'import.front-matter-spelling',
  'import.front-matter-date',
  'import.front-matter-value',
  'format.binary',
  'format.control-char',
  'format.not-utf8',
  'format.lone-surrogate',
  'format.empty',
  'format.front-matter-yaml',
  'format.front-matter-toml',
  'format.front-matter-json',
  'format.front-matter-unclosed',
  'format.front-matter-not-mapping',
  'format.front-matter-not-text',
  'format.front-matter-alias-loop',
  'format.unreadable',
  'format.unreadable-at',
  'hook.off',
  'hook.missing',
  'hook.stale-timestamp',
  'hook.bad-signature',
  'hook.not-json',
  'hook.media-type',
  'file.not-utf8',
  'markup.stray-lt',
  'markup.unknown-markup',
  'markup.tag-not-in-source',
  'markup.tag-kind',
  'markup.unexpected-close',
  'markup.unclosed',
  'markup.bad-entity',
  'translation.empty',
  'translation.changed-on-approve',
  'translation.four-eyes',
  'translation.approved-needs-reviewer',
  'translation.stale-revision',
  'reason.empty',
  'comment.empty',
  'rejection.needs-comment',
  'check.not-failing',
  'check.not-dismissable',
  'check.not-dismissed',
  'csrf.expired',
  'role.forbidden',
  'role.locale',
  'body.not-json',
  'body.not-object',
  'body.too-large',
  'body.charset',
  'body.too-many-fields',
  'body.unreadable',
  'service.unavailable',
  'users.exists',
  'users.bad-name',
  'users.password-length',
  'users.last-admin',
  'mt.budget',
  'mt.no-job',
  'cursor.foreign',
  'token.bad-name',
  'token.bad-expiry',
  'token.not-found',
  'token.read-only',
  'token.locale',
  'token.unknown',
  'token.expired',
  'token.revoked',
  'revision.required',
  'revision.stale',
  'revision.unmatched',
  'idempotency.reused',
  'feed.busy',
  'idempotency.busy',
  'xliff.agency-name',
  'xliff.approve-needs-reviewer',
  'xliff.unreadable',
  'xliff.unreadable-at',
  'xliff.other-locale',
  'mt.budget-range',
  'mt.no-source',
  'mt.failed',
  'mt.rate-limit',
  'mt.quota',
  'mt.auth',
  'mt.glossary-refused',
  'slug.invalid',
  'import.not-a-file',
  'import.slug-many-files',
  'import.after-step',
  'file.folder',
  'file.not-regular',
  'file.missing',
  'file.loop',
  'file.permission',
  'file.nul',
  'file.unreadable',
  'file.too-large',
  'upload.no-file',
  'upload.bad-name',
  'upload.unreadable',
  'upload.too-large',
  'upload.no-length',
  'glossary.invalid-csv',
  'glossary.too-many',
  'glossary.unknown-columns',
  'glossary.same-locales',
  'glossary.merge-and-replace',
  'glossary.empty',
  'memory.no-entry',
  'memory.threshold',
  'memory.empty-search',
  'glossary.bad-rows',
  'glossary.bad-entry',
  'glossary.exists',
  'confidential.term-length',
  'confidential.rendering-length',
  'confidential.term-character',
  'confidential.rendering-character',
  'publish.refused',
  'publish.open-errors',
  'publish.never-published',
  'publish.no-version',
  'publish.source-always-published',
  'publish.release-format',
  'publish.release-past',
  'database.refused',
  'database.unknown-host',
  'database.auth',
  'database.missing',
  'database.schema-too-new',
  'lowdb.not-data-dir',
  'lowdb.corrupt',
  'database.not-configured',
  'database.unreachable',
  'database.not-migrated',
  'database.extension',
  'database.lost',
  'remote.unreachable',
  'remote.token',
  'remote.not-tandem',
  'remote.not-supported',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];
/** Values a reason's sentence names (a slug, a locale tag, a position); numbers are formatted for the reader. */
export type ErrorParams = Readonly<Record<string, string | number>>;

export interface AppErrorOptions {
  readonly cause?: unknown;
  /** The message code a person is shown. */
  readonly reason?: ErrorReason;
  readonly params?: ErrorParams;
  /** Per-field problems a form can show one by one (validation errors). */
  readonly problems?: readonly InputProblem[];
}

/**
 * Base of every error Tandem raises on purpose; `code` is stable and safe to branch on, `reason` and `params` say what
 * a person is told, `message` is for developers and logs only.
 */
export class AppError extends Error {
  readonly code: string;
  readonly reason: ErrorReason | undefined;
  readonly params: ErrorParams;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.reason = options.reason;
    this.params = options.params ?? {};
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

  constructor(message: string, details: readonly string[] = [], options?: AppErrorOptions) {
    super('validation', message, options);
    this.details = details;
    this.problems = options?.problems ?? [];
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super('not-found', message, options);
  }
}

/**
 * Optimistic-concurrency or state conflicts: the caller's view of the record is out of date, or the change would break
 * a rule about the stored data as a whole (`code` says which, e.g. `last-admin`).
 */
export class ConflictError extends AppError {
  readonly current: unknown;

  constructor(message: string, current?: unknown, code = 'conflict', options?: AppErrorOptions) {
    super(code, message, options);
    this.current = current;
  }
}

/** A workflow transition that the state machine does not allow. */
export class IllegalTransitionError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super('illegal-transition', message, options);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, code = 'forbidden', options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/**
 * The four-eyes rule refused an approval: the approver wrote the translation's current text, so another reviewer
 * must approve it. A ForbiddenError, so callers that do not care still answer 403.
 */
export class FourEyesError extends ForbiddenError {
  constructor(message: string) {
    super(message, 'four-eyes', { reason: 'translation.four-eyes' });
  }
}

export class ConfigError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super('config', message, options);
  }
}

/** Input that a format adapter could not read; `file` and `line` say where when known. */
export class FormatParseError extends AppError {
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(message: string, where: { file?: string; line?: number } = {}, options?: AppErrorOptions) {
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

/**
 * The database cannot be used right now: nothing listening, refused credentials, a missing database, a connection the
 * server ended (adapters/storage/postgres/connection-errors.ts decides which failures are these). At start-up a person
 * must fix it; during a request it is a 503 the client may try again after.
 */
export class DatabaseUnavailableError extends AppError {}

/** Another process owns the data directory. */
export class LockedError extends AppError {
  /**
   * `params` of the lock's own refusal: `dataDir` (absolute) and `owner` (`(pid 42)`, `(pid 42 on host)`), so a caller
   * can word the refusal in its own terms instead of wrapping the sentence in another.
   */
  constructor(message: string, params?: ErrorParams) {
    super('locked', message, params ? { params } : {});
  }
}

/** What a person is told about a machine-translation failure, by its code (any other code: `mt.failed`). */
const MT_REASONS: Readonly<Record<string, ErrorReason>> = {
  'mt-rate-limit': 'mt.rate-limit',
  'mt-quota': 'mt.quota',
  'mt-auth': 'mt.auth',
  'mt-glossary-refused': 'mt.glossary-refused',
};

export class MtError extends AppError {
  /** HTTP status from the provider, when there was one. */
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** How long the provider asked us to wait before trying again (its Retry-After), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, opts: { status?: number; retryable?: boolean; cause?: unknown; code?: string; retryAfterMs?: number } = {}) {
    const code = opts.code ?? 'mt';
    super(code, message, { cause: opts.cause, reason: MT_REASONS[code] ?? 'mt.failed' });
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
    super('mt-budget', message, { reason: 'mt.budget', params: figures });
    this.limit = figures.limit;
    this.spent = figures.spent;
    this.cost = figures.cost;
  }
}

/** A feed could not be fetched or read; `retryable` when trying again later may succeed. */
export class FeedFetchError extends AppError {
  constructor(
    message: string,
    readonly retryable: boolean,
    options: { readonly cause?: unknown } = {},
  ) {
    super('feed-fetch', message, options);
  }
}
