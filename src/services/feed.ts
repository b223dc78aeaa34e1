import { ConflictError, FeedFetchError } from '../core/errors.ts';
import type { FeedEntry, FeedItemStore, FeedSource } from '../core/ports/feed.ts';
import { type RetryPolicy, withRetry } from '../core/retry-policy.ts';
import { parseSlug } from '../core/slug.ts';
import { contentHash } from '../core/text.ts';
import type { ImportInput } from './import-article.ts';
import { pushedImportInput } from './pushed-article.ts';
import type { ImportResult } from './types.ts';

/** Where the poller writes what it did; pino's logger fits. */
export interface FeedLogger {
  info(detail: object, message: string): void;
  warn(detail: object, message: string): void;
  error(detail: object, message: string): void;
}

export interface FeedServiceConfig {
  /** TANDEM_FEED_URL. */
  readonly url: string;
  readonly source: FeedSource;
  readonly items: FeedItemStore;
  /** The import every other way in uses (ArticleService.import). */
  readonly importArticle: (input: ImportInput) => Promise<ImportResult>;
  /** How a failing fetch is retried within one poll (default 3 tries from 5 s, at most 60 s apart). */
  readonly retry?: RetryPolicy;
  readonly logger?: FeedLogger;
  /** Service clock (tests pin it). */
  readonly now?: () => Date;
  /**
   * Take the `feed` duty the server's poller holds (adapters/storage/duty-locks.ts) for one poll asked for from outside
   * it (`tandem feed poll`, the API): a lease, or null when another process holds it. Absent: this process is the only one.
   */
  readonly duty?: () => Promise<{ release(): Promise<void> } | null>;
}

/** What one item of a poll came to. */
export type FeedItemOutcome =
  | { readonly itemId: string; readonly slug: string; readonly status: 'new' | 'updated' | 'unchanged' }
  | { readonly itemId: string; readonly status: 'failed'; readonly message: string };

/** What one poll did: `not-modified` when the server answered 304; otherwise every item's outcome in feed order. */
export interface FeedPollReport {
  readonly url: string;
  readonly status: 'not-modified' | 'fetched';
  /** Items whose recorded hash matched: nothing imported, the import not even called. */
  readonly skipped: number;
  readonly outcomes: readonly FeedItemOutcome[];
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 5000, maxDelayMs: 60_000 };

/**
 * Polls the source site's RSS or Atom feed and imports its articles: each item's HTML (WordPress's `content:encoded`)
 * through the HTML format with the item's title, as by `feed`. Which item became which article is recorded with a
 * hash of what was imported, so an unchanged item costs nothing and an edited one becomes a revision of the same
 * article. A poll never throws for one bad item (its outcome says why); the fetch is retried by the retry policy.
 */
export class FeedService {
  readonly #config: FeedServiceConfig;
  #running: Promise<FeedPollReport> | null = null;
  /** This process's poller runs (`start`), so it holds the feed duty: a poll asked for here joins it. */
  #started = 0;

  constructor(config: FeedServiceConfig) {
    this.#config = config;
  }

  /** The polled feed's URL. */
  get url(): string {
    return this.#config.url;
  }

