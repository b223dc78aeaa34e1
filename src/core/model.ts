import type { Locale } from './locale.ts';
import type { Slug } from './slug.ts';

export const SEGMENT_KINDS = [
  'title',
  'subtitle',
  'heading',
  'paragraph',
  'list-item',
  'quote',
  'caption',
  'table-cell',
  'image-alt',
  'summary',
  'byline',
  'tag',
  'link-title',
] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

export const TRANSLATION_STATES = ['untranslated', 'draft', 'submitted', 'approved', 'stale'] as const;
export type TranslationState = (typeof TRANSLATION_STATES)[number];

export const TRANSLATION_ORIGINS = ['machine', 'memory', 'human'] as const;
export type TranslationOrigin = (typeof TRANSLATION_ORIGINS)[number];

export const SOURCE_FORMATS = ['markdown', 'html', 'text'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/**
 * What an inline tag in segment text stands for. Segment text carries inline markup as numbered tags:
 * paired `<g1>…</g1>` (bold, italics, links…) and standalone `<x2/>` (line breaks, inline code, images),
 * so a translation can move them and the document can be rebuilt. Literal `<`, `>` and `&` in text are
 * escaped as `&lt;`, `&gt;`, `&amp;`, which keeps every segment a well-formed XML fragment (DeepL's tag handling needs that).
 */
export interface InlineTag {
  /** `g` = paired, `x` = standalone. */
  readonly type: 'g' | 'x';
  /** mdast node type it came from: strong, emphasis, delete, link, inlineCode, break, image, html… */
  readonly node: string;
  /** Node data needed to rebuild it (url, title, value, alt…). */
  readonly attrs?: Readonly<Record<string, string | null>>;
}

/** A segment as a format adapter extracts it, before identity is assigned. */
export interface ExtractedSegment {
  readonly kind: SegmentKind;
  /** Text with inline tags, NFC-normalized. */
  readonly source: string;
  /** Inline tags by number ("1", "2"…). */
  readonly tags: Readonly<Record<string, InlineTag>>;
}

export interface Segment extends ExtractedSegment {
  /** Stable identity across source edits (`s-` + random). */
  readonly id: string;
  /** Position in reading order among the live segments. */
  readonly order: number;
  /** Hash of the normalized source (see core/text.ts `sourceHash`). */
  readonly hash: string;
  /** Source revision in which this segment's text was last changed. */
  readonly sourceRevision: number;
  /** Set when a re-import removed the segment; removed segments stay for history but leave the article. */
  readonly removedAt?: string;
  /** Earlier source texts, oldest first, each with the revision it belonged to (for stale diffs). */
  readonly previousSources?: readonly { readonly revision: number; readonly source: string }[];
}

/**
 * An article's front matter. The keys Tandem reads are validated at import by `FrontMatterSchema` (core/front-matter.ts);
 * dates are ISO 8601 strings (`2026-12-01` or `2026-12-01T09:00:00Z`); every other key passes through.
 */
export interface FrontMatter {
  readonly title?: string;
  readonly slug?: string;
  readonly subtitle?: string;
  readonly description?: string;
  readonly author?: string;
  readonly date?: string;
  /** Hugo: readers see the article from this time on (defaults to `date`). */
  readonly publishDate?: string;
  /** Hugo: readers stop seeing the article at this time. */
  readonly expiryDate?: string;
  /** Hugo: a draft is never shown to readers. */
  readonly draft?: boolean;
  readonly tags?: readonly string[];
  /** Names that never leave the newsroom: one name, or a list of names or `{ term, render }`. */
  readonly confidential?: string | readonly (string | { readonly term: string; readonly render?: string })[];
  readonly [key: string]: unknown;
}

export interface Article {
  readonly slug: Slug;
  readonly sourceLocale: Locale;
  readonly format: SourceFormat;
  readonly frontMatter: FrontMatter;
  /** The normalized source document (Markdown with front matter) the segments were extracted from; rebuilds start here. */
  readonly document: string;
  /** Hash of `document`; re-importing a file with the same hash changes nothing. */
  readonly documentHash: string;
  readonly sourceRevision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Comment {
  readonly by: string;
  readonly at: string;
  readonly text: string;
}

export interface Translation {
  readonly segmentId: string;
  readonly locale: Locale;
  readonly state: TranslationState;
  /** Current text with inline tags; '' while untranslated. */
  readonly text: string;
  readonly origin: TranslationOrigin | null;
  /** The machine draft as it first arrived, kept to measure post-editing. */
  readonly machineDraft: string | null;
  /** Increments on every change; saves carry the revision they started from. */
  readonly revision: number;
  /** For stale translations: the source text the translation was made for. */
  readonly staleSource?: string;
  /** Last approved text and the source it was approved against. */
  readonly approvedText?: string;
  readonly approvedSource?: string;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
  /** Who last changed `text` (a person, or the machine/memory actor); the four-eyes rule compares approvers with it. */
  readonly textBy?: string | null;
  /** A machine or memory draft that arrived after a human edit: offered, never applied over the human's text. */
  readonly suggestion?: { readonly text: string; readonly origin: TranslationOrigin; readonly at: string } | null;
  readonly comments: readonly Comment[];
  /**
   * Quality check failures (empty when all passed), stored in the same write as the text they were run on; they count
   * only while `checkedFor` matches the text and the segment's source (core/check-decisions.ts `checksCurrent`).
   */
  readonly checks?: readonly CheckResult[];
  /**
   * What `checks` were run on: `contentHash` of the text and the segment's `Segment.hash`, and the fingerprint of the
   * context (glossary, terms, allowed Hangul, checks on; services/checks.ts `contextKey`), absent in older files.
   * Absent: never checked.
   */
  readonly checkedFor?: { readonly textHash: string; readonly sourceHash: string; readonly context?: string };
  /**
   * Warnings a person dismissed for this segment ("not a problem here"), one per check id. Each holds only for the text
   * and source it was made on (core/check-decisions.ts); a void one is ignored and dropped at the next dismissal.
   */
  readonly dismissals?: readonly CheckDismissal[];
  /** The error-level checks a reviewer approved over with a reason; holds only for the text and source approved. */
  readonly checkOverride?: ApprovalOverride;
}

/**
 * A person's decision about failing checks of one translation, tied to what it was made on: any change to the
 * translation's text or the segment's source voids it (core/check-decisions.ts `decisionHolds`).
 */
export interface CheckDecision {
  readonly by: string;
  readonly reason: string;
  /** ISO 8601 UTC. */
  readonly at: string;
  /** `contentHash` (core/text.ts) of the translation text the decision was made on. */
  readonly textHash: string;
  /** `Segment.hash` of the source the decision was made on. */
  readonly sourceHash: string;
}

/** A warning dismissed for one segment and locale. */
export interface CheckDismissal extends CheckDecision {
  readonly checkId: string;
}

/** Error-level checks overridden when the translation was approved. */
export interface ApprovalOverride extends CheckDecision {
  readonly checkIds: readonly string[];
}

/** One failed quality check, stored with the translation it was run on. */
export interface CheckResult {
  /** The check's stable id (`numbers`, `inline-tags`…). */
  readonly checkId: string;
  readonly severity: 'error' | 'warning';
  /** Structured detail from the check (`{ missing: ['300'] }`), shown next to the check's name. */
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface HistoryEntry {
  readonly at: string;
  readonly by: string;
  readonly segmentId: string;
  /** null for source-side events (segment added, edited, removed). */
  readonly locale: Locale | null;
  readonly action: string;
  readonly from: TranslationState | null;
  readonly to: TranslationState | null;
  readonly textBefore: string | null;
  readonly textAfter: string | null;
  readonly comment?: string;
  /** The checks an action decided about: dismissed, dismissal undone, or overridden at approval. */
  readonly checkIds?: readonly string[];
  /**
   * On an approval that took the approver's own correction in the same step: who wrote the submitted text that was
   * corrected ('' when nobody is recorded). Four-eyes: that submission was reviewed by a second person, the approver.
   */
  readonly correctionOf?: string;
}

/** Everything stored for one article: the unit a store reads and writes. */
export interface ArticleRecord {
  readonly article: Article;
  /** All segments ever seen, live ones ordered by `order`, removed ones carrying `removedAt`. */
  readonly segments: readonly Segment[];
  readonly translations: readonly Translation[];
  readonly history: readonly HistoryEntry[];
}

export type StateCounts = Readonly<Record<TranslationState, number>>;

export type { ArticleSummary, LocaleSummary, WaitingFacet } from './article-summary.ts';
