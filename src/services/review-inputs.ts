import type { Locale } from '../core/locale.ts';
import type { Translation } from '../core/model.ts';
import type { Actor } from '../core/workflow.ts';

/** What the review service's methods take and answer (review.ts re-exports them). */

export interface SegmentRef {
  readonly slug: string;
  readonly segmentId: string;
  readonly locale: Locale;
}

/**
 * Who acts. A person signed in to a UI passes their `role` and `locales` too (a `RoleHolder`): then approved text may
 * only be changed by someone who may review in its locale (ForbiddenError otherwise). The system's own actors pass a
 * bare name.
 */
export type ReviewActor = Actor & { readonly locales?: readonly Locale[] };

export interface SaveInput extends SegmentRef {
  readonly text: string;
  /** The revision the editor started from; a different current revision is a conflict. */
  readonly baseRevision: number;
  readonly actor: ReviewActor;
}

export interface StepInput extends SegmentRef {
  /** When given, the action is refused with a conflict if the translation moved on since. */
  readonly baseRevision?: number;
  readonly actor: ReviewActor;
}

export interface ApproveInput extends StepInput {
  /** Approve despite failing error-level checks; the reason is kept in the history. */
  readonly overrideReason?: string;
  /**
   * The text the approver's page showed (and may have edited). When it differs from the stored text of the same
   * revision the approval is refused with a ValidationError, so the edit is not lost; save it first.
   */
  readonly text?: string;
}

export interface CorrectApproveInput extends SegmentRef {
  /** The text the reviewer approves: the submitted text, or their correction of it. */
  readonly text: string;
  /** The revision the reviewer's editor started from; a different current revision is a conflict. */
  readonly baseRevision: number;
  readonly actor: ReviewActor;
  /** Approve despite failing error-level checks (of the corrected text); the reason is kept in the history. */
  readonly overrideReason?: string;
}

export interface SubmitAllInput {
  readonly slug: string;
  readonly locale: Locale;
  readonly actor: ReviewActor;
}

export interface SubmitAllOutcome {
  /** Drafts sent to review. */
  readonly submitted: number;
  /** The person's drafts left as drafts: an error-level check fails on them (fix or ask a reviewer to override). */
  readonly blocked: number;
}

export interface ApproveAllInput {
  readonly slug: string;
  readonly locale: Locale;
  readonly actor: ReviewActor;
}

export interface ApproveAllOutcome {
  /** Translations approved. */
  readonly approved: number;
  /**
   * Translations that were approvable when counted but refused when approved: changed meanwhile, or their checks, not
   * yet run on this text and run first, found errors.
   */
  readonly skipped: number;
  /** Submitted translations left for a decision one by one: their checks found errors (override or fix them). */
  readonly heldByChecks: number;
  /** Submitted translations the approver wrote: another reviewer approves them (four-eyes). */
  readonly ownTexts: number;
}

export interface SubmitInput extends StepInput {
  /** Save this text first, in the same write ("save and submit"). */
  readonly text?: string;
}

export interface RejectInput extends StepInput {
  readonly comment: string;
}

export interface CommentInput extends SegmentRef {
  readonly text: string;
  readonly actor: Actor;
}

export interface DraftInput extends SegmentRef {
  readonly text: string;
  /** The translation's revision when the draft was requested; if it moved since, the draft becomes a suggestion. */
  readonly expectedRevision: number;
  /** Hash of the source the draft was made from; a draft for an older source is discarded. */
  readonly sourceHash?: string;
  /** Recorded as the author; defaults to "machine" or "memory". */
  readonly actor?: Actor;
}

export interface DraftOutcome {
  /**
   * applied: the draft is the text now; suggested: kept beside a human's text; discarded: made for an old source, or
   * the same as the current text (a suggestion would offer nothing new).
   */
  readonly outcome: 'applied' | 'suggested' | 'discarded';
  readonly translation: Translation;
}

export interface AutoApproveInput extends SegmentRef {
  /** The memory draft's text, as `applyMemoryDraft` applied it. */
  readonly text: string;
  /** The revision the applied draft has; anything done to the translation since keeps it a draft. */
  readonly revision: number;
  /** Why this approval needs no reviewer; kept in the history. */
  readonly note: string;
  /** Recorded as the approver; defaults to "memory". */
  readonly actor?: Actor;
}

export interface AutoApproveOutcome {
  /**
   * approved: submitted and approved in one write; changed: the translation is no longer that untouched memory draft;
   * checks: an error-level check fails, and only a person may override it.
   */
  readonly outcome: 'approved' | 'changed' | 'checks';
  readonly translation: Translation;
}

export interface DismissCheckInput extends SegmentRef {
  /** The id of a warning-level check stored as failing on the translation (`length`, `punctuation`…). */
  readonly checkId: string;
  /** Why the warning does not apply to this segment (up to MAX_CHECK_REASON_LENGTH characters). */
  readonly reason: string;
  readonly actor: ReviewActor;
}

export interface UndoDismissalInput extends SegmentRef {
  readonly checkId: string;
  readonly actor: ReviewActor;
}
