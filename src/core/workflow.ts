import { IllegalTransitionError } from './errors.ts';
import { LIMITS } from './limits.ts';
import type { Locale } from './locale.ts';
import type { Translation, TranslationOrigin, TranslationState } from './model.ts';

/** Who does something. Roles are checked by the web layer; the workflow only records the name. */
export interface Actor {
  readonly name: string;
  readonly role?: string;
}

export const WORKFLOW_ACTIONS = [
  'save',
  'submit',
  'approve',
  'reject',
  'markStale',
  'machineDraft',
  'memoryDraft',
  'suggest',
  'comment',
  'dismissCheck',
  'undoDismissal',
] as const;
export type WorkflowActionType = (typeof WORKFLOW_ACTIONS)[number];

export type WorkflowAction =
  /** A person writes or edits the text. */
  | { readonly type: 'save'; readonly text: string }
  | { readonly type: 'submit' }
  /**
   * `source` is the segment's current source text, remembered as what the translation was approved against;
   * `override` records the error-level checks approved over, with the reason and the source's `Segment.hash`;
   * `note` says why an approval happened without a reviewer (kept in the history).
   */
  | {
      readonly type: 'approve';
      readonly source: string;
      readonly override?: { readonly reason: string; readonly checkIds: readonly string[]; readonly sourceHash: string };
      readonly note?: string;
      /**
       * Set when the approver corrected the submitted text in the same step: who wrote the text they corrected. The
       * history records it, so the submission counts as reviewed by a second person and the correction as the approver's.
       */
      readonly correctionOf?: string | null;
    }
  | { readonly type: 'reject'; readonly comment: string }
  /** The segment's source changed; `previousSource` is the text the translation was made for. */
  | { readonly type: 'markStale'; readonly previousSource: string }
  | { readonly type: 'machineDraft'; readonly text: string }
  | { readonly type: 'memoryDraft'; readonly text: string }
  /** Keep a machine or memory draft beside the current text without touching it. */
  | { readonly type: 'suggest'; readonly text: string; readonly origin: TranslationOrigin }
  /** A remark on the segment that changes neither its text nor its state. */
  | { readonly type: 'comment'; readonly text: string }
  /**
   * "Not a problem here": dismiss the stored warning `checkId` for this text and the source with hash `sourceHash`
   * (`Segment.hash`), with a reason. Errors cannot be dismissed; a reviewer overrides them at approval.
   */
  | { readonly type: 'dismissCheck'; readonly checkId: string; readonly reason: string; readonly sourceHash: string }
  /** Take back a dismissal that still holds, so the warning shows as open again. */
  | { readonly type: 'undoDismissal'; readonly checkId: string; readonly sourceHash: string };

type TransitionTable = {
  readonly [A in WorkflowActionType]: Readonly<Partial<Record<TranslationState, TranslationState>>>;
};

/**
 * The legal transitions: action → (from state → to state). A pair missing here is refused.
 * Editing submitted text keeps it in review; editing approved text sends it back to review.
 * A source change on an untranslated row keeps it untranslated but still bumps its revision, so a machine
 * draft requested for the old source arrives late and becomes a suggestion instead of the text.
 */
export const TRANSITIONS = {
  save: { untranslated: 'draft', draft: 'draft', submitted: 'submitted', approved: 'submitted', stale: 'draft' },
  submit: { draft: 'submitted', stale: 'submitted' },
  approve: { submitted: 'approved' },
  reject: { submitted: 'draft' },
  markStale: { untranslated: 'untranslated', draft: 'stale', submitted: 'stale', approved: 'stale', stale: 'stale' },
  machineDraft: { untranslated: 'draft', draft: 'draft', stale: 'draft' },
  memoryDraft: { untranslated: 'draft', draft: 'draft', stale: 'draft' },
  suggest: {
    untranslated: 'untranslated',
    draft: 'draft',
    submitted: 'submitted',
    approved: 'approved',
    stale: 'stale',
  },
  comment: {
    untranslated: 'untranslated',
    draft: 'draft',
    submitted: 'submitted',
    approved: 'approved',
    stale: 'stale',
  },
  // Checks run on text, so an untranslated row has nothing to decide about.
  dismissCheck: { draft: 'draft', submitted: 'submitted', approved: 'approved', stale: 'stale' },
  undoDismissal: { draft: 'draft', submitted: 'submitted', approved: 'approved', stale: 'stale' },
} as const satisfies TransitionTable;

