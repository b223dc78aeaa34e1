import { AppError, NotFoundError, ValidationError } from '../core/errors.ts';
import { canonicalLocale } from '../core/locale.ts';
import type { Locale } from '../core/locale.ts';
import type { ArticleRecord, HistoryEntry, Segment, Translation } from '../core/model.ts';
import { parseSlug } from '../core/slug.ts';
import { normalizeText } from '../core/text.ts';
import { applyAction } from '../core/workflow.ts';
import type { Actor, WorkflowAction } from '../core/workflow.ts';
import { assertApprovable, checkStatuses, hasOpenErrors } from './checks.ts';
import { targetLocales } from './import-article.ts';
import type {
  ApproveAllInput,
  ApproveAllOutcome,
  ApproveInput,
  AutoApproveInput,
  AutoApproveOutcome,
  CommentInput,
  DismissCheckInput,
  DraftInput,
  DraftOutcome,
  RejectInput,
  SaveInput,
  SegmentRef,
  SubmitInput,
  UndoDismissalInput,
} from './review-inputs.ts';
import {
  assertFourEyes,
  assertMayDecideChecks,
  assertMayEditText,
  assertUnchangedOnApprove,
  checkRevision,
  draftPlan,
  isBulkApprovable,
  locate,
  requireRevision,
  sameAsStored,
  typedSegmentText,
} from './review-rules.ts';
import { segmentChanged } from './change-events.ts';
import { nowIso } from './types.ts';
import type { ServiceDeps, TranslationEvent } from './types.ts';

export type * from './review-inputs.ts';

