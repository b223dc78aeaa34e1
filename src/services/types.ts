import type { Locale } from '../core/locale.ts';
import type { ArticleRecord, Segment, Translation } from '../core/model.ts';
import type { ArticleStore } from '../core/ports/article-store.ts';
import type { ChangeFeed } from '../core/ports/change-feed.ts';
import type { PublicationStore } from '../core/ports/publication-store.ts';
import type { PublicationNotifier } from '../core/ports/publish-target.ts';
import type { Format } from '../core/ports/format.ts';
import type { Slug } from '../core/slug.ts';
import type { Actor } from '../core/workflow.ts';

/** The input formats as the import service sees them; main.ts wires it to adapters/formats. */
export interface FormatRegistry {
  /** The format that reads this file name; throws a ValidationError naming the file and the supported endings. */
  forFile(file: string): Format;
  /** Turn raw input into validated, normalized text (UTF-8, size limit, no binary); errors name the file. */
  decode(content: Uint8Array | string, file: string): string;
}

export interface ImportCounts {
  readonly unchanged: number;
  readonly changed: number;
  readonly added: number;
  readonly removed: number;
}

export interface ImportResult {
  readonly file: string;
  readonly slug: Slug;
  readonly status: 'new' | 'updated' | 'unchanged';
  readonly counts: ImportCounts;
  readonly sourceRevision: number;
  /** Segments whose source text changed in this import (their translations are now stale). */
  readonly changedSegmentIds: readonly string[];
  /** Segments new in this import (untranslated), including removed ones that came back. */
  readonly addedSegmentIds: readonly string[];
  /** What the editor should look at; the import succeeded regardless. Empty when there is nothing. */
  readonly warnings: readonly ImportWarning[];
}

/**
 * A live segment whose source has ignorable code points inside a word (`김\u200B철민`; segment-text.ts
 * `ignorablesInsideWords`): matching, masking and checks see through them, but they usually come from a pasted web
 * page and may hide a name from other tools. `codePoints` are `U+XXXX` strings; `order` is the segment's 0-based order.
 */
export interface ImportWarning {
  readonly kind: 'invisible-characters';
  readonly segmentId: string;
  readonly order: number;
  readonly codePoints: readonly string[];
}

export interface TranslationEvent {
  readonly slug: Slug;
  readonly segment: Segment;
  readonly translation: Translation;
  readonly actor: Actor;
  /** The article as stored after the change. */
  readonly record: ArticleRecord;
}

/** Everything the services need, built once in main.ts (or by a test). Hooks let later features plug in. */
export interface ServiceDeps {
  /** Where articles live. */
  readonly store: ArticleStore;
  /** Input formats; needed by the import service only. */
  readonly formats?: FormatRegistry;
  /** Locales every article is translated into; defaults to DEFAULT_TARGET_LOCALES. */
  readonly targetLocales?: readonly Locale[];
  /** Source locale of new articles; defaults to DEFAULT_SOURCE_LOCALE. */
  readonly sourceLocale?: Locale;
  /** Current time; tests pass a fixed clock. */
  readonly now?: () => Date;
  /** Segment id factory; tests pass a deterministic one. */
  readonly newSegmentId?: () => string;
  /** Four-eyes rule: refuse approval by whoever last changed the text. On unless set to false. */
  readonly fourEyes?: boolean;
  /** Called after an import changed an article (not for unchanged files), e.g. to queue machine translation. */
  readonly afterImport?: (result: ImportResult, record: ArticleRecord) => Promise<void>;
  /** Called after a translation was approved, e.g. to feed translation memory. */
  readonly onApproved?: (event: TranslationEvent) => Promise<void>;
  /**
   * The quality checks (services/checks.ts `CheckService`): every write that changes a translation's text stores its
   * check results in that same write, and approval decides on results run on the text and source it approves.
   */
  readonly checker?: TranslationChecker;
  /** Called after a translation's text changed (save, machine or memory draft) and was stored with its check results. */
  readonly onTextChanged?: (event: TranslationEvent) => Promise<void>;
  /** Where stored changes of translations are announced (`segment-changed`), for the pages that show them live. */
  readonly changes?: ChangeFeed;
  /** Outside systems told about imports, ready locales and outdated ones (the webhook; services/outbound-events.ts). */
  readonly notifier?: PublicationNotifier;
  /** Read by an import to tell which live locales its source change makes outdated. */
  readonly publications?: PublicationStore;
}

/** Which translations of a record `TranslationChecker.withChecks` runs the checks for. */
export type CheckSelection = (translation: Translation) => boolean;

/** Runs the quality checks inside a store write (services/checks.ts `CheckService` is the one implementation). */
export interface TranslationChecker {
  /**
   * `record` with fresh results (`Translation.checks`, stamped in `checkedFor`) on every selected translation with a
   * text whose stored results are missing or were run on another text or source (core/check-decisions.ts
   * `checksCurrent`), or on every selected one with `force`; the same object when nothing changed. Meant to be called
   * inside `ArticleStore.update`, so the text and its results land in one write.
   */
  withChecks(record: ArticleRecord, which: CheckSelection, options?: { readonly force?: boolean }): Promise<ArticleRecord>;
}

/** The service clock (`deps.now`, else the system clock) as ISO 8601 UTC. */
export function nowIso(deps: Pick<ServiceDeps, 'now'>): string {
  return (deps.now?.() ?? new Date()).toISOString();
}