/** What to tell the user when an action is refused in a state; the default hint covers the rest. */
const REFUSAL_HINTS: Partial<Record<WorkflowActionType, Partial<Record<TranslationState, string>>>> = {
  submit: {
    untranslated: 'save a translation first',
    submitted: 'it is already submitted',
    approved: 'it is already approved; edit it to send it back to review',
  },
  approve: {
    untranslated: 'translate and submit it first',
    draft: 'submit it first',
    approved: 'it is already approved',
    stale: 'its source changed; review the translation and submit it again',
  },
  reject: {
    untranslated: 'only submitted translations can be rejected',
    draft: 'only submitted translations can be rejected',
    approved: 'only submitted translations can be rejected; edit it instead',
    stale: 'only submitted translations can be rejected',
  },
  machineDraft: {
    submitted: 'a translation in review is not replaced by a draft; keep the draft as a suggestion',
    approved: 'an approved translation is not replaced by a draft; keep the draft as a suggestion',
  },
  memoryDraft: {
    submitted: 'a translation in review is not replaced by a draft; keep the draft as a suggestion',
    approved: 'an approved translation is not replaced by a draft; keep the draft as a suggestion',
  },
};

/** Human-readable action names for messages ("cannot approve from draft"). */
const ACTION_VERBS: Record<WorkflowActionType, string> = {
  save: 'save',
  submit: 'submit',
  approve: 'approve',
  reject: 'reject',
  markStale: 'mark stale',
  machineDraft: 'apply a machine draft',
  memoryDraft: 'apply a memory draft',
  suggest: 'suggest',
  comment: 'comment on',
  dismissCheck: 'dismiss a check on',
  undoDismissal: 'undo a dismissal on',
};

/** Actions that leave text and state alone: they keep the revision, so an editor open meanwhile saves without a conflict. */
const KEEPS_REVISION: ReadonlySet<WorkflowActionType> = new Set(['suggest', 'comment', 'dismissCheck', 'undoDismissal']);

/** Translation texts longer than this are refused (LIMITS.translationChars in core/limits.ts). */
export const MAX_TRANSLATION_LENGTH = LIMITS.translationChars;
/** Comments longer than this are refused; the review page's form has the same limit (LIMITS.commentChars). */
export const MAX_COMMENT_LENGTH = LIMITS.commentChars;
/** Why a check is dismissed or overridden: one short sentence. */
export const MAX_CHECK_REASON_LENGTH = 500;

export function nextState(from: TranslationState, action: WorkflowActionType): TranslationState | null {
  const row: Readonly<Partial<Record<TranslationState, TranslationState>>> = TRANSITIONS[action];
  return row[from] ?? null;
}

export function canApply(from: TranslationState, action: WorkflowActionType): boolean {
  return nextState(from, action) !== null;
}

/**
 * The state `action` takes `t` to; IllegalTransitionError, saying what to do instead, when the transition table does
 * not allow it from `t`'s state.
 */
export function transitionOf(t: Translation, action: WorkflowActionType): TranslationState {
  const to = nextState(t.state, action);
  if (to === null) {
    const hint = REFUSAL_HINTS[action]?.[t.state] ?? `that is not a step of the review workflow`;
    throw new IllegalTransitionError(`translation ${t.segmentId}/${t.locale}: cannot ${ACTION_VERBS[action]} from ${t.state}; ${hint}`);
  }
  return to;
}

/** Whether `action` leaves text and state alone and so keeps the revision (see KEEPS_REVISION). */
export function keepsRevision(action: WorkflowActionType): boolean {
  return KEEPS_REVISION.has(action);
}

/** States that hold a translator's or machine's text (what a source change turns stale). */
export function isTranslated(state: TranslationState): boolean {
  return state !== 'untranslated';
}

/** A fresh row for a segment and locale, before anyone has done anything. */
export function newTranslation(segmentId: string, locale: Locale, now: string): Translation {
  return {
    segmentId,
    locale,
    state: 'untranslated',
    text: '',
    origin: null,
    machineDraft: null,
    revision: 0,
    updatedAt: now,
    updatedBy: null,
    textBy: null,
    comments: [],
  };
}
