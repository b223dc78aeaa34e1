import type { Locale } from '../locale.ts';
import type { Slug } from '../slug.ts';

/** A file written out of sight, waiting to be put in place or thrown away. */
export interface PreparedFile {
  /** Where the file will be once committed. */
  readonly path: string;
  /** Put the file in place atomically and durably; readers see either the old file or the whole new one. */
  commit(): Promise<void>;
  /** Throw the prepared file away; the published file stays as it was. Safe to call after a failed commit. */
  abort(): Promise<void>;
}

/** Where published articles are written for static-site tools (a Hugo-style `<dir>/<locale>/<slug>.md` tree). */
export interface PublishTarget {
  /** Write the content durably next to its final place without touching the published file. */
  prepare(locale: Locale, slug: Slug, content: string): Promise<PreparedFile>;
  /** The published file's content, or null when there is none. */
  read(locale: Locale, slug: Slug): Promise<string | null>;
  /** Remove a published file (unpublish); resolves false when there was none. */
  remove(locale: Locale, slug: Slug): Promise<boolean>;
  /**
   * Delete files prepared by a process that died before committing or aborting them (call at start-up, holding the
   * data directory); published files and a live process's prepared files are left alone. Resolves to how many went.
   */
  removeLeftovers(): Promise<number>;
}

/**
 * A locale was published or unpublished (webhook events `publish` and `unpublish`). `version` is the version number
 * published (for `unpublish`, the latest one, taken off the site); `by` the person; `at` ISO 8601 UTC; `sourceRevision`
 * the source revision the version was built from.
 */
export interface PublicationEvent {
  readonly event: 'publish' | 'unpublish';
  readonly slug: Slug;
  readonly locale: Locale;
  readonly version: number;
  readonly by: string;
  readonly at: string;
  readonly sourceRevision: number;
  /** A scheduled publish: when readers see it (ISO 8601 UTC). No event is sent at that time. */
  readonly releaseAt?: string;
}

/**
 * An import stored a new article (`status: 'new'`) or a new source revision of one (`'updated'`); unchanged imports
 * send nothing. Counts are segments, as in the import's report; `title` is the source title from the front matter.
 */
export interface ArticleImportedEvent {
  readonly event: 'article-imported';
  readonly slug: Slug;
  readonly status: 'new' | 'updated';
  readonly sourceRevision: number;
  readonly title: string;
  readonly counts: { readonly unchanged: number; readonly changed: number; readonly added: number; readonly removed: number };
  readonly by: string;
  readonly at: string;
}

/**
 * Every live segment of the article is now approved in `locale`, and was not before this write: the locale can be
 * published. `segments` is the number of live segments; `by` who made the last approval.
 */
export interface LocaleReadyEvent {
  readonly event: 'locale-ready';
  readonly slug: Slug;
  readonly locale: Locale;
  readonly sourceRevision: number;
  readonly segments: number;
  readonly by: string;
  readonly at: string;
}

/**
 * An import changed the source of an article that readers see in `locale`: the live version was built from
 * `publishedSourceRevision`, the source is now at `sourceRevision`. Sent at each such import, once per live locale.
 */
export interface OutdatedEvent {
  readonly event: 'outdated';
  readonly slug: Slug;
  readonly locale: Locale;
  readonly version: number;
  readonly publishedSourceRevision: number;
  readonly sourceRevision: number;
  readonly by: string;
  readonly at: string;
}

/** Everything Tandem tells outside systems about (a CMS, a publishing pipeline); plain JSON data. */
export type OutboundEvent = PublicationEvent | ArticleImportedEvent | LocaleReadyEvent | OutdatedEvent;

/** The `event` names, as sent in the `X-Tandem-Event` header. */
export type OutboundEventName = OutboundEvent['event'];

/** Tells outside systems what happened; never slows down or fails the write that triggers it. */
export interface PublicationNotifier {
  /** Queue an event for delivery and return at once; delivery failures are retried and logged, never thrown. */
  notify(event: OutboundEvent): void;
  /** Resolves when every queued delivery has succeeded or given up (for tests and graceful shutdown). */
  idle(): Promise<void>;
}
