import type { Logger } from 'pino';
import type { TandemConfig } from '../config.ts';
import type { ApiClient } from '../core/ports/api-client.ts';
import { LocalAccessService } from '../services/local-access.ts';
import { RemoteReading, type ReadingServices } from '../services/remote-reading.ts';
import { RemoteServices, type WritingServices } from '../services/remote-services.ts';
import type { Tandem } from '../services/tandem.ts';

// Part of the composition root (main.ts): the command line beside a running server. `serve` leaves its address and a
// local admin token in the data directory; the CLI's commands find them (or TANDEM_URL and TANDEM_TOKEN) and
// go through the server's API. Adapters are loaded on first use.

/**
 * The server's address as the CLI on this machine dials it: a wildcard bind (`0.0.0.0`, `::`) is reached on loopback.
 */
function localUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0') parsed.hostname = '127.0.0.1';
  else if (parsed.hostname === '[::]') parsed.hostname = '[::1]';
  return parsed.origin;
}

/**
 * Mint the local token and write the server file for a server now listening at `url`. A failure is logged and leaves
 * the server running: the command line then refuses to write while it runs, as it did before.
 */
export async function startLocalAccess(
  tandem: Tandem,
  config: TandemConfig,
  url: string,
  logger: Logger,
): Promise<LocalAccessService | null> {
  const { JsonServerFileStore } = await import('../adapters/storage/server-file.ts');
  const access = new LocalAccessService({
    tokens: tandem.apiTokens,
    users: tandem.users,
    file: new JsonServerFileStore(config.dataDir),
    pid: process.pid,
  });
  try {
    const file = await access.start(localUrl(url));
    logger.info({ url: file.url, tokenId: file.tokenId }, 'server file written for the local command line');
    return access;
  } catch (error) {
    logger.warn(
      { err: error },
      'serve: the server file for the local command line was not written; CLI writes are refused while this server runs',
    );
    return null;
  }
}

/**
 * A client of the running server the CLI should go through: the one TANDEM_URL names (with TANDEM_TOKEN), else the one
 * whose server file is in the data directory and answers on /healthz; null when there is neither. A file left by a
 * killed server (nothing answers) counts as none, so the lock's own logic decides.
 */
async function serverClient(config: TandemConfig): Promise<{ client: ApiClient; local: boolean } | null> {
  const { HttpApiClient } = await import('../adapters/api-client/index.ts');
  if (config.remote) {
    return {
      client: new HttpApiClient({ url: config.remote.url, token: config.remote.token, tokenSource: 'TANDEM_TOKEN' }),
      local: false,
    };
  }
  const { JsonServerFileStore } = await import('../adapters/storage/server-file.ts');
  // Unreadable (another account's server: the file is 0600) is as good as absent: the lock refusal says who owns it.
  const file = await new JsonServerFileStore(config.dataDir).read().catch(() => null);
  if (!file) return null;
  const client = new HttpApiClient({ url: file.url, token: file.token, tokenSource: `the server file in ${config.dataDir}` });
  return (await client.alive()) ? { client, local: true } : null;
}

/** The writing services of the running server serverClient finds, or null. */
export async function remoteServices(config: TandemConfig): Promise<WritingServices | null> {
  const [found, formats] = await Promise.all([serverClient(config), import('../adapters/formats/index.ts')]);
  if (!found) return null;
  // Files are checked here as an import on the data directory would check them first (ending, encoding, size).
  const imports = {
    extensions: formats.FORMATS.flatMap((format) => format.extensions),
    formats: { forFile: formats.formatForFile, decode: (content: Uint8Array | string, file: string) => formats.decodeInput(content, file) },
  };
  // Only the local admin token of the server file names the CLI's --by; a remote token acts as its owner.
  return new RemoteServices(found.client, formats.xliffFormats, { imports, onBehalf: found.local });
}

/** The reading services of the running server serverClient finds, or null. */
export async function remoteReading(config: TandemConfig): Promise<ReadingServices | null> {
  const found = await serverClient(config);
  return found ? new RemoteReading(found.client) : null;
}

/** The CLI composition's ways to a running server (CliComposition.remote and remoteReading). */
export const REMOTE_COMPOSITION = { remote: remoteServices, remoteReading } as const;
