import type pg from 'pg';
import { withRetry } from '../../../core/retry-policy.ts';
import { listen, RELISTEN } from './listen.ts';

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

/**
 * One dedicated connection that LISTENs on ARTICLE_CHANNEL (a pooled connection cannot: the pool would hand it to
 * others). When the connection drops it listens again with the retry policy's growing delays (RELISTEN) and says so, since NOTIFY is not queued for a
 * listener that is gone.
 */
export class ArticleChangeListener {
  readonly #url: string;
  readonly #handlers: ArticleChangeHandlers;
  #client: pg.Client | null = null;
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
    if (this.#closed) throw new Error('article changes: closed');
    const client = await listen({
      url: this.#url,
      channel: ARTICLE_CHANNEL,
      applicationName: 'tandem-listen',
      onNotification: (payload) => {
        const space = payload.indexOf(' ');
        this.#handlers.onChange({ version: Number(payload.slice(0, space)), slug: payload.slice(space + 1) });
      },
      onLost: () => {
        if (this.#closed) return;
        this.#client = null;
        this.#reconnect();
      },
    });
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
  }

  #reconnect(): void {
    withRetry(() => this.#connect(), RELISTEN, { retryable: () => !this.#closed, unref: true }).then(
      () => {
        if (!this.#closed) this.#handlers.onReconnect();
      },
      () => undefined,
    );
  }

  /** Stop listening and close the connection. */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }
}
