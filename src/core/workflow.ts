import { decisionBasis, decisionHolds } from './check-decisions.ts';
import { ConflictError, IllegalTransitionError, ValidationError } from './errors.ts';
import { LIMITS } from './limits.ts';
import type { Locale } from './locale.ts';
import type { HistoryEntry, Translation, TranslationOrigin, TranslationState } from './model.ts';
import { normalizeText } from './text.ts';

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

export interface ActionResult {
  readonly translation: Translation;
  readonly history: HistoryEntry;
}

function cleanText(text: string, t: Translation): string {
  if (typeof text !== 'string') {
    throw new ValidationError(`translation ${t.segmentId}/${t.locale}: text must be a string`);
  }
  const normalized = normalizeText(text);
  if (normalized.trim() === '') {
    throw new ValidationError(`translation ${t.segmentId}/${t.locale}: text is empty; write a translation before saving`, [], {
      reason: 'translation.empty',
    });
  }
  if (normalized.length > MAX_TRANSLATION_LENGTH) {
    throw new ValidationError(
      `translation ${t.segmentId}/${t.locale}: text is ${normalized.length} characters; the limit is ${MAX_TRANSLATION_LENGTH}`,
    );
  }
  return normalized;
}

/** The reason of a dismissal, trimmed; ValidationError when it is blank or too long. */
function checkReason(reason: string, t: Translation): string {
  const clean = typeof reason === 'string' ? normalizeText(reason).trim() : '';
  if (clean === '')
    throw new ValidationError(`translation ${t.segmentId}/${t.locale}: say why the check does not apply here`, ['reason'], {
      reason: 'reason.empty',
    });
  if (clean.length > MAX_CHECK_REASON_LENGTH) {
    throw new ValidationError(
      `translation ${t.segmentId}/${t.locale}: the reason is ${clean.length} characters; the limit is ${MAX_CHECK_REASON_LENGTH}`,
      ['reason'],
    );
  }
  return clean;
}

/** The dismissals of `t` that still hold, without the one for `checkId`. */
function otherDismissals(t: Translation, checkId: string, sourceHash: string): NonNullable<Translation['dismissals']> {
  return (t.dismissals ?? []).filter((d) => d.checkId !== checkId && decisionHolds(d, t.text, sourceHash));
}

/**
 * Apply one workflow action to a translation. Pure: returns the new translation (revision + 1, except for actions that leave text and state alone) and the history entry
 * to append; throws IllegalTransitionError for a transition the table does not allow and ValidationError for bad input.
 * `now` is an ISO timestamp.
 */
