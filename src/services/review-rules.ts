import { checksCurrent } from '../core/check-decisions.ts';
import { ConflictError, ForbiddenError, FourEyesError, NotFoundError, ValidationError } from '../core/errors.ts';
import type { Locale } from '../core/locale.ts';
import type { ArticleRecord, Segment, Translation, TranslationOrigin } from '../core/model.ts';
import { canInLocale, isRole, type RoleHolder } from '../core/roles.ts';
import { escapeTypedText, validateSegmentText, type SegmentTextProblemKind } from '../core/segment-text-validation.ts';
import type { Slug } from '../core/slug.ts';
import { normalizeText } from '../core/text.ts';
import { canApply, newTranslation, type Actor, type WorkflowAction } from '../core/workflow.ts';
import { assertApprovable, checkStatuses, hasOpenErrors } from './checks.ts';

/**
 * The review workflow's rules as pure functions over one translation: the review service applies them inside its
 * read-modify-write, and pages ask the same functions what to offer, so a rule has one home.
 */

/** A draft as the review service receives it (see `DraftInput` in review.ts). */
export interface DraftLike {
  readonly text: string;
  readonly expectedRevision: number;
  readonly sourceHash?: string;
}

/** What a draft does: applied (the text now), suggested (kept beside a person's text) or discarded. */
export type DraftOutcomeKind = 'applied' | 'suggested' | 'discarded';

/** Who a draft may replace: a draft never replaces text of a higher rank, and never a human's. */
const ORIGIN_RANK: Record<TranslationOrigin, number> = { machine: 0, memory: 1, human: 2 };

/** What a draft does to a translation: apply it, keep it as a suggestion, or discard it (made for an old source). */
export function draftPlan(
  input: DraftLike,
  origin: 'machine' | 'memory',
  t: Translation,
  segment: Segment,
): { outcome: DraftOutcomeKind; actions: WorkflowAction[] } {
  if (input.sourceHash !== undefined && input.sourceHash !== segment.hash) return { outcome: 'discarded', actions: [] };
  // The same text again (a re-run that came back unchanged) would only bump the revision under an open editor;
  // a stale row still takes it, since the draft confirms the text for the new source.
  if (t.state !== 'stale' && t.text !== '' && normalizeText(input.text).trim() === t.text.trim())
    return { outcome: 'discarded', actions: [] };
  const replaceable =
    t.revision === input.expectedRevision &&
    (t.state === 'untranslated' ||
      ((t.state === 'draft' || t.state === 'stale') &&
        t.approvedText === undefined &&
        ORIGIN_RANK[t.origin ?? 'machine'] <= ORIGIN_RANK[origin]));
  if (replaceable)
    return { outcome: 'applied', actions: [{ type: origin === 'machine' ? 'machineDraft' : 'memoryDraft', text: input.text }] };
  return { outcome: 'suggested', actions: [{ type: 'suggest', text: input.text, origin }] };
}

/**
 * The live segment `segmentId` of `record` and its translation in `locale` (a new untranslated row when there is none
 * yet, `index` -1). NotFoundError for a missing article or segment; ConflictError for a segment a re-import removed.
 */
export function locate(
  record: ArticleRecord | null,
  slug: Slug,
  segmentId: string,
  locale: Locale,
  now: string,
): { segment: Segment; translation: Translation; index: number } {
  if (!record) throw new NotFoundError(`review: no article "${slug}"; import it first`, { reason: 'article.not-found', params: { slug } });
  const segment = record.segments.find((s) => s.id === segmentId);
  if (!segment)
    throw new NotFoundError(`review: article "${slug}" has no segment ${segmentId}; reload the article`, { reason: 'segment.not-found' });
  if (segment.removedAt) {
    throw new ConflictError(
      `review: segment ${segmentId} was removed from "${slug}" by a re-import at ${segment.removedAt}; reload the article`,
      undefined,
      'conflict',
      { reason: 'segment.not-found' },
    );
  }
  const index = record.translations.findIndex((t) => t.segmentId === segmentId && t.locale === locale);
  // A locale configured after the article was imported has no row yet: it starts untranslated.
  const translation = index === -1 ? newTranslation(segmentId, locale, now) : record.translations[index]!;
  return { segment, translation, index };
}

/** ConflictError (carrying the current row) when the translation moved on from `baseRevision`. */
export function checkRevision(t: Translation, baseRevision: number): void {
  if (t.revision !== baseRevision) {
    throw new ConflictError(
      `review: ${t.segmentId}/${t.locale} changed since you opened it (your revision ${baseRevision}, now ${t.revision} by ${t.updatedBy ?? 'someone'}); ` +
        `compare both texts and save again`,
      t,
      'conflict',
      { reason: 'translation.stale-revision' },
    );
  }
}

