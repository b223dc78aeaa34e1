import { AppError, DatabaseUnavailableError } from '../../../core/errors.ts';

// Why Tandem could not use its PostgreSQL database, as one line a person can act on (CLI, start-up) and a message code
// (`errors:reasons.database.*`): the one mapping, used at start-up and on every query (pool.ts), where the web answers
// the error with a 503 (core/problem-types.ts). The URL's password is never part of either.
export { DatabaseUnavailableError };

/**
 * SQLSTATEs of a connection the server ended or cannot give yet: 57P01 admin_shutdown (a fast or smart stop,
 * pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down), and class 08
 * connection_exception.
 */
const LOST_STATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
/** Socket errnos of a connection that broke or never came. */
const LOST_ERRNOS = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * node-postgres words these as plain Errors without a code: the socket closed under a query ("Connection terminated
 * unexpectedly"), a query on a client that already lost it ("Client has encountered a connection error and is not
 * queryable"), and a pool that could not connect within its timeout.
 */
/** PostgreSQL's refusal of CREATE EXTENSION (`permission denied to create extension "pg_trgm"`), naming the extension. */
const EXTENSION_REFUSED = /permission denied to create extension "([^"]+)"/;
const LOST_MESSAGES = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

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
 * `error` (thrown while connecting to, migrating or querying the database at `url`) as a DatabaseUnavailableError when
 * the database cannot be used: nothing listening, unknown host, refused credentials, missing database, a schema from a
 * newer Tandem, a user that may not change the schema or create an extension a migration needs, or a connection lost (the server stopped or ended it). Anything else (a constraint violation, a bug)
 * is returned as it is.
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
  // A failing migration is wrapped (migrate.ts `migration-failed`, naming its file); PostgreSQL's failure is its cause.
  const failed = error instanceof AppError && error.code === 'migration-failed' ? error.cause : error;
  const sqlState = (failed as { code?: unknown } | null)?.code;
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
  const errno = errnoOf(failed);
  if (errno === 'ECONNREFUSED') {
    return fail(
      'database-refused',
      'database.refused',
      `nothing accepts connections at ${address} (connection refused); start PostgreSQL or fix the host and port in TANDEM_DATABASE_URL`,
      { address },
    );
  }
  if ((typeof sqlState === 'string' && LOST_STATES.has(sqlState)) || (errno && LOST_ERRNOS.has(errno)) || lostMessage(failed)) {
    return fail(
      'database-lost',
      'database.lost',
      `the connection to PostgreSQL at ${address} was lost (${typeof sqlState === 'string' ? sqlState : (errno ?? messageOf(failed))}); it is tried again on the next request`,
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
  // SQLSTATE 42501 insufficient_privilege. CREATE EXTENSION (pg_trgm, migration 0200) needs the CREATE privilege on the
  // database, which its owner has and a user granted only the schema lacks: the fix is the owner or a superuser.
  const extension = EXTENSION_REFUSED.exec(messageOf(failed))?.[1];
  if (sqlState === '42501' && extension !== undefined) {
    return fail(
      'database-extension',
      'database.extension',
      `user "${user}" may not create the PostgreSQL extension ${extension} in "${database}"; make the database owned by Tandem's user (ALTER DATABASE "${database}" OWNER TO "${user}") or have a superuser run "CREATE EXTENSION ${extension};" in that database`,
      { user, database, extension },
    );
  }
  // The user may not create the tables a migration makes.
  if (sqlState === '42501') {
    return fail(
      'database-not-migrated',
      'database.not-migrated',
      `user "${user}" may not bring the schema of "${database}" up to date (${messageOf(failed)}); run "tandem db migrate" as a user that may create tables`,
      { user, database },
    );
  }
  return error;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function lostMessage(error: unknown): boolean {
  return error instanceof Error && !(error instanceof AppError) && LOST_MESSAGES.test(error.message);
}

type DatabaseReason =
  | 'database.refused'
  | 'database.unknown-host'
  | 'database.auth'
  | 'database.missing'
  | 'database.schema-too-new'
  | 'database.not-migrated'
  | 'database.extension'
  | 'database.lost';
