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

/** What happened, for outside systems. */
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

/** Tells outside systems about publications; never slows down or fails the publish that triggers it. */
export interface PublicationNotifier {
  /** Queue an event for delivery and return at once; delivery failures are retried and logged, never thrown. */
  notify(event: PublicationEvent): void;
  /** Resolves when every queued delivery has succeeded or given up (for tests and graceful shutdown). */
  idle(): Promise<void>;
}