type Recheck = { readonly force: boolean };
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
    const live = new Map(record.segments.filter((s) => !s.removedAt).map((s) => [s.id, s]));
    return record.translations.filter((t) => {
      const segment = t.locale === locale ? live.get(t.segmentId) : undefined;
      return segment !== undefined && isBulkApprovable(t, segment, approver, this.fourEyes);
    });
  }

  /**
   * Approve every bulk-approvable translation of an article in one locale, one approval each. Each carries the revision
   * counted here, so a segment changed meanwhile is skipped rather than approved unseen; only our own refusals
   * (AppError) count as skipped, anything else is thrown. NotFoundError when the article does not exist.
   */
  async approveAll(input: ApproveAllInput): Promise<ApproveAllOutcome> {
    const slug = parseSlug(input.slug);
    const record = await this.#deps.store.get(slug);
    if (!record) throw new NotFoundError(`review: no article "${slug}"; import it first`);
    let approved = 0;
    let skipped = 0;
    for (const t of this.bulkApprovable(record, input.locale, input.actor.name)) {
      try {
        await this.approve({ slug, segmentId: t.segmentId, locale: input.locale, baseRevision: t.revision, actor: input.actor });
        approved++;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        skipped++;
      }
    }
    return { approved, skipped };
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
      const statuses = checkStatuses(t, segment);
      const open = statuses.filter((r) => r.status === 'open');
      const override = input.overrideReason === undefined ? null : { by: input.actor.name, reason: input.overrideReason };
      assertApprovable(open, override);
      assertFourEyes(t, input.actor.name, this.fourEyes);
      const errorIds = [...new Set(statuses.filter((r) => r.severity === 'error').map((r) => r.checkId))];
      const overrides = override !== null && open.some((r) => r.severity === 'error');
      return [
        {
          type: 'approve',
          source: segment.source,
          ...(overrides ? { override: { reason: override.reason, checkIds: errorIds, sourceHash: segment.hash } } : {}),
        },
      ];
    });
    await this.#deps.onApproved?.(event);
    return event.translation;
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
    let outcome: AutoApproveOutcome['outcome'] = 'approved';
    const actor = input.actor ?? { name: 'memory' };
    const event = await this.#step({ ...input, actor }, RECHECK, (t, segment) => {
      const untouched =
        t.state === 'draft' && t.origin === 'memory' && t.revision === input.revision && t.text === normalizeText(input.text);
      if (!untouched) {
        outcome = 'changed';
        return [];
      }
      if (hasOpenErrors(t, segment)) {
        outcome = 'checks';
        return [];
      }
      return [{ type: 'submit' }, { type: 'approve', source: segment.source, note: input.note }];
    });
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

  async #applyDrafts(inputs: readonly DraftInput[], origin: 'machine' | 'memory'): Promise<DraftOutcome[]> {
    const outcomes: DraftOutcome[] = new Array(inputs.length);
    const bySlug = new Map<string, number[]>();
    inputs.forEach((input, i) => {
      bySlug.set(input.slug, [...(bySlug.get(input.slug) ?? []), i]);
    });
    for (const indexes of bySlug.values()) {
      const kinds: DraftOutcome['outcome'][] = [];
      const events = await this.#stepMany(
        indexes.map((i) => {
          const input = inputs[i]!;
          return {
            ref: { ...input, actor: input.actor ?? { name: origin } },
            plan: (t: Translation, segment: Segment) => {
              const { outcome, actions } = draftPlan(input, origin, t, segment);
              kinds.push(outcome);
              return actions;
            },
          };
        }),
      );
      for (const [k, i] of indexes.entries()) {
        const event = events[k]!;
        outcomes[i] = { outcome: kinds[k]!, translation: event.translation };
        if (kinds[k] === 'applied') await this.#emitTextChanged(event);
      }
    }
    return outcomes;
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

  /** `#step` for several translations of one article in a single write. */
  async #stepMany(
    steps: readonly {
      readonly ref: SegmentRef & { readonly actor: Actor };
      readonly plan: (t: Translation, segment: Segment) => WorkflowAction[];
    }[],
    recheck: Recheck = ONLY_STALE,
  ): Promise<TranslationEvent[]> {
    const slug = parseSlug(steps[0]!.ref.slug);
    const locales = steps.map(({ ref }) => {
      if (ref.slug !== slug) throw new ValidationError(`review: one write cannot span articles (${slug}, ${ref.slug})`);
      const locale = canonicalLocale(ref.locale);
      if (!targetLocales(this.#deps).includes(locale)) {
        throw new NotFoundError(`review: ${locale} is not a target locale of this installation (${targetLocales(this.#deps).join(', ')})`);
      }
      return locale;
    });
    const found: { segment: Segment; translation: Translation; changed: boolean }[] = [];
    const touched = new Set(steps.map(({ ref }, k) => `${ref.segmentId}\u0000${locales[k]}`));
    const isTouched = (t: Translation) => touched.has(`${t.segmentId}\u0000${t.locale}`);
    const { checker } = this.#deps;
    const stored = await this.#deps.store.update(slug, async (original) => {
      const now = nowIso(this.#deps);
      found.length = 0;
      if (!original) throw new NotFoundError(`review: no article "${slug}"; import it first`);
      // Results missing or run on another text or source (a crash between two writes, a source change) are run again
      // first, so no plan decides on them; decisions about checks (approval, dismissal) also see today's glossary
      // and confidential names.
      const record = checker ? await checker.withChecks(original, isTouched, recheck) : original;
      let translations = [...record.translations];
      const history: HistoryEntry[] = [];
      steps.forEach(({ ref, plan }, k) => {
        const current = { ...record, translations };
        const { segment, translation, index } = locate(current, slug, ref.segmentId, locales[k]!, now);
        let next = translation;
        for (const action of plan(translation, segment)) {
          const step = applyAction(next, action, ref.actor, now);
          next = step.translation;
          history.push(step.history);
        }
        found.push({ segment, translation: next, changed: next !== translation });
        if (next === translation) return;
        translations = index === -1 ? [...translations, next] : translations.map((t, i) => (i === index ? next : t));
      });
      if (history.length === 0) return record === original ? null : record;
      const changed = { ...record, translations, history: [...record.history, ...history] };
      // A changed row is stored with its check results, in this one write (run again unless they just were).
      return checker ? checker.withChecks(changed, isTouched, { force: !recheck.force }) : changed;
    });
    if (found.length !== steps.length || !stored) throw new NotFoundError(`review: no article "${slug}"; import it first`);
    const events = found.map(({ segment, translation }, k) => {
      const after = stored.translations.find((t) => t.segmentId === translation.segmentId && t.locale === translation.locale);
      return { slug, segment, translation: after ?? translation, actor: steps[k]!.ref.actor, record: stored };
    });
    this.#announce(events.filter((_, k) => found[k]!.changed));
    return events;
  }
}
