import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { stopOnSignal } from './stop-on-signal.ts';

export interface ServerConfig {
  /** TCP port; 0 picks a free one (tests). */
  readonly port: number;
  /** Interface to bind; loopback unless the operator says otherwise. */
  readonly host?: string;
  readonly logger: Logger;
  /** Runs once after the last in-flight request finished: close stores, release the data-directory lock. */
  readonly onShutdown?: () => Promise<void> | void;
  /** How long in-flight requests may take to finish before their connections are cut (default 10 s). */
  readonly shutdownTimeoutMs?: number;
  /** Install SIGTERM/SIGINT handlers that shut down and exit (default true; tests pass false). */
  readonly handleSignals?: boolean;
}

export interface RunningServer {
  /** `http://host:port` the server answers on. */
  readonly url: string;
  readonly server: Server;
  /** Stop accepting, let in-flight requests finish, then run onShutdown. Safe to call more than once. */
  close(): Promise<void>;
}

/** Listen with `app`; on SIGTERM/SIGINT shut down gracefully and exit 0 (1 if shutting down failed). */
export async function startServer(app: Express, config: ServerConfig): Promise<RunningServer> {
  const host = config.host ?? '127.0.0.1';
  const { logger } = config;
  const server = createServer(app);
  // Keep-alive sockets of idle browsers would otherwise hold close() open until they time out.
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url }, 'server listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info('server stopping: finishing in-flight requests');
      const timer = setTimeout(() => {
        logger.warn('server: in-flight requests did not finish in time; closing their connections');
        server.closeAllConnections();
      }, config.shutdownTimeoutMs ?? 10_000);
      timer.unref();
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      // Open event streams never finish by themselves; the app ends them (routes/live.ts).
      app.emit('shutdown');
      server.closeIdleConnections();
      try {
        await closed;
      } finally {
        clearTimeout(timer);
      }
      await config.onShutdown?.();
      logger.info('server stopped');
    })();
    return closing;
  };

  if (config.handleSignals ?? true) {
    const unhandle = stopOnSignal(logger, close);
    server.once('close', unhandle);
  }
  return { url, server, close };
}