export function applyAction(translation: Translation, action: WorkflowAction, actor: Actor, now: string): ActionResult {
  const t = translation;
  const from = t.state;
  const to = nextState(from, action.type);
  if (to === null) {
    const hint = REFUSAL_HINTS[action.type]?.[from] ?? `that is not a step of the review workflow`;
    throw new IllegalTransitionError(`translation ${t.segmentId}/${t.locale}: cannot ${ACTION_VERBS[action.type]} from ${from}; ${hint}`);
  }
  if (!actor || typeof actor.name !== 'string' || actor.name.trim() === '') {
    throw new ValidationError(`translation ${t.segmentId}/${t.locale}: an action needs an actor with a name`);
  }

  let next: Translation;
  let comment: string | undefined;
  let checkIds: readonly string[] | undefined;
  let correctionOf: string | undefined;
  switch (action.type) {
    case 'save': {
      const text = cleanText(action.text, t);
      const changed = text !== t.text;
      // Saving a draft unchanged (accepting a machine draft as is) keeps its origin and author.
      next = {
        ...t,
        state: to,
        text,
        origin: changed ? 'human' : (t.origin ?? 'human'),
        textBy: changed ? actor.name : (t.textBy ?? actor.name),
      };
      break;
    }
    case 'submit':
      next = { ...t, state: to };
      break;
    case 'approve': {
      const { staleSource: _dropped, ...rest } = t;
      next = { ...rest, state: to, approvedText: t.text, approvedSource: action.source };
      // Approving over failing checks is allowed only with a reason, kept in the history and on the translation
      // (for as long as text and source stay the ones approved, the checks count as resolved).
      if (action.override && action.override.checkIds.length > 0) {
        const reason = action.override.reason.trim();
        checkIds = action.override.checkIds;
        comment = `checks overridden: ${reason}`;
        next = {
          ...next,
          checkOverride: { checkIds, by: actor.name, reason, at: now, ...decisionBasis(t.text, action.override.sourceHash) },
        };
      }
      if (action.note) comment = comment === undefined ? action.note : `${action.note}; ${comment}`;
      if (action.correctionOf !== undefined) correctionOf = action.correctionOf ?? '';
      break;
    }
    case 'reject': {
      comment = typeof action.comment === 'string' ? action.comment.trim() : '';
      if (comment === '') {
        throw new ValidationError(`translation ${t.segmentId}/${t.locale}: a rejection needs a comment saying what to change`, [], {
          reason: 'rejection.needs-comment',
        });
      }
      next = { ...t, state: to, comments: [...t.comments, { by: actor.name, at: now, text: comment }] };
      break;
    }
    case 'markStale':
      // A translation that is already stale keeps the source it was made for, so the diff covers every edit since.
      next =
        from === 'untranslated'
          ? { ...t, state: to }
          : { ...t, state: to, staleSource: from === 'stale' ? (t.staleSource ?? action.previousSource) : action.previousSource };
      break;
    case 'machineDraft': {
      const text = cleanText(action.text, t);
      next = { ...t, state: to, text, origin: 'machine', machineDraft: text, textBy: actor.name, suggestion: null };
      break;
    }
    case 'memoryDraft': {
      const text = cleanText(action.text, t);
      next = { ...t, state: to, text, origin: 'memory', textBy: actor.name, suggestion: null };
      break;
    }
    case 'suggest': {
      const text = cleanText(action.text, t);
      next = { ...t, suggestion: { text, origin: action.origin, at: now } };
      break;
    }
    case 'comment': {
      comment = typeof action.text === 'string' ? normalizeText(action.text).trim() : '';
      if (comment === '')
        throw new ValidationError(`translation ${t.segmentId}/${t.locale}: the comment is empty; write what you want to say`, [], {
          reason: 'comment.empty',
        });
      if (comment.length > MAX_COMMENT_LENGTH) {
        throw new ValidationError(
          `translation ${t.segmentId}/${t.locale}: the comment is ${comment.length} characters; the limit is ${MAX_COMMENT_LENGTH}`,
        );
      }
      next = { ...t, comments: [...t.comments, { by: actor.name, at: now, text: comment }] };
      break;
    }
    case 'dismissCheck': {
      const reason = checkReason(action.reason, t);
      const result = (t.checks ?? []).find((c) => c.checkId === action.checkId);
      if (!result) {
        throw new ConflictError(
          `translation ${t.segmentId}/${t.locale}: check ${action.checkId} does not fail on this text any more; reload the page`,
          undefined,
          'conflict',
          { reason: 'check.not-failing' },
        );
      }
      if (result.severity !== 'warning') {
        throw new ValidationError(
          `translation ${t.segmentId}/${t.locale}: ${action.checkId} is an error, which cannot be dismissed; ` +
            'fix the translation, or a reviewer approves it with a reason',
          ['severity'],
          { reason: 'check.not-dismissable' },
        );
      }
      const dismissal = { checkId: action.checkId, by: actor.name, reason, at: now, ...decisionBasis(t.text, action.sourceHash) };
      next = { ...t, dismissals: [...otherDismissals(t, action.checkId, action.sourceHash), dismissal] };
      comment = reason;
      checkIds = [action.checkId];
      break;
    }
    case 'undoDismissal': {
      const holding = (t.dismissals ?? []).some((d) => d.checkId === action.checkId && decisionHolds(d, t.text, action.sourceHash));
      if (!holding) {
        throw new ConflictError(
          `translation ${t.segmentId}/${t.locale}: check ${action.checkId} is not dismissed; reload the page`,
          undefined,
          'conflict',
          {
            reason: 'check.not-dismissed',
          },
        );
      }
      next = { ...t, dismissals: otherDismissals(t, action.checkId, action.sourceHash) };
      checkIds = [action.checkId];
      break;
    }
  }

  // A suggestion, a comment or a check decision leaves text and state alone, so it must not make a translator's save
  // in progress conflict: the revision (and who/when of the text) stay as they were.
  if (!KEEPS_REVISION.has(action.type)) {
    next = { ...next, revision: t.revision + 1, updatedAt: now, updatedBy: actor.name };
  }
  const history: HistoryEntry = {
    at: now,
    by: actor.name,
    segmentId: t.segmentId,
    locale: t.locale,
    action: action.type,
    from,
    to,
    textBefore: t.text,
    textAfter: next.text,
    ...(comment !== undefined ? { comment } : {}),
    ...(checkIds !== undefined ? { checkIds } : {}),
    ...(correctionOf !== undefined ? { correctionOf } : {}),
  };
  return { translation: next, history };
}