  /**
   * Fetch the feed (conditionally) and import what is new or changed, oldest item first. A poll already running is
   * joined, not repeated. Rejects with FeedFetchError when the feed cannot be fetched after the retries.
   */
  poll(): Promise<FeedPollReport> {
    this.#running ??= this.#poll().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /**
   * Poll once on request (`tandem feed poll`, `POST /api/v1/feed/poll`) under the `feed` duty, so two processes never
   * poll at once (two imports of one new item would race to create it): this process's own poller is joined (`poll`),
   * otherwise the duty is taken for the poll. Throws ConflictError (reason `feed.busy`) when another process holds it,
   * and what `poll` throws.
   */
  async pollOnce(): Promise<FeedPollReport> {
    if (this.#started > 0 || !this.#config.duty) return this.poll();
    const lease = await this.#config.duty();
    if (!lease) {
      throw new ConflictError(
        'feed: another Tandem process is polling the feed now (the server polls it every interval); try again in a minute',
        undefined,
        'conflict',
        { reason: 'feed.busy' },
      );
    }
    try {
      return await this.poll();
    } finally {
      await lease.release();
    }
  }

  /**
   * Poll now and then every `intervalMs` until stopped; a failed poll is logged and the next one runs as planned. The
   * timer does not keep the process alive. `stop()` cancels the next poll and waits for one in progress.
   */
  start(intervalMs: number): { stop(): Promise<void> } {
    let timer: NodeJS.Timeout | null = null;
    let stopped = false;
    // Only the holder of the feed duty starts the poller (main/background.ts).
    this.#started += 1;
    const tick = async () => {
      await this.poll().then(
        (report) => this.#config.logger?.info(summary(report), 'feed polled'),
        (error: unknown) =>
          this.#config.logger?.error({ err: error, url: this.url }, 'feed: poll failed; trying again at the next interval'),
      );
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs).unref();
    };
    void tick();
    return {
      stop: async () => {
        if (!stopped) this.#started -= 1;
        stopped = true;
        if (timer) clearTimeout(timer);
        await this.#running?.catch(() => undefined);
      },
    };
  }

  async #poll(): Promise<FeedPollReport> {
    const { url, source, items, logger } = this.#config;
    const validators = await items.validators(url);
    const fetched = await withRetry(() => source.fetch(url, validators), this.#config.retry ?? DEFAULT_RETRY, {
      retryable: (error) => error instanceof FeedFetchError && error.retryable,
      onRetry: (error, attempt) => logger?.warn({ url, attempt, reason: error.message }, 'feed: fetch failed; retrying'),
      unref: true,
    });
    if (fetched.status === 'not-modified') return { url, status: 'not-modified', skipped: 0, outcomes: [] };
    const outcomes: FeedItemOutcome[] = [];
    let skipped = 0;
    // Feeds list the newest first; importing the oldest first keeps the articles' creation order the site's.
    for (const entry of [...fetched.entries].reverse()) {
      const outcome = await this.#importEntry(entry);
      if (outcome === 'skipped') skipped += 1;
      else outcomes.push(outcome);
    }
    // Saved last: a poll that died halfway fetches the whole feed again next time (its done items are then skipped).
    await items.saveValidators(url, fetched.validators);
    return { url, status: 'fetched', skipped, outcomes: outcomes.reverse() };
  }

  async #importEntry(entry: FeedEntry): Promise<FeedItemOutcome | 'skipped'> {
    const { url, items, logger } = this.#config;
    const hash = contentHash(`${entry.title ?? ''}\u0000${entry.html ?? ''}`);
    const known = await items.item(url, entry.id);
    if (known?.contentHash === hash) return 'skipped';
    try {
      if (!entry.html?.trim()) throw new Error(`feed: item ${entry.id} has no content; the feed must carry full texts (content:encoded)`);
      const slug = known?.slug ?? slugFor(entry);
      const input = pushedImportInput(
        { format: 'html', content: entry.html, slug, ...(entry.title ? { title: entry.title } : {}) },
        'feed',
      );
      const result = await this.#config.importArticle({ ...input, file: `${slug}.html` });
      await items.saveItem({
        feedUrl: url,
        itemId: entry.id,
        slug: result.slug,
        contentHash: hash,
        updated: entry.updated,
        sourceRevision: result.sourceRevision,
        importedAt: (this.#config.now?.() ?? new Date()).toISOString(),
      });
      return { itemId: entry.id, slug: result.slug, status: result.status };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger?.warn({ url, item: entry.id, reason: message }, 'feed: item not imported');
      return { itemId: entry.id, status: 'failed', message };
    }
  }
}

/**
 * The slug of a new feed item: the last path segment of its link when that is a valid slug (WordPress's ASCII
 * permalinks), else `wp-<id>` from a WordPress guid (`?p=123`; Korean permalinks are percent-encoded Hangul, no slug),
 * else `feed-` and a hash of the item id.
 */
export function slugFor(entry: Pick<FeedEntry, 'id' | 'link'>): string {
  const candidates: string[] = [];
  try {
    const path = new URL(entry.link ?? '').pathname.split('/').filter(Boolean);
    if (path.length > 0) candidates.push(path[path.length - 1]!.toLowerCase().replace(/\.html?$/, ''));
  } catch {
    // No link, or not a URL: the other candidates decide.
  }
  const postId = /[?&]p=(\d+)/.exec(entry.id)?.[1];
  if (postId) candidates.push(`wp-${postId}`);
  for (const candidate of candidates) {
    try {
      return parseSlug(candidate);
    } catch {
      // Not a slug (Hangul, punctuation): try the next.
    }
  }
  return `feed-${contentHash(entry.id).slice(0, 12)}`;
}

function summary(report: FeedPollReport): object {
  const count = (status: FeedItemOutcome['status']) => report.outcomes.filter((o) => o.status === status).length;
  return {
    url: report.url,
    status: report.status,
    skipped: report.skipped,
    new: count('new'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    failed: count('failed'),
  };
}