/** ValidationError unless `value` is a whole number (a revision). */
export function requireRevision(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ValidationError(`review: ${name} must be a whole number (the revision the edit started from)`);
  }
}

/** An actor whose role and locales are known (a person signed in to the web UI). */
function isPerson(actor: Actor): actor is Actor & RoleHolder {
  return isRole(actor.role) && Array.isArray((actor as { locales?: unknown }).locales);
}

/**
 * Whether `actor` may change the text of `t`: approved text only by someone who may review in its locale. Applies to
 * actors that carry role and locales (people); the system's own actors (import, drafts, CLI) pass a bare name.
 */
export function mayEditText(t: Translation, actor: Actor): boolean {
  if (t.state !== 'approved' || !isPerson(actor)) return true;
  return canInLocale(actor, 'translation.review', t.locale);
}

/**
 * ForbiddenError unless `actor` may dismiss warnings of `t` or undo a dismissal: a person who may work on translations
 * in its locale (translators and reviewers of that locale, editors, admins). System actors pass a bare name.
 */
export function assertMayDecideChecks(t: Translation, actor: Actor): void {
  if (isPerson(actor) && !canInLocale(actor, 'translation.edit', t.locale)) {
    throw new ForbiddenError(`review: only translators and reviewers of ${t.locale} may dismiss its check warnings`);
  }
}

/** ForbiddenError unless `mayEditText`. */
export function assertMayEditText(t: Translation, actor: Actor): void {
  if (!mayEditText(t, actor)) {
    throw new ForbiddenError(`review: only reviewers may edit an approved translation in ${t.locale}; ask a reviewer`, 'forbidden', {
      reason: 'translation.approved-needs-reviewer',
    });
  }
}

// How a refused save names its fault, after the position; the fix is in each sentence.
const PROBLEM_SENTENCES: Readonly<Record<SegmentTextProblemKind, string>> = {
  'stray-lt': 'is a "<" that is not part of a tag; write &lt; for a less-than sign',
  'unknown-markup':
    'is not one of this segment\'s inline tags; keep only the source\'s tags (<g1>…</g1>, <x2/>) and write &lt; for a literal "<"',
  'tag-not-in-source': "is a tag the source does not have; keep only the source's tags",
  'tag-kind': 'is written as the wrong kind of tag; paired tags are <gN>…</gN>, standalone tags <xN/>, as in the source',
  'unexpected-close': "closes a tag that is not the innermost open one; tags must nest like the source's",
  unclosed: 'is never closed; add its closing tag',
  'bad-entity': 'starts no valid entity; write &amp; for "&"',
};

/**
 * Text a person typed (or accepted) → the segment text to store for `segment`: normalized, a stray `<` or `&` escaped
 * as text (`Inflation is < 5%.` → `Inflation is &lt; 5%.`, see escapeTypedText). ValidationError when the text has
 * markup the article cannot be rebuilt with (a tag the source lacks, `<b>`, an unclosed or crossed tag, a tag of the
 * wrong kind); the message names the character (1-based, in Unicode code points) and `details` carries
 * `[problem, "position:<0-based code point offset>"]`.
 */
export function typedSegmentText(typed: string, segment: Pick<Segment, 'id' | 'tags'>): string {
  const text = normalizeText(typed);
  const problem = validateSegmentText(text, segment.tags, { typed: true });
  if (problem) {
    throw new ValidationError(
      `review: ${segment.id}: ${problem.markup} at character ${problem.position + 1} ${PROBLEM_SENTENCES[problem.problem]}`,
      [problem.problem, `position:${problem.position}`],
      { reason: `markup.${problem.problem}`, params: { markup: problem.markup, position: problem.position + 1 } },
    );
  }
  return escapeTypedText(text);
}

/**
 * Whether text sent back from a page is the stored text `stored`: the same characters (a machine draft shown and
 * sent back as it is, stray `<` included), or what saving it would store (`A < B` for a stored `A &lt; B`).
 */
export function sameAsStored(typed: string, stored: string): boolean {
  const text = normalizeText(typed);
  return text === stored || escapeTypedText(text) === stored;
}

/**
 * ValidationError when an approval carries text that differs from the stored text of the same revision: approving must
 * never drop what the reviewer typed, so changed text is saved (and reviewed by someone else) first.
 */
export function assertUnchangedOnApprove(t: Translation, shown: string | undefined, baseRevision: number | undefined): void {
  if (shown !== undefined && !sameAsStored(shown, t.text) && t.revision === baseRevision) {
    throw new ValidationError(
      `review: you changed the text of ${t.segmentId}; save it first (it then needs another reviewer) or undo your change`,
      [],
      { reason: 'translation.changed-on-approve' },
    );
  }
}

/** Whether, under the four-eyes rule, `approver` wrote the submitted text of `t` (and so may not approve it). */
export function wroteSubmittedText(t: Translation, approver: string, fourEyes: boolean): boolean {
  return fourEyes && t.state === 'submitted' && (t.textBy ?? null) === approver;
}

