import { parseFeed } from '@rowanmanning/feed-parser';
import { FeedFetchError } from '../../core/errors.ts';
import type { FeedEntry, FeedFetch, FeedSource, FeedValidators } from '../../core/ports/feed.ts';

export interface HttpFeedSourceConfig {
  /** Whole request, headers and body, in milliseconds (default 30 s). */
  readonly timeoutMs?: number;
  /** Largest feed read, in bytes (default 16 MiB: a WordPress feed of 50 full articles is about 2 MiB). */
  readonly maxBytes?: number;
}

/**
 * Feeds over HTTP(S): a conditional GET (`If-None-Match`, `If-Modified-Since`), a timeout over the whole exchange and a
 * size limit checked on the declared length and again while reading, then @rowanmanning/feed-parser for RSS 0.9x/2.0,
 * RDF and Atom.
 */
export class HttpFeedSource implements FeedSource {
  readonly #timeoutMs: number;
  readonly #maxBytes: number;

  constructor(config: HttpFeedSourceConfig = {}) {
    this.#timeoutMs = config.timeoutMs ?? 30_000;
    this.#maxBytes = config.maxBytes ?? 16 * 1024 * 1024;
  }

  async fetch(url: string, validators: FeedValidators | null): Promise<FeedFetch> {
    const signal = AbortSignal.timeout(this.#timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1',
          'user-agent': 'Tandem-Feed/1',
          ...(validators?.etag ? { 'if-none-match': validators.etag } : {}),
          ...(validators?.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
        },
        signal,
      });
    } catch (error) {
      throw new FeedFetchError(`feed: ${url} did not answer: ${(error as Error).message}`, true, { cause: error });
    }
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 'not-modified' };
    }
    if (!response.ok) {
      const text = (await response.text().catch(() => '')).slice(0, 200);
      const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      throw new FeedFetchError(`feed: ${url} answered HTTP ${response.status} ${text}`, retryable);
    }
    const xml = await this.#readBody(url, response);
    let feed: ReturnType<typeof parseFeed>;
    try {
      feed = parseFeed(xml);
    } catch (error) {
      throw new FeedFetchError(`feed: ${url} is not an RSS or Atom feed: ${(error as Error).message}`, false, { cause: error });
    }
    const entries: FeedEntry[] = [];
    for (const item of feed.items) {
      const id = item.id ?? item.url;
      if (!id) continue;
      const updated = item.updated ?? item.published;
      entries.push({
        id,
        title: item.title,
        link: item.url,
        updated: updated && !Number.isNaN(updated.getTime()) ? updated.toISOString() : null,
        html: item.content ?? item.description,
      });
    }
    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    return { status: 'ok', entries, validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) } };
  }

  /** The body as UTF-8 text, refusing it past `maxBytes` from its Content-Length or while it streams in. */
  async #readBody(url: string, response: Response): Promise<string> {
    const tooLarge = () =>
      new FeedFetchError(`feed: ${url} is larger than ${this.#maxBytes} bytes; Tandem reads feeds up to that size`, false);
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > this.#maxBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      const reader = response.body?.getReader();
      for (let read = await reader?.read(); reader && read && !read.done; read = await reader.read()) {
        size += read.value.byteLength;
        if (size > this.#maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(read.value);
      }
    } catch (error) {
      if (error instanceof FeedFetchError) throw error;
      throw new FeedFetchError(`feed: ${url} broke off: ${(error as Error).message}`, true, { cause: error });
    }
    // WordPress and every feed generator we know of write UTF-8; a byte-order mark is dropped by the decoder.
    return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
  }
}
