/** One item of a polled feed, as the poller needs it (RSS 2.0 `<item>`, Atom `<entry>`). */
export interface FeedEntry {
  /** RSS `guid` (else the link), Atom `id`: what stays the same when the item is edited. */
  readonly id: string;
  readonly title: string | null;
  readonly link: string | null;
  /** Last change (Atom `updated`, RSS `pubDate` or `dc:date`), ISO 8601 UTC, or null when the feed gives none. */
  readonly updated: string | null;
  /** The full HTML text: RSS `content:encoded` (else `description`), Atom `content` (else `summary`); null when none. */
  readonly html: string | null;
}

/** HTTP validators of the last successful fetch, sent back so an unchanged feed costs a 304. */
export interface FeedValidators {
  readonly etag?: string;
  readonly lastModified?: string;
}

/** What one fetch found: nothing new (`304`), or the feed's entries in document order with its new validators. */
export type FeedFetch =
  | { readonly status: 'not-modified' }
  | { readonly status: 'ok'; readonly entries: readonly FeedEntry[]; readonly validators: FeedValidators };

/** Where feeds come from (HTTP in production: adapters/feed/http-feed-source.ts). */
export interface FeedSource {
  /**
   * Fetch and parse the feed at `url`, conditionally when `validators` are given. Throws FeedFetchError (core/errors.ts): `retryable`
   * for a passing failure (timeout, no connection, 5xx, 408, 429), not for one that a retry cannot fix (4xx, too
   * large, not a feed).
   */
  fetch(url: string, validators: FeedValidators | null): Promise<FeedFetch>;
}

/** Which feed item became which article, and what was imported from it last. */
export interface FeedItemRecord {
  readonly feedUrl: string;
  readonly itemId: string;
  readonly slug: string;
  /** Hash of the title and HTML last imported (core/text.ts contentHash): equal means nothing to import. */
  readonly contentHash: string;
  /** The item's own `updated`, as last imported. */
  readonly updated: string | null;
  /** The article's source revision that import produced (or found, when it was unchanged). */
  readonly sourceRevision: number;
  /** When it was imported, ISO 8601 UTC. */
  readonly importedAt: string;
}

/**
 * The memory of the feed poller: items already imported and the feed's HTTP validators. Implemented by
 * adapters/feed (lowdb file, in memory); a missing record is null, every other failure is thrown.
 */
export interface FeedItemStore {
  /** The record of item `itemId` of the feed at `feedUrl`, or null when it was never imported. */
  item(feedUrl: string, itemId: string): Promise<FeedItemRecord | null>;
  /** Store (insert or replace) the record of one item, durably. */
  saveItem(record: FeedItemRecord): Promise<void>;
  /** Every item record of every feed, ordered by feed URL then item id (copying a store: `tandem db import-lowdb`). */
  items(): Promise<FeedItemRecord[]>;
  /** The validators of the feed's last successful fetch, or null. */
  validators(feedUrl: string): Promise<FeedValidators | null>;
  /** Remember the validators of a successful fetch, durably. */
  saveValidators(feedUrl: string, validators: FeedValidators): Promise<void>;
}
