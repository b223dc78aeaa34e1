import pg from 'pg';

/** The NOTIFY channel an article write announces itself on; the payload is `<version> <slug>`. */
export const ARTICLE_CHANNEL = 'tandem_articles';

/** A change another connection (this process or another) committed: the article's slug and its row version. */
export interface ArticleChange {
  readonly slug: string;
  readonly version: number;
}

/** What the listener reports to its owner. */
export interface ArticleChangeHandlers {
  /** A committed write's announcement. */
  onChange(change: ArticleChange): void;
  /** LISTEN is active again after the connection was lost: announcements in between may be missing. */
  onReconnect(): void;
}

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 10_000;

/**
 * One dedicated connection that LISTENs on ARTICLE_CHANNEL (a pooled connection cannot: the pool would hand it to
 * others). When the connection drops it reconnects with growing delays and says so, since NOTIFY is not queued for a
 * listener that is gone.
 */
export class ArticleChangeListener {
  readonly #url: string;
  readonly #handlers: ArticleChangeHandlers;
  #client: pg.Client | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  private constructor(url: string, handlers: ArticleChangeHandlers) {
    this.#url = url;
    this.#handlers = handlers;
  }

  /** Connect and LISTEN before resolving, so no write committed after this resolves goes unannounced. */
  static async start(url: string, handlers: ArticleChangeHandlers): Promise<ArticleChangeListener> {
    const listener = new ArticleChangeListener(url, handlers);
    await listener.#connect();
    return listener;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url, application_name: 'tandem-listen' });
    client.on('notification', (message) => {
      if (message.channel !== ARTICLE_CHANNEL || !message.payload) return;
      const space = message.payload.indexOf(' ');
      this.#handlers.onChange({ version: Number(message.payload.slice(0, space)), slug: message.payload.slice(space + 1) });
    });
    // Until LISTEN is active a failure only rejects (the caller retries); afterwards a drop reconnects, once: 'error'
    // and 'end' both fire when the server or the network drops the connection.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query(`LISTEN ${ARTICLE_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    let lost = false;
    const onLost = () => {
      if (lost || this.#closed) return;
      lost = true;
      this.#client = null;
      client.end().catch(() => undefined);
      this.#retry(RETRY_FIRST_MS);
    };
    client.on('error', onLost);
    client.on('end', onLost);
    this.#client = client;
  }

  #retry(delayMs: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#connect().then(
        () => this.#handlers.onReconnect(),
        () => this.#retry(Math.min(delayMs * 2, RETRY_MAX_MS)),
      );
    }, delayMs);
    this.#timer.unref();
  }

  /** Stop listening and close the connection. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }
}
