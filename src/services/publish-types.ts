/** The shapes the publish service takes and returns (src/services/publish.ts), kept apart to keep that file small. */
import type { EmbargoNotice } from '../core/front-matter.ts';
import type { Locale } from '../core/locale.ts';
import type { DocumentRebuilder } from '../core/ports/format.ts';
import type { PublicationStore } from '../core/ports/publication-store.ts';
import type { PublicationNotifier, PublishTarget } from '../core/ports/publish-target.ts';
import type { BlocksOf } from './version-diff.ts';
import type { LocalePublication, PublishBlocker, PublishedVersion, SourceReleaseMode } from '../core/publication.ts';
import type { Slug } from '../core/slug.ts';
import type { Actor } from '../core/workflow.ts';
import type { CheckService } from './checks.ts';
import type { ServiceDeps } from './types.ts';
import type { DiffRow } from './version-diff.ts';

/** What publishing needs beyond the article store; main.ts builds the adapters. */
export interface PublishDeps extends ServiceDeps {
  readonly publications: PublicationStore;
  /** Rebuilds the localized Markdown from the source document and one text per live segment. */
  readonly rebuilder: DocumentRebuilder;
  /** The Hugo-style tree published files are written to. */
  readonly publishTarget: PublishTarget;
  /** Webhook or nothing. */
  readonly notifier?: PublicationNotifier;
  /**
   * The text readers see of a published document, block by block (the reader's renderer; main.ts passes it): version
   * diffs compare it. Without it they compare the Markdown source's blocks.
   */
  readonly readerBlocks?: BlocksOf;
  /** `manual`: the source locale too is released by a publish (TANDEM_SOURCE_RELEASE); default `auto`, where it needs none. */
  readonly sourceRelease?: SourceReleaseMode;
  /**
   * The quality checks: a locale with open check errors (as `tandem check` counts them) is not published. Without it
   * only approval gates publishing.
   */
  readonly checks?: Pick<CheckService, 'checkArticle'>;
  /** Told about failures that cannot be reported to the caller (a retract that failed after a failed commit). */
  readonly onPublishError?: (error: unknown, context: { slug: Slug; locale: Locale; version: number }) => void;
}

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
  /** Line changes in order, for inline views. */
  readonly changes: readonly { readonly value: string; readonly added: boolean; readonly removed: boolean }[];
  /** The two documents aligned block by block with word-level changes, for side-by-side views (version-diff.ts). */
  readonly rows: readonly DiffRow[];
}

/**
 * What publishing a locale now would do, for the editor to confirm: the version it would record (document and all,
 * nothing written) and how it differs from the latest version.
 */
export interface PublishPreparation {
  readonly version: PublishedVersion;
  /** The latest version recorded for the locale (live or not), null before the first publish. */
  readonly previous: PublishedVersion | null;
  /** The locale is live and already says exactly this: a publish would record nothing. */
  readonly unchanged: boolean;
  /** Live segments the version holds. */
  readonly segments: number;
  /** Source segments new, edited or removed since the previous version (0 without one). */
  readonly sourceSegmentsChanged: number;
  /**
   * The previous document against the new one (version-diff.ts), the version number and publish time left out; empty
   * without a previous version.
   */
  readonly rows: readonly DiffRow[];
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
  /**
   * One answer to "can I publish?": `blocked` while `missing` is not empty; `up-to-date` when the locale is live and a
   * publish would record nothing new; else `ready`. Never both ready and up to date.
   */
  readonly state: PublishState;
}

export const PUBLISH_STATES = ['blocked', 'ready', 'up-to-date'] as const;
export type PublishState = (typeof PUBLISH_STATES)[number];

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
