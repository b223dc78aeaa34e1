import type { Logger } from 'pino';
import { createLogger } from '../adapters/log.ts';
import type { ServeRole } from '../cli/command.ts';
import type { TandemConfig } from '../config.ts';
import { ConfigError } from '../core/errors.ts';
import type { OpenTandemConfig } from '../main.ts';
import type { Tandem } from '../services/tandem.ts';
import { stopOnSignal } from '../web/stop-on-signal.ts';
import { startWorkerDuties } from './background.ts';

// Part of the composition root (main.ts): what differs between the roles of `tandem serve`.

/**
 * Refuse a worker on a backend whose data one process owns (lowdb's data directory, or nothing kept): a worker only
 * works beside web processes through a shared database. A web process is allowed on any backend; on such a one it is
 * the directory's only process, so nothing is machine-translated, polled or reconciled until it is served with `all`
 * (a copy of production that must not spend the quota or import from the live feed, a test that plants the queue).
 */
export function refuseSplitRole(config: Pick<TandemConfig, 'storage'>, role: ServeRole): void {
  if (role === 'worker' && config.storage !== 'postgres') {
    throw new ConfigError(
      `serve: --role ${role} needs a database that several processes share: set TANDEM_DATABASE_URL (PostgreSQL); the ${config.storage ?? 'lowdb'} backend belongs to one process, so run "tandem serve" (--role all)`,
    );
  }
}

/** Log the role a server started in; a web process that is its directory's only one runs no background duty, so it warns. */
export function logServing(config: Pick<TandemConfig, 'storage'>, role: ServeRole, url: string, logger: Logger): void {
  logger.info({ role, url }, `serving as ${role}`);
  if (role === 'web' && config.storage !== 'postgres')
    logger.warn(
      'serve: --role web on a data directory no other process can open: nothing is machine-translated, polled or reconciled until it is served with --role all',
    );
}

/** Check the MT provider's key in the background and log the outcome (a status to show, never a crash). */
export function verifyMtInBackground(tandem: Tandem, logger: Logger): void {
  void tandem.mt.verify().then(
    (status) =>
      logger[status.state === 'ready' || status.state === 'retrying' ? 'info' : 'warn'](
        { provider: status.provider, state: status.state, keyCheck: status.keyCheck.state },
        status.message,
      ),
    (error: unknown) => logger.warn({ err: error }, 'mt: the key check failed'),
  );
}

/** A running `tandem serve --role worker`. */
export interface RunningWorker {
  /** Stop the duties (the current MT round finishes), close the stores. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * `tandem serve --role worker`: the worker duties (MT worker, feed polling, memory reconciliation; see
 * src/main/background.ts) without an HTTP listener, on a PostgreSQL database (ConfigError otherwise). Logs `worker
 * started`; SIGTERM/SIGINT (when `handleSignals`, the default) stop it cleanly and exit 0.
 */
export async function runWorker(
  config: TandemConfig,
  open: (config: TandemConfig, options: OpenTandemConfig) => Promise<Tandem>,
  options: { readonly handleSignals?: boolean } = {},
): Promise<RunningWorker> {
  refuseSplitRole(config, 'worker');
  const logger = createLogger(config);
  const tandem = await open(config, { lock: true, logger });
  const { openDutyLocks } = await import('../adapters/storage/index.ts');
  verifyMtInBackground(tandem, logger);
  const background = startWorkerDuties(tandem, config, logger, openDutyLocks(config.storage, config.databaseUrl));
  logger.info({ role: 'worker', pid: process.pid }, 'worker started');
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      logger.info('worker stopping: finishing the current round');
      try {
        await background.stop();
      } finally {
        await tandem.close();
      }
      logger.info('worker stopped');
    })();
    return closing;
  };
  if (options.handleSignals ?? true) stopOnSignal(logger, close);
  return { close };
}