/** FourEyesError when, under the four-eyes rule, `approver` wrote the submitted text they try to approve. */
export function assertFourEyes(t: Translation, approver: string, fourEyes: boolean): void {
  if (wroteSubmittedText(t, approver, fourEyes)) {
    throw new FourEyesError(
      `review: ${approver} cannot approve ${t.segmentId}/${t.locale}: they wrote its current text; ` +
        `another reviewer must approve it (four-eyes rule)`,
    );
  }
}

/**
 * Whether approve-all may take `t` (a translation of `segment`) for `approver`: submitted, no open error-level check
 * (only one approval at a time may override checks), and not the approver's own text under the four-eyes rule.
 */
export function isBulkApprovable(t: Translation, segment: Pick<Segment, 'hash'>, approver: string, fourEyes: boolean): boolean {
  // Results not run on this text and source decide nothing: approval runs the checks again first.
  const blocked = checksCurrent(t, segment.hash) && hasOpenErrors(t, segment);
  return t.state === 'submitted' && !blocked && !(fourEyes && t.textBy === approver);
}

/** The actions a person may take on one segment from the review page (comments and check decisions are separate). */
export const SEGMENT_ACTIONS = ['save', 'submit', 'approve', 'reject'] as const;
export type SegmentAction = (typeof SEGMENT_ACTIONS)[number];

/** Why an action that is offered cannot be taken now (shown beside it, disabled); `four-eyes`: the person wrote the text. */
export const REFUSAL_REASONS = ['four-eyes'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** An offered action: enabled, or shown disabled with the reason. */
export type ActionOffer = { readonly enabled: true } | { readonly enabled: false; readonly reason: RefusalReason };

/** The actions offered for one segment, and the one Ctrl+Enter takes (`primary`, null when none is offered). */
export interface SegmentOffers {
  readonly actions: Readonly<Partial<Record<SegmentAction, ActionOffer>>>;
  readonly primary: SegmentAction | null;
}

const ENABLED: ActionOffer = { enabled: true };

/**
 * The actions legal for `t` in its state for `person` in its locale, the one home of what the review page offers:
 * save (edit permission, and review permission for approved text), submit (a row that is not in review or approved;
 * untranslated rows are saved and submitted in one step), approve and reject (review permission, submitted rows).
 * Approve is offered disabled with reason `four-eyes` when the person wrote the submitted text (see
 * `wroteSubmittedText`); approving a submitted row also takes the reviewer's corrections (ReviewService
 * `correctAndApprove`). The primary action is approve when offered, else submit, else save.
 */
export function segmentOffers(t: Translation, person: RoleHolder & { readonly name: string }, fourEyes: boolean): SegmentOffers {
  const canEdit = canInLocale(person, 'translation.edit', t.locale);
  const canReview = canInLocale(person, 'translation.review', t.locale);
  const actions: Partial<Record<SegmentAction, ActionOffer>> = {};
  if (canEdit && mayEditText(t, person)) {
    actions.save = ENABLED;
    if (t.state === 'untranslated' || canApply(t.state, 'submit')) actions.submit = ENABLED;
  }
  if (canReview && canApply(t.state, 'approve')) {
    actions.approve = wroteSubmittedText(t, person.name, fourEyes) ? { enabled: false, reason: 'four-eyes' } : ENABLED;
    actions.reject = ENABLED;
  }
  const primary = actions.approve ? 'approve' : actions.submit ? 'submit' : actions.save ? 'save' : null;
  return { actions, primary };
}

/** Whether `t` is a finished draft of `name` that submit-all sends to review: a draft with text they saved last. */
export function isOwnFinishedDraft(t: Translation, name: string): boolean {
  return t.state === 'draft' && t.text !== '' && t.updatedBy === name;
}

/**
 * The approve action for a translation's current text. ValidationError (see checks.ts `assertApprovable`) while
 * error-level checks are open and no `overrideReason` is given; with one, the action records the override: the
 * reason, every error-level check id and the source's hash it was given for.
 */
export function approveAction(
  t: Translation,
  segment: Segment,
  by: string,
  overrideReason: string | undefined,
): Extract<WorkflowAction, { type: 'approve' }> {
  const statuses = checkStatuses(t, segment);
  const open = statuses.filter((r) => r.status === 'open');
  const override = overrideReason === undefined ? null : { by, reason: overrideReason };
  assertApprovable(open, override);
  const errorIds = [...new Set(statuses.filter((r) => r.severity === 'error').map((r) => r.checkId))];
  const overrides = override !== null && open.some((r) => r.severity === 'error');
  return {
    type: 'approve',
    source: segment.source,
    ...(overrides ? { override: { reason: override.reason, checkIds: errorIds, sourceHash: segment.hash } } : {}),
  };
}
