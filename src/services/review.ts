import type { Locale } from '../core/locale.ts';
import type { ArticleRecord, Segment, Translation } from '../core/model.ts';
import type { Actor, WorkflowAction } from '../core/workflow.ts';
import { approvableInBulk, approveEveryApprovable, submitFinishedDrafts } from './review-bulk.ts';
import { applyDrafts, memoryApproval } from './review-drafts.ts';
import type {
  ApproveAllInput,
  ApproveAllOutcome,
  ApproveInput,
  AutoApproveInput,
  CorrectApproveInput,
  AutoApproveOutcome,
  CommentInput,
  DismissCheckInput,
  DraftInput,
  DraftOutcome,
  RejectInput,
  SaveInput,
  SegmentRef,
  SubmitAllInput,
  SubmitAllOutcome,
  SubmitInput,
  UndoDismissalInput,
} from './review-inputs.ts';
import {
  approveAction,
  assertFourEyes,
  assertMayDecideChecks,
  assertMayEditText,
  assertUnchangedOnApprove,
  checkRevision,
  requireRevision,
  sameAsStored,
  typedSegmentText,
} from './review-rules.ts';
import { type Recheck, type ReviewStep, writeSteps } from './review-write.ts';
import { type ExternalInput, type ExternalOutcome, externalSteps } from './review-external.ts';
import { segmentChanged } from './change-events.ts';
import type { ServiceDeps, TranslationEvent } from './types.ts';

export type * from './review-inputs.ts';

/** Run the checks again on the touched translations before planning: every time (a decision about checks), or only when stale. */
const RECHECK: Recheck = { force: true };
const ONLY_STALE: Recheck = { force: false };

/**
 * The review workflow over the store: every method reads and writes one article atomically and applies the
 * state machine in core/workflow.ts and the rules in review-rules.ts (four-eyes, who may change approved text, no
 * approval of edited text, what approve-all takes). Whether a role may act at all is the caller's guard.
 * Errors: NotFoundError (article, segment or locale), ConflictError (revision moved on, segment removed),
 * IllegalTransitionError, ValidationError, ForbiddenError and its FourEyesError.
 */
