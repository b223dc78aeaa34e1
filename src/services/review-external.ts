import { AppError } from '../core/errors.ts';
import type { Segment, Translation } from '../core/model.ts';
import { type Actor, nextState, type WorkflowAction } from '../core/workflow.ts';
import { assertApprovable, checkStatuses } from './checks.ts';
import type { ReviewActor, SegmentRef } from './review-inputs.ts';
import { assertFourEyes, assertMayEditText, checkRevision, sameAsStored, typedSegmentText } from './review-rules.ts';
import type { ReviewStep } from './review-write.ts';
import type { ServiceDeps, TranslationEvent } from './types.ts';

/**
 * Translations written outside Tandem (an agency's XLIFF file) as steps of the review service's one write: the text
 * is saved as its author's (the agency), sent to review when the file says it is finished, and approved by the
 * importer when they ask for it, in the same write, with the same rules as on the review page (who may change approved
 * text, markup, checks, four-eyes). A unit's refusal never refuses the others: it is recorded and the unit left alone.
 */

/** One translation from outside. */
export interface ExternalInput extends SegmentRef {
  /** Segment text with inline tags. */
  readonly text: string;
  /** What the file says: a draft, finished (`submitted`) or approved by the agency. */
  readonly state: 'draft' | 'submitted' | 'approved';
  /** The translation's revision when the file was checked; a different one refuses the unit (ConflictError). */
  readonly baseRevision: number;
  /** Recorded as the text's author (`agency:<name>`). */
  readonly author: Actor;
  /** Who imports: a person must be allowed to change approved text for it to be replaced; approves when asked. */
  readonly importer: ReviewActor;
  /** Approve the unit when the file says `approved` (the importer reviews it; four-eyes against the author). */
  readonly approve: boolean;
  /** Kept in the history with an approval (`approved from an XLIFF file of agency:…`). */
  readonly note: string;
}

/** What became of one input. */
export interface ExternalOutcome {
  /** applied: text or state changed; unchanged: the same text and state were there; refused: see `refusal`. */
  readonly outcome: 'applied' | 'unchanged' | 'refused';
  /** Approved in this write. */
  readonly approved: boolean;
  /** Why the unit, or only its approval (`outcome` then says what happened to the text), was refused. */
  readonly refusal?: AppError;
}

interface Tracker {
  outcome: ExternalOutcome['outcome'];
  approved: boolean;
  refusal?: AppError;
}

/** Run `work`; an AppError (a rule's refusal) is recorded on `tracker` and nothing is done. */
function guarded(tracker: Tracker, onRefusal: () => void, work: () => WorkflowAction[]): WorkflowAction[] {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    tracker.refusal = error;
    onRefusal();
    return [];
  }
}

/**
 * How to apply `inputs` (one article) in one write. Each input is one step for its author (save, submit) and, when it
 * asks for approval, one for the importer that runs after the checks have run on the new text.
 */
export function externalSteps(
  inputs: readonly ExternalInput[],
  fourEyes: boolean,
): {
  /** Run the steps with the review service's write, then tell its hooks what changed; one outcome per input. */
  apply(
    write: (steps: readonly ReviewStep[]) => Promise<TranslationEvent[]>,
    hooks: Pick<ServiceDeps, 'onTextChanged' | 'onApproved'>,
  ): Promise<ExternalOutcome[]>;
} {
  const trackers: Tracker[] = inputs.map(() => ({ outcome: 'unchanged', approved: false }));
  const steps: ReviewStep[] = [];
  const stepOf: { text: number; approval: number | null }[] = [];
  inputs.forEach((input, i) => {
    const tracker = trackers[i]!;
    const ref = { slug: input.slug, segmentId: input.segmentId, locale: input.locale };
    const write = (t: Translation, segment: Segment): WorkflowAction[] => {
      // Plans run again when the store retries a write: start from scratch each time.
      Object.assign(tracker, { outcome: 'unchanged', approved: false, refusal: undefined });
      return guarded(
        tracker,
        () => (tracker.outcome = 'refused'),
        () => {
          checkRevision(t, input.baseRevision);
          assertMayEditText(t, input.importer);
          const text = typedSegmentText(input.text, segment);
          const actions: WorkflowAction[] = sameAsStored(text, t.text) ? [] : [{ type: 'save', text }];
          const state = actions.length > 0 ? nextState(t.state, 'save') : t.state;
          if (input.state !== 'draft' && (state === 'draft' || state === 'stale')) actions.push({ type: 'submit' });
          if (actions.length > 0) tracker.outcome = 'applied';
          return actions;
        },
      );
    };
    stepOf.push({ text: steps.length, approval: input.approve && input.state === 'approved' ? steps.length + 1 : null });
    steps.push({ ref: { ...ref, actor: input.author }, plan: write });
    if (!(input.approve && input.state === 'approved')) return;
    const approve = (t: Translation, segment: Segment): WorkflowAction[] => {
      if (tracker.outcome === 'refused' || t.state === 'approved') return [];
      return guarded(
        tracker,
        () => {},
        () => {
          const open = checkStatuses(t, segment).filter((r) => r.status === 'open');
          // An import never overrides failing checks: that takes a reviewer's reason, on the review page.
          assertApprovable(open, null);
          assertFourEyes(t, input.importer.name, fourEyes);
          tracker.approved = true;
          tracker.outcome = 'applied';
          return [{ type: 'approve', source: segment.source, note: input.note }];
        },
      );
    };
    steps.push({ ref: { ...ref, actor: input.importer }, plan: () => [], afterChecks: approve });
  });
  // After the write: open pages and the memory hear of what changed, as after the review service's own writes.
  const apply = async (
    write: (steps: readonly ReviewStep[]) => Promise<TranslationEvent[]>,
    hooks: Pick<ServiceDeps, 'onTextChanged' | 'onApproved'>,
  ) => {
    if (steps.length === 0) return [];
    const events = await write(steps);
    for (const [i, t] of trackers.entries()) {
      const { text, approval } = stepOf[i]!;
      if (t.outcome === 'applied') await hooks.onTextChanged?.(events[text]!);
      if (t.approved && approval !== null) await hooks.onApproved?.(events[approval]!);
    }
    return trackers.map((t) => ({ outcome: t.outcome, approved: t.approved, ...(t.refusal ? { refusal: t.refusal } : {}) }));
  };
  return { apply };
}
