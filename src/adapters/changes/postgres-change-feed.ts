import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ChangeEvent, ChangeFeed, ChangeListener } from '../../core/ports/change-feed.ts';
import { type RetryPolicy, withRetry } from '../../core/retry-policy.ts';
import { listen, RELISTEN } from '../storage/postgres/listen.ts';
import { InProcessChangeFeed } from './in-process-change-feed.ts';

/** The NOTIFY channel of change events; the payload is an Envelope in JSON. */
export const CHANGE_CHANNEL = 'tandem_changes';

/**
 * Largest envelope sent inline, in UTF-8 bytes. PostgreSQL refuses a NOTIFY payload of 8000 bytes or more (its
 * default block size); a larger event is stored in `change_events` (migration 0300) and the notification names its row.
 */
export const MAX_INLINE_BYTES = 7_999;

/** How long a stored event is kept for listeners to read it, and how often a publisher deletes older ones. */
const KEEP_STORED = '5 minutes';
const PRUNE_EVERY_MS = 60_000;

/** Listening again after a drop: tried until it works (a database restart may take a while), 250 ms doubling to 10 s. */

/** What travels in a notification: the publishing feed's id (`o`) and the event (`e`) or the id of its row (`r`). */
type Envelope = { readonly o: string; readonly e: ChangeEvent } | { readonly o: string; readonly r: string };

export interface PostgresChangeFeedConfig {
  /** `postgres://user:password@host:port/database`, the database every instance of the installation uses. */
  readonly url: string;
  /** Told of what could not be delivered (a failed NOTIFY, a throwing listener, a lost connection); default silent. */
  readonly onError?: (error: unknown) => void;
  /** Called each time LISTEN is active again after the connection dropped (events in between were missed). */
  readonly onReconnect?: () => void;
  /** Delays of the attempts to listen again (default RELISTEN); tests shorten them. */
  readonly reconnect?: RetryPolicy;
}

/**
 * The change feed between every Tandem process on one PostgreSQL database (LISTEN/NOTIFY). One dedicated connection
 * per process LISTENs (a pooled connection cannot: the pool would hand it to others); NOTIFYs go out in publication
 * order over a pool of one connection, a burst of events in one statement. Subscribers in this process get its own
 * events synchronously in `publish`, as the in-process feed delivers them, and the echo of the same notification is
 * skipped by the feed's id, so each subscriber gets each event exactly once. Events of other processes arrive in their publication order, after a
 * stored one is read. When the listening connection drops it is opened again with the retry policy; what was
 * published in between is lost, as the port allows (pages that reconnect start from a fresh render).
 */
export class PostgresChangeFeed implements ChangeFeed {
  readonly #id = randomUUID();
  readonly #ownPrefix = `{"o":${JSON.stringify(this.#id)},`;
  readonly #config: PostgresChangeFeedConfig;
  readonly #local: InProcessChangeFeed;
  readonly #notify: pg.Pool;
  readonly #sending = new Set<Promise<unknown>>();
  /** Inline envelopes not sent yet (see #queue), and the same as a set to spot a repeat. */
  #pending: string[] = [];
  readonly #pendingSet = new Set<string>();
  #scheduled = false;
  /** Inline statements sent and not answered yet: while there is one, new envelopes wait to go out together. */
  #inlineInFlight = 0;
  #listener: pg.Client | null = null;
  /** Received notifications are handled one after the other, so a stored event does not fall behind a later one. */
  #inbox: Promise<void> = Promise.resolve();
  #prunedAt = 0;
  #closed = false;

  private constructor(config: PostgresChangeFeedConfig) {
    this.#config = config;
    this.#local = new InProcessChangeFeed({ onError: (error) => this.#error(error) });
    this.#notify = new pg.Pool({ connectionString: config.url, max: 1, application_name: 'tandem-notify' });
    // A dropped idle connection is replaced by the pool; the next NOTIFY reports a real problem itself.
    this.#notify.on('error', () => undefined);
  }

  /** Connect and LISTEN before resolving, so that every event published after this resolves is received. */
  static async open(config: PostgresChangeFeedConfig): Promise<PostgresChangeFeed> {
    const feed = new PostgresChangeFeed(config);
    try {
      await feed.#listen();
    } catch (error) {
      await feed.close();
      throw error;
    }
    return feed;
  }

