import pg from 'pg';
import type { RetryPolicy } from '../../../core/retry-policy.ts';

/** How a LISTEN connection comes back after a drop: delays doubling from 250 ms to 10 s, for as long as it takes. */
export const RELISTEN: RetryPolicy = { attempts: Number.POSITIVE_INFINITY, baseDelayMs: 250, maxDelayMs: 10_000 };

export interface ListenConfig {
  /** The database's connection URL (`postgres://…`). */
  readonly url: string;
  /** The NOTIFY channel (an SQL identifier, never user input). */
  readonly channel: string;
  /** Shown in `pg_stat_activity`, so an operator can tell the listening connections apart. */
  readonly applicationName: string;
  /** Each non-empty notification on `channel`, with the connection it arrived on. */
  onNotification(payload: string, client: pg.Client): void;
  /** The connection dropped after LISTEN was active (server restart, network); called once, with the error if any. */
  onLost(error?: unknown): void;
}

/**
 * One dedicated connection LISTENing on `channel` (a pooled connection cannot listen: the pool would hand it to
 * others). Rejects, after closing the client, when connecting or LISTEN fails; once listening, a drop is reported once
 * through `onLost` (NOTIFY is not queued for a listener that is gone, so the owner listens again and says so).
 */
export async function listen(config: ListenConfig): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: config.url, application_name: config.applicationName });
  client.on('notification', (message) => {
    if (message.channel === config.channel && message.payload) config.onNotification(message.payload, client);
  });
  // Until LISTEN is active a failure only rejects (the caller retries); afterwards a drop is reported once: 'error'
  // and 'end' both fire when the server or the network drops the connection.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`LISTEN ${config.channel}`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  let lost = false;
  const onLost = (error?: unknown) => {
    if (lost) return;
    lost = true;
    client.end().catch(() => undefined);
    config.onLost(error);
  };
  client.on('error', onLost);
  client.on('end', () => onLost());
  return client;
}
