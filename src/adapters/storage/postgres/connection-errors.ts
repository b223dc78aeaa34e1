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

/** Socket errors of a connection that was made and then lost, or that timed out. */
const LOST = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * `error` (thrown while connecting to, migrating or using the database at `url`) as a DatabaseUnavailableError when it
 * is one a person can fix: nothing listening, unknown host, refused credentials, missing database, a schema from a
 * newer Tandem, a user that may not change the schema, or a connection lost on the way (server shut down, network
 * gone). Anything else is returned as it is.
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
  // SQLSTATE 42501 insufficient_privilege: the user may not create the tables a migration makes.
  if (sqlState === '42501') {
    return fail(
      'database-not-migrated',
      'database.not-migrated',
      `user "${user}" may not bring the schema of "${database}" up to date (${messageOf(error)}); run "tandem db migrate" as a user that may create tables`,
      { user, database },
    );
  }
  // SQLSTATE class 08 connection_exception; 57P01–57P03 the server is shutting down or not accepting connections.
  const lost = typeof sqlState === 'string' && (sqlState.startsWith('08') || /^57P0[1-3]$/.test(sqlState));
  if (lost || (errno !== undefined && LOST.has(errno)) || /^Connection terminated/.test(messageOf(error))) {
    return fail(
      'database-unreachable',
      'database.unreachable',
      `the connection to PostgreSQL at ${address} failed (${messageOf(error)}); check that PostgreSQL runs and TANDEM_DATABASE_URL`,
      { address },
    );
  }
  return error;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type DatabaseReason =
  | 'database.refused'
  | 'database.unknown-host'
  | 'database.auth'
  | 'database.missing'
  | 'database.schema-too-new'
  | 'database.not-migrated'
  | 'database.unreachable';
