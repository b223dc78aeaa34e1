import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import {
  AppError,
  ConfigError,
  ConflictError,
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
} from '../../src/core/errors.ts';
import { errorOfProblem } from '../../src/core/problem-types.ts';
import { problemOf } from '../../src/web/api/problem.ts';
import { problemTypeOf, statusOf } from '../../src/web/errors.ts';

// The command line beside a running server reads the API's problem documents back into errors with the same mapping
// the server wrote them with (core/problem-types.ts): each class must come back as itself, with its status and type.

/** A problem document as a client receives it (JSON), turned back into an error as the API client does. */
function roundTrip(error: Error): Error {
  const req = { originalUrl: '/api/v1/x' } as Request;
  const doc = JSON.parse(JSON.stringify(problemOf(error, req))) as Record<string, unknown>;
  return errorOfProblem({
    problem: String(doc.type).replace(/^.*#problem-/, ''),
    message: typeof doc.message === 'string' ? doc.message : `remote: ${String(doc.title)}`,
    ...(typeof doc.code === 'string' ? { code: doc.code } : {}),
    ...(typeof doc.reason === 'string' ? { reason: doc.reason } : {}),
    ...(typeof doc.limit === 'string' ? { limit: doc.limit } : {}),
    ...(typeof doc.max === 'number' ? { max: doc.max } : {}),
    ...(Array.isArray(doc.errors) ? { errors: doc.errors as string[] } : {}),
  });
}

const REFUSALS: readonly [string, Error, abstract new (...args: never[]) => Error][] = [
  ['FourEyesError', new FourEyesError('review: you wrote this text'), FourEyesError],
  ['ForbiddenError', new ForbiddenError('api: this token is read-only', 'forbidden', { reason: 'token.read-only' }), ForbiddenError],
  ['ValidationError', new ValidationError('users: bad name', ['name'], { reason: 'users.bad-name' }), ValidationError],
  ['FormatParseError', new FormatParseError('tmx: not XML at line 3', { line: 3 }), FormatParseError],
  ['LimitError', new LimitError('importBytes', 'import: the file is over 1 MiB'), LimitError],
  ['NotFoundError', new NotFoundError('publish: no article "x"', { reason: 'article.not-found' }), NotFoundError],
  ['IllegalTransitionError', new IllegalTransitionError('review: cannot approve a draft'), IllegalTransitionError],
  [
    'ConflictError (last admin)',
    new ConflictError('users: admin is the only admin', undefined, 'last-admin', { reason: 'users.last-admin' }),
    ConflictError,
  ],
  ['MtBudgetError', new MtBudgetError('mt: budget spent', { limit: 10, spent: 9, cost: 4 }), MtBudgetError],
  ['AppError by code', new AppError('precondition-failed', 'api: stale revision', { reason: 'revision.stale' }), AppError],
];

describe('problem documents read back into errors', () => {
  it.each(REFUSALS)(
    'when a %s is answered as a problem, then the client gets the same class, message, status and type',
    (_name, error, type) => {
      const revived = roundTrip(error);
      expect(revived).toBeInstanceOf(type);
      expect(revived.message).toBe(error.message);
      expect(statusOf(revived)).toBe(statusOf(error));
      expect(problemTypeOf(revived)).toBe(problemTypeOf(error));
      expect((revived as AppError).reason).toBe((error as AppError).reason);
    },
  );

  it.each([
    ['LockedError', new LockedError('data directory in use by pid 7'), LockedError],
    ['MtRateLimitError', new MtRateLimitError('deepl: 429'), MtRateLimitError],
    ['MtQuotaError', new MtQuotaError('deepl: 456'), MtQuotaError],
    ['MtError', new MtError('deepl: 500 from upstream'), MtError],
    ['ConfigError', new ConfigError('storage: secret path /etc/x'), ConfigError],
  ] as const)('when a %s (a 5xx) is answered, then its class comes back but never its developer message', (_name, error, type) => {
    const revived = roundTrip(error);
    expect(revived).toBeInstanceOf(type);
    expect(statusOf(revived)).toBe(statusOf(error));
    expect(revived.message).not.toBe(error.message);
  });
});
