import { decisionBasis, decisionHolds } from './check-decisions.ts';
import { ConflictError, ValidationError } from './errors.ts';
import type { HistoryEntry, Translation } from './model.ts';
import { normalizeText } from './text.ts';
import {
  type Actor,
  keepsRevision,
  MAX_CHECK_REASON_LENGTH,
  MAX_COMMENT_LENGTH,
  MAX_TRANSLATION_LENGTH,
  transitionOf,
  type WorkflowAction,
} from './workflow.ts';

// Applying one action to a translation row: the input checks and what each action changes. Which actions are allowed
// in which state is workflow.ts's transition table.

/** What applyAction returns: the new translation row and the history entry to append. */
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
  const to = transitionOf(t, action.type);
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
  if (!keepsRevision(action.type)) {
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