export class ReviewService {
  readonly #deps: ServiceDeps;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
  }

  /** Whether the four-eyes rule is on (ServiceDeps.fourEyes, default true). */
  get fourEyes(): boolean {
    return this.#deps.fourEyes !== false;
  }

  /**
   * The translations in `locale` that approve-all would take for `approver` (see `isBulkApprovable`), over live
   * segments of `record`, in stored order.
   */
  bulkApprovable(record: ArticleRecord, locale: Locale, approver: string): Translation[] {
    return approvableInBulk(record, locale, approver, this.fourEyes);
  }

  /**
   * Approve every bulk-approvable translation of an article in one locale, one approval each. Each carries the revision
   * counted here, so a segment changed meanwhile is skipped rather than approved unseen; only our own refusals
   * (AppError) count as skipped, anything else is thrown. NotFoundError when the article does not exist.
   */
  approveAll(input: ApproveAllInput): Promise<ApproveAllOutcome> {
    return approveEveryApprovable(this.#deps, input, this.fourEyes, (one) => this.approve(one));
  }

  /**
   * Save a translator's or reviewer's text (optimistic concurrency on `baseRevision`). Typed text is stored as segment
   * text: a stray `<` or `&` is escaped (see typedSegmentText). ValidationError, naming the character, when the text
   * has markup the article cannot be rebuilt with; ConflictError when the row moved on; ForbiddenError when a person
   * who may not review in the locale changes approved text.
   */
  async saveTranslation(input: SaveInput): Promise<Translation> {
    requireRevision(input.baseRevision, 'baseRevision');
    const event = await this.#step(input, ONLY_STALE, (t, segment) => {
      assertMayEditText(t, input.actor);
      checkRevision(t, input.baseRevision);
      return [{ type: 'save', text: typedSegmentText(input.text, segment) }];
    });
    await this.#emitTextChanged(event);
    return event.translation;
  }

  /**
   * Send a draft (or a stale translation, as is) to review, saving `text` first in the same write when it differs from
   * the stored text. Same refusals as `saveTranslation`, plus IllegalTransitionError.
   */
  async submit(input: SubmitInput): Promise<Translation> {
    let textChanged = false;
    const event = await this.#step(input, ONLY_STALE, (t, segment) => {
      assertMayEditText(t, input.actor);
      if (input.baseRevision !== undefined) checkRevision(t, input.baseRevision);
      // Only a changed text is saved first; submitting what is stored is a plain state change.
      if (input.text === undefined || sameAsStored(input.text, t.text)) return [{ type: 'submit' }];
      textChanged = true;
      return [{ type: 'save', text: typedSegmentText(input.text, segment) }, { type: 'submit' }];
    });
    if (textChanged) await this.#emitTextChanged(event);
    return event.translation;
  }

  /**
   * Approve a submitted translation. Error-level checks that are open (see checks.ts `checkStatuses`: not covered by an
   * earlier override of the same text and source) need `overrideReason`; the override is then stored on the translation
   * for every error-level check of the text. Refusals: ValidationError when `text` differs from the stored text of
   * `baseRevision` or open errors have no override reason; ConflictError when the row moved on; FourEyesError when,
   * under the four-eyes rule, the approver wrote the current text; IllegalTransitionError.
   */
  async approve(input: ApproveInput): Promise<Translation> {
    const event = await this.#step(input, RECHECK, (t, segment) => {
      assertUnchangedOnApprove(t, input.text, input.baseRevision);
      if (input.baseRevision !== undefined) checkRevision(t, input.baseRevision);
      const approval = approveAction(t, segment, input.actor.name, input.overrideReason);
      assertFourEyes(t, input.actor.name, this.fourEyes);
      return [approval];
    });
    await this.#deps.onApproved?.(event);
    return event.translation;
  }

  /**
   * A reviewer approves a submitted translation with their corrections in one write: `text` is saved when it differs
   * from the stored text, the checks run on it, then it is approved. Four-eyes: refused (FourEyesError) when the
   * reviewer wrote the submitted text; otherwise the translator's submission is reviewed by a second person, and the
   * approval records whose text was corrected (HistoryEntry `correctionOf`). Same refusals as `saveTranslation` and
   * `approve` (open error-level checks of the corrected text need `overrideReason`); nothing is written on a refusal.
   */
  async correctAndApprove(input: CorrectApproveInput): Promise<Translation> {
    requireRevision(input.baseRevision, 'baseRevision');
    let submittedBy: string | null | undefined;
    const correct = (t: Translation, segment: Segment): WorkflowAction[] => {
      checkRevision(t, input.baseRevision);
      assertMayEditText(t, input.actor);
      assertFourEyes(t, input.actor.name, this.fourEyes);
      if (sameAsStored(input.text, t.text)) return [];
      submittedBy = t.textBy ?? null;
      return [{ type: 'save', text: typedSegmentText(input.text, segment) }];
    };
    const approve = (t: Translation, segment: Segment): WorkflowAction[] => {
      const approval = approveAction(t, segment, input.actor.name, input.overrideReason);
      return [{ ...approval, ...(submittedBy !== undefined ? { correctionOf: submittedBy } : {}) }];
    };
    const [event] = (await this.#stepMany([{ ref: input, plan: correct, afterChecks: approve }], RECHECK)) as [TranslationEvent];
    if (submittedBy !== undefined) await this.#emitTextChanged(event);
    await this.#deps.onApproved?.(event);
    return event.translation;
  }

  /**
   * Send every finished draft of `actor` in one article and locale to review, in one write: drafts they saved last
   * (`updatedBy`), with text, whose checks show no open error (those stay drafts and are counted as `blocked`).
   * NotFoundError when the article does not exist.
   */
  submitAll(input: SubmitAllInput): Promise<SubmitAllOutcome> {
    return submitFinishedDrafts(this.#deps, input, (steps) => this.#stepMany(steps));
  }

  /** Send a submitted translation back to draft with a comment saying what to change. */
  async reject(input: RejectInput): Promise<Translation> {
    const event = await this.#step(input, ONLY_STALE, (t) => {
      if (input.baseRevision !== undefined) checkRevision(t, input.baseRevision);
      return [{ type: 'reject', comment: input.comment }];
    });
    return event.translation;
  }

  /**
   * Add a comment to a segment's translation in any state. Text, state and revision stay as they are, so an editor
   * opened before the comment still saves without a conflict; the comment shows on the next page load.
   */
  async comment(input: CommentInput): Promise<Translation> {
    const event = await this.#step(input, ONLY_STALE, () => [{ type: 'comment', text: input.text }]);
    return event.translation;
  }

  /**
   * Dismiss a stored warning for this segment ("not a problem here"), with a reason; recorded in the history and held
   * until the text or the source changes. Text, state and revision stay. Refusals: ForbiddenError for a person who may
   * not work in the locale; ValidationError for an error-level check or a blank reason; ConflictError when the check
   * no longer fails on the text.
   */
  async dismissCheck(input: DismissCheckInput): Promise<Translation> {
    const event = await this.#step(input, RECHECK, (t, segment) => {
      assertMayDecideChecks(t, input.actor);
      return [{ type: 'dismissCheck', checkId: input.checkId, reason: input.reason, sourceHash: segment.hash }];
    });
    return event.translation;
  }

  /** Undo a dismissal that still holds (recorded in the history). ForbiddenError as for `dismissCheck`; ConflictError when there is none. */
  async undoDismissal(input: UndoDismissalInput): Promise<Translation> {
    const event = await this.#step(input, ONLY_STALE, (t, segment) => {
      assertMayDecideChecks(t, input.actor);
      return [{ type: 'undoDismissal', checkId: input.checkId, sourceHash: segment.hash }];
    });
    return event.translation;
  }

  /** Apply a machine draft unless a person (or a better draft) got there first; then keep it as a suggestion. */
  async applyMachineDraft(input: DraftInput): Promise<DraftOutcome> {
    const [outcome] = await this.#applyDrafts([input], 'machine');
    return outcome!;
  }

  /** Apply a translation-memory draft with the same rule as machine drafts (memory outranks machine). */
  async applyMemoryDraft(input: DraftInput): Promise<DraftOutcome> {
    const [outcome] = await this.#applyDrafts([input], 'memory');
    return outcome!;
  }

  /**
   * Approve a memory draft that has just been applied, untouched since, when no error-level check fails (an editor's
   * opt-in for 100% matches from the same article). Submit and approve happen in one write, so nobody sees it in
   * review. The four-eyes rule does not apply: the text is not the approver's own work but a person's approved
   * translation of the same source in the same article, and the editor's setting stands in for the second reviewer.
   * Failing checks are never overridden here; the draft then waits for a person.
   */
  async approveMemoryDraft(input: AutoApproveInput): Promise<AutoApproveOutcome> {
    const approval = memoryApproval(input);
    const event = await this.#step({ ...input, actor: input.actor ?? { name: 'memory' } }, RECHECK, approval.plan);
    const outcome = approval.outcome();
    if (outcome === 'approved') await this.#deps.onApproved?.(event);
    return { outcome, translation: event.translation };
  }

  /**
   * Apply many machine drafts with one store write per article (a batch from DeepL touches few articles, and
   * one fsync per draft would dominate a large run). Each draft follows the same rule as `applyMachineDraft`.
   */
  applyMachineDrafts(inputs: readonly DraftInput[]): Promise<DraftOutcome[]> {
    return this.#applyDrafts(inputs, 'machine');
  }

  /** Apply many memory drafts (exact matches found at import) with one store write per article, checks included. */
  applyMemoryDrafts(inputs: readonly DraftInput[]): Promise<DraftOutcome[]> {
    return this.#applyDrafts(inputs, 'memory');
  }

  #applyDrafts(inputs: readonly DraftInput[], origin: 'machine' | 'memory'): Promise<DraftOutcome[]> {
    return applyDrafts(
      inputs,
      origin,
      (steps) => this.#stepMany(steps),
      (event) => this.#emitTextChanged(event),
    );
  }

  /** Apply outside translations (an agency's XLIFF) to one article in one write; see review-external.ts. */
  applyExternal(inputs: readonly ExternalInput[]): Promise<ExternalOutcome[]> {
    return externalSteps(inputs, this.fourEyes).apply((steps) => this.#stepMany(steps), this.#deps);
  }

  async #emitTextChanged(event: TranslationEvent): Promise<void> {
    await this.#deps.onTextChanged?.(event);
  }

  /** Tell open pages about stored changes (every write of this service comes through `#stepMany`). */
  #announce(events: readonly TranslationEvent[]): void {
    for (const { slug, translation } of events) this.#deps.changes?.publish(segmentChanged(slug, translation));
  }

  /**
   * Read-modify-write one translation: `plan` sees the current row and segment and returns the actions to apply
   * (it may throw to refuse). An empty plan writes nothing.
   */
  async #step(
    ref: SegmentRef & { readonly actor: Actor },
    recheck: Recheck,
    plan: (t: Translation, segment: Segment) => WorkflowAction[],
  ): Promise<TranslationEvent> {
    const [event] = await this.#stepMany([{ ref, plan }], recheck);
    return event!;
  }

  #stepMany(steps: readonly ReviewStep[], recheck: Recheck = ONLY_STALE): Promise<TranslationEvent[]> {
    return writeSteps(this.#deps, steps, recheck, (changed) => this.#announce(changed));
  }
}
