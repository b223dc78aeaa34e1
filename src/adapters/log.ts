import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** Where logs go: a stream with `isTTY` when it is a terminal (process.stdout by default). */
export interface LogStream extends NodeJS.WritableStream {
  readonly isTTY?: boolean;
}

/**
 * A pino logger at the configured level, tagged `app: tandem`: one JSON object per line for log collectors, or, when
 * `stream` is a terminal, readable lines (time, level, message, fields) for a person watching it.
 */
export function createLogger(config: { readonly logLevel: string }, stream: LogStream = process.stdout): Logger {
  const options = { level: config.logLevel, base: { app: 'tandem' } };
  if (!stream.isTTY) return pino(options, stream);
  // Synchronous, in this thread: a start-up line and the log lines around it stay in order.
  return pino(options, pretty({ destination: stream, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' }));
}

/** How the first admin account came to be on this start, as UserService.ensureAdmin reports it. */
export type FirstAdmin =
  | { readonly created: false }
  | { readonly created: true; readonly name: string; readonly generated: boolean; readonly password: string };

/** A URL a person can open: a wildcard listening address (0.0.0.0, ::) becomes localhost. */
function openableUrl(url: string): string {
  return url.replace(/^http:\/\/(?:0\.0\.0\.0|\[::\])(?=:)/, 'http://localhost');
}

/**
 * The one human line printed when the server listens, outside the structured log (a generated password must never land
 * in log storage, nor scroll away among log lines): where Tandem is listening and, on first start, how to log in.
 */
export function startupLine(url: string, admin: FirstAdmin): string {
  const where = `Tandem is listening on ${openableUrl(url)}`;
  if (!admin.created) return `${where}\n`;
  if (!admin.generated) return `${where} — log in as "${admin.name}" with the password set in TANDEM_ADMIN_PASSWORD.\n`;
  return (
    `${where} — log in as "${admin.name}" with password ${admin.password}\n` +
    `  (shown only this once; \`tandem users reset-password ${admin.name}\` sets a new one, TANDEM_ADMIN_PASSWORD chooses it)\n`
  );
}