  publish(event: ChangeEvent): void {
    this.#local.publish(event);
    if (this.#closed) return;
    const inline = JSON.stringify({ o: this.#id, e: event } satisfies Envelope);
    if (Buffer.byteLength(inline, 'utf8') <= MAX_INLINE_BYTES) {
      this.#queue(inline);
      return;
    }
    // The inline ones published before go first (the pool sends in order).
    this.#flush();
    // One statement, so one transaction: the notification goes out at commit, when the row is there to be read.
    this.#send(
      `WITH stored AS (INSERT INTO change_events (event) VALUES ($3) RETURNING id)
       SELECT pg_notify($1, json_build_object('o', $2::text, 'r', id::text)::text) FROM stored`,
      [CHANGE_CHANNEL, this.#id, JSON.stringify(event)],
    );
    if (Date.now() - this.#prunedAt >= PRUNE_EVERY_MS) {
      this.#prunedAt = Date.now();
      this.#send(`DELETE FROM change_events WHERE created_at < now() - interval '${KEEP_STORED}'`, []);
    }
  }

  subscribe(listener: ChangeListener): () => void {
    return this.#local.subscribe(listener);
  }

  /** Stop listening, send what was published before, and close both connections. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#flush();
    const listener = this.#listener;
    this.#listener = null;
    await listener?.end().catch(() => undefined);
    await Promise.allSettled([...this.#sending]);
    await this.#notify.end().catch(() => undefined);
  }

  /**
   * Hold an inline envelope for the next NOTIFY statement. A burst (one write's events, a drain's progress) goes out as
   * one statement sent on the next turn of the event loop, or when the statement before it is done: one round trip
   * where each event cost one. PostgreSQL delivers identical payloads of one transaction once, so a repeat goes into the
   * next statement.
   */
  #queue(payload: string): void {
    if (this.#pendingSet.has(payload)) this.#flush();
    this.#pending.push(payload);
    this.#pendingSet.add(payload);
    if (this.#inlineInFlight === 0 && !this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        if (this.#inlineInFlight === 0) this.#flush();
      });
    }
  }

  /** Send the held envelopes now, in publication order (unnest's order, kept by ORDER BY: pg_notify runs after it). */
  #flush(): void {
    if (this.#pending.length === 0) return;
    const payloads = this.#pending;
    this.#pending = [];
    this.#pendingSet.clear();
    this.#inlineInFlight++;
    const sent =
      payloads.length === 1
        ? this.#send('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, payloads[0]])
        : this.#send('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS b (p, n) ORDER BY n', [CHANGE_CHANNEL, payloads]);
    void sent.finally(() => {
      this.#inlineInFlight--;
      if (this.#inlineInFlight === 0 && !this.#scheduled) this.#flush();
    });
  }

  #send(sql: string, values: unknown[]): Promise<void> {
    const sent = this.#notify.query(sql, values).then(
      () => undefined,
      (error: unknown) => this.#error(error),
    );
    this.#sending.add(sent);
    void sent.finally(() => this.#sending.delete(sent));
    return sent;
  }

  async #listen(): Promise<void> {
    if (this.#closed) throw new Error('change feed: closed');
    const client = await listen({
      url: this.#config.url,
      channel: CHANGE_CHANNEL,
      applicationName: 'tandem-changes',
      onNotification: (payload, from) => this.#receive(from, payload),
      onLost: (error) => {
        if (this.#closed) return;
        this.#listener = null;
        this.#error(new Error('change feed: the listening connection was lost; listening again', { cause: error }));
        this.#relisten();
      },
    });
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#listener = client;
  }

  #relisten(): void {
    withRetry(() => this.#listen(), this.#config.reconnect ?? RELISTEN, { retryable: () => !this.#closed, unref: true }).then(
      () => {
        if (!this.#closed) this.#config.onReconnect?.();
      },
      () => undefined,
    );
  }

  #receive(client: pg.Client, payload: string): void {
    // This feed's own inline events come back too (JSON.stringify puts `o` first): skipped without parsing them.
    if (payload.startsWith(this.#ownPrefix)) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch (error) {
      this.#error(error);
      return;
    }
    if (envelope.o === this.#id) return;
    this.#inbox = this.#inbox
      .then(async () => {
        const event = 'e' in envelope ? envelope.e : await this.#stored(client, envelope.r);
        if (event && !this.#closed) this.#local.publish(event);
      })
      .catch((error: unknown) => this.#error(error));
  }

  /** A stored event, or null when it was deleted already (its listener was minutes late: it is dropped). */
  async #stored(client: pg.Client, id: string): Promise<ChangeEvent | null> {
    const { rows } = await client.query<{ event: string }>('SELECT event FROM change_events WHERE id = $1', [id]);
    return rows[0] ? (JSON.parse(rows[0].event) as ChangeEvent) : null;
  }

  #error(error: unknown): void {
    this.#config.onError?.(error);
  }
}
