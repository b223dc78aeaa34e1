/** The shapes the publish service takes and returns (src/services/publish.ts), kept apart to keep that file small. */
import type { EmbargoNotice } from '../core/front-matter.ts';
import type { Locale } from '../core/locale.ts';
import type { LocalePublication, PublishBlocker, PublishedVersion } from '../core/publication.ts';
import type { Slug } from '../core/slug.ts';
import type { Actor } from '../core/workflow.ts';

export interface PublishInput {
  readonly slug: string;
  readonly locale: string;
  readonly actor: Actor;
}

export interface ScheduledPublishInput extends PublishInput {
  /**
   * Release the version at this time (ISO 8601 with `Z` or an offset, e.g. `2026-12-01T09:00:00Z`) instead of at once.
   * Readers keep seeing what they saw before (or nothing) until then; it goes live at that time without any action.
   */
  readonly at?: string;
}

export interface PublishResult {
  /** published: a new version; unchanged: the live version already says exactly this, nothing was written. */
  readonly status: 'published' | 'unchanged';
  readonly version: PublishedVersion;
}

/** A version without its document, for listings. */
export type VersionSummary = Omit<PublishedVersion, 'document' | 'segments'>;

export interface VersionDiff {
  readonly from: number;
  readonly to: number;
  /** Unified diff of the two documents. */
  readonly patch: string;
  /** Line changes in order, for side-by-side or inline views. */
  readonly changes: readonly { readonly value: string; readonly added: boolean; readonly removed: boolean }[];
}

/** One published locale of an article compared with the current source (for `tandem status` and the editor). */
export interface PublicationStatus extends LocalePublication {
  readonly currentSourceRevision: number;
  readonly outdated: boolean;
  /** Source segments new, edited or removed since the published version. */
  readonly segmentsBehind: number;
}

/** Where an article stands in one target locale: what still blocks a publish and what is published. */
export interface LocaleReadiness {
  readonly locale: Locale;
  /** Live segments not approved yet, or once all are, approved ones with open check errors; empty means it can be published. */
  readonly missing: readonly PublishBlocker[];
  /** Open error-level check results in the locale, the count `tandem check` gives (0 for the source locale). */
  readonly openErrors: number;
  readonly publication: PublicationStatus | null;
  /** The latest version's release time while it is still ahead (ISO 8601 UTC); readers see the one before until then. */
  readonly scheduled?: string;
}

export interface PublishOverview {
  readonly slug: Slug;
  readonly title: string;
  readonly sourceLocale: Locale;
  readonly sourceRevision: number;
  /** The source locale first when it is released by hand (`sourceRelease: 'manual'`), then the target locales. */
  readonly locales: readonly LocaleReadiness[];
  /** Set while readers may not see the article by its front matter (draft, publish date ahead, expiry passed). */
  readonly embargo?: EmbargoNotice;
}
