import type { Locale } from '../locale.ts';
import type { LocalePublication, PublishedVersion, Unpublication } from '../publication.ts';
import type { Slug } from '../slug.ts';

/**
 * Where published versions live: per article and locale, an append-only list of immutable versions plus whether the
 * locale is live on the reader site. One article's publications are the unit of storage.
 */
export interface PublicationStore {
  /**
   * Record the next version of an article in a locale and make the locale live. Durable when the promise resolves.
   * Throws ConflictError when `version.version` is not exactly one more than the latest recorded version.
   */
  append(version: PublishedVersion): Promise<void>;
  /**
   * Take back the latest version when its file could not be put in place, restoring the state before `append`.
   * Throws ConflictError when `version` is not the latest; no other version can ever be removed.
   */
  retract(slug: Slug, locale: Locale, version: number): Promise<void>;
  /** Take a locale off the reader site; its versions stay. Resolves false when the locale was not live. */
  unpublish(slug: Slug, locale: Locale, by: Unpublication): Promise<boolean>;
  /** Every version of an article in a locale, oldest first; empty when it was never published. */
  versions(slug: Slug, locale: Locale): Promise<PublishedVersion[]>;
  /** One version, or null when there is no such version. */
  version(slug: Slug, locale: Locale, version: number): Promise<PublishedVersion | null>;
  /** The publication state of every locale an article was ever published in. */
  forArticle(slug: Slug): Promise<LocalePublication[]>;
  /** Live publications in one locale, newest publish first, read from an index (no version documents are loaded). */
  listLive(locale: Locale): Promise<LocalePublication[]>;
  /** Release files and timers. */
  close(): Promise<void>;
}
