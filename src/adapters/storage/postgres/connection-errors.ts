import { AppError } from '../../../core/errors.ts';

/**
 * Why Tandem could not use its PostgreSQL database, as one line a person can act on (CLI, start-up) and a message
 * code (`errors:reasons.database.*`). The URL's password is never part of either.
 */
export class DatabaseUnavailableError extends AppError {}

/** Where the URL points, without its password. */
function target(url: string): { host: string; port: string; user: string; database: string } {
  try {
    const u = new URL(url);
    return {
      host: decodeURIComponent(u.hostname) || 'localhost',
      port: u.port || '5432',
      user: decodeURIComponent(u.username) || '(your system user)',
      database: decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || '(default)',
    };
  } catch {
    return { host: '?', port: '?', user: '?', database: '?' };
  }
}

/** The errno of a socket error; Node reports a refused dual-stack connect as an AggregateError of several. */
function errnoOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; errors?: unknown } | null;
  if (typeof e?.code === 'string') return e.code;
  if (Array.isArray(e?.errors)) return errnoOf(e.errors[0]);
  return undefined;
}

/**
 * `error` (thrown while connecting to or migrating the database at `url`) as a DatabaseUnavailableError when it is one
 * a person can fix: nothing listening, unknown host, refused credentials, missing database, or a schema from a newer
 * Tandem. Anything else is returned as it is.
 */
export function explainDatabaseError(error: unknown, url: string): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  const { host, port, user, database } = target(url);
  const address = `${host}:${port}`;
  const fail = (code: string, reason: DatabaseReason, message: string, params: Record<string, string>) =>
    new DatabaseUnavailableError(code, `database: ${message}`, { cause: error, reason, params });
  if (error instanceof AppError && error.code === 'schema-too-new') {
    return fail('database-schema-too-new', 'database.schema-too-new', error.message.replace(/^postgres: /, ''), { database });
  }
  const sqlState = (error as { code?: unknown } | null)?.code;
  // SQLSTATE 28P01 invalid_password; 28000 invalid_authorization_specification (no pg_hba.conf entry, unknown role).
  if (sqlState === '28P01' || sqlState === '28000') {
    return fail(
      'database-auth',
      'database.auth',
      `PostgreSQL at ${address} refused user "${user}" (wrong password, unknown user or not allowed from here); check the user and password in TANDEM_DATABASE_URL`,
      { user, address },
    );
  }
  if (sqlState === '3D000') {
    return fail(
      'database-missing',
      'database.missing',
      `PostgreSQL at ${address} has no database "${database}"; create it (createdb --owner ${user} ${database}) or fix TANDEM_DATABASE_URL`,
      { database, address },
    );
  }
  const errno = errnoOf(error);
  if (errno === 'ECONNREFUSED') {
    return fail(
      'database-refused',
      'database.refused',
      `nothing accepts connections at ${address} (connection refused); start PostgreSQL or fix the host and port in TANDEM_DATABASE_URL`,
      { address },
    );
  }
  if (errno === 'ENOTFOUND' || errno === 'EAI_AGAIN') {
    return fail(
      'database-unknown-host',
      'database.unknown-host',
      `the database host "${host}" cannot be found (${errno}); fix the host in TANDEM_DATABASE_URL`,
      { host },
    );
  }
  return error;
}

type DatabaseReason = 'database.refused' | 'database.unknown-host' | 'database.auth' | 'database.missing' | 'database.schema-too-new';
