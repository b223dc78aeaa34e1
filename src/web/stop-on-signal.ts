import type { Logger } from 'pino';

/**
 * On SIGTERM or SIGINT (once each), log `shutdown requested`, run `close` and exit: 0 when it resolved, 1 (logged as
 * `shutdown failed`) when it threw. Returns the function that removes the handlers again. Shared by
 * `tandem serve`'s web listener (server.ts) and its worker role (main/roles.ts), so both stop alike.
 */
export function stopOnSignal(logger: Logger, close: () => Promise<void>): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutdown requested');
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
