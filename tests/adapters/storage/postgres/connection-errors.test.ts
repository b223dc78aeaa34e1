import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/core/errors.ts';
import { DatabaseUnavailableError, explainDatabaseError } from '../../../../src/adapters/storage/postgres/connection-errors.ts';

const URL = 'postgres://newsroom:s3cret-pw@db.example:6543/tandem';
const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

// The one mapping from PostgreSQL failures to a line a person can act on (start-up, every command, db import-lowdb).
describe('explainDatabaseError', () => {
  it.each([
    [
      'a user that may not create tables',
      withCode('42501', 'permission denied for schema public'),
      'database.not-migrated',
      /user "newsroom" may not bring the schema of "tandem" up to date \(permission denied for schema public\); run "tandem db migrate"/,
    ],
    [
      'a user that may not create an extension',
      withCode('42501', 'permission denied to create extension "pg_trgm"'),
      'database.extension',
      /user "newsroom" may not create the PostgreSQL extension pg_trgm in "tandem"; make the database owned by Tandem's user \(ALTER DATABASE "tandem" OWNER TO "newsroom"\) or have a superuser run "CREATE EXTENSION pg_trgm;" in that database$/,
    ],
    [
      'a migration refused for want of privileges (wrapped by migrate.ts)',
      new AppError('migration-failed', 'postgres: migration 0001_articles.sql failed: permission denied for schema public', {
        cause: withCode('42501', 'permission denied for schema public'),
      }),
      'database.not-migrated',
      /user "newsroom" may not bring the schema of "tandem" up to date \(permission denied for schema public\)/,
    ],
    [
      'the server shutting down',
      withCode('57P01', 'terminating connection due to administrator command'),
      'database.lost',
      /the connection to PostgreSQL at db\.example:6543 was lost \(57P01\); it is tried again/,
    ],
    [
      'a connection failure (class 08)',
      withCode('08006'),
      'database.lost',
      /the connection to PostgreSQL at db\.example:6543 was lost \(08006\)/,
    ],
    [
      'a reset socket',
      withCode('ECONNRESET', 'read ECONNRESET'),
      'database.lost',
      /the connection to PostgreSQL at db\.example:6543 was lost \(ECONNRESET\)/,
    ],
    [
      'a connection the client saw end',
      new Error('Connection terminated unexpectedly'),
      'database.lost',
      /the connection to PostgreSQL at db\.example:6543 was lost \(Connection terminated unexpectedly\)/,
    ],
    ['nothing listening', withCode('ECONNREFUSED'), 'database.refused', /nothing accepts connections at db\.example:6543/],
  ])('when it is %s, then it says so in one line with its message code and without the password', (_name, error, reason, message) => {
    const explained = explainDatabaseError(error, URL);
    expect(explained).toBeInstanceOf(DatabaseUnavailableError);
    const { message: text, reason: got, cause } = explained as DatabaseUnavailableError;
    expect(text).toMatch(new RegExp(`^database: ${message.source}`));
    expect(text).not.toContain('s3cret-pw');
    expect(text).not.toContain('\n');
    expect(got).toBe(reason);
    expect(cause).toBe(error);
  });

  it('when it is anything else, then it is returned as it is', () => {
    const error = withCode('23505', 'duplicate key value violates unique constraint');
    expect(explainDatabaseError(error, URL)).toBe(error);
  });
});
