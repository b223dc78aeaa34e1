import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { MtBudgetError } from '../../core/errors.ts';
import type { Locale } from '../../core/locale.ts';
import { canInLocale } from '../../core/roles.ts';
import { parseSlug } from '../../core/slug.ts';
import { MAX_CHECK_REASON_LENGTH, MAX_COMMENT_LENGTH, MAX_TRANSLATION_LENGTH } from '../../core/workflow.ts';
import type { User } from '../../services/auth.ts';
import type { ReviewActor } from '../../services/review.ts';
import type { SoftLocks } from '../../services/soft-lock.ts';
import type { AppDeps } from '../deps.ts';
import { SegmentId } from '../api/schemas.ts';
import { requireService } from '../guards.ts';
import { typedText, validated } from '../validate.ts';
import { acceptedText, type TextChoice } from '../accepted-text.ts';
import { answerDone, answerRefusal, type SegmentTarget } from './review-answer.ts';
import { articlesOf, pageUrl, renderReview, reviewOf, segmentOf, userOf } from './review-page.ts';

/** The review page's form posts: each calls the review service and answers with a redirect or the page with an alert. */

export const Params = z.object({ slug: z.string().min(1).max(200), locale: z.string().min(1).max(35) });
export const SegmentParams = Params.extend({ segmentId: SegmentId });
const Revision = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Text = typedText(MAX_TRANSLATION_LENGTH * 2);
const SaveBody = z.object({ text: Text, baseRevision: Revision, advance: z.string().max(5).optional() });
const SubmitBody = z.object({ text: Text.optional(), baseRevision: Revision });
const ApproveBody = z.object({
  baseRevision: Revision,
  text: Text.optional(),
  override: typedText(MAX_CHECK_REASON_LENGTH, { trim: true }).optional(),
});
const CheckId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
// A blank reason passes here so the workflow's refusal shows on the review page, as for a blank comment.
const DismissBody = z.object({ checkId: CheckId, reason: typedText(MAX_CHECK_REASON_LENGTH, { trim: true }) });
const UndoDismissalBody = z.object({ checkId: CheckId });
const RejectBody = z.object({ baseRevision: Revision, comment: typedText(MAX_COMMENT_LENGTH, { trim: true }) });
// Blank comments pass here so the workflow's refusal shows on the review page, like a blank rejection.
const CommentBody = z.object({ comment: typedText(MAX_COMMENT_LENGTH, { trim: true }) });
const MemoryBody = z.object({ baseRevision: Revision, match: z.coerce.number().int().min(0).max(20) });
const SuggestionBody = z.object({ baseRevision: Revision });
const ApproveAllBody = z.object({ expected: z.coerce.number().int().min(0).optional() });

/** The signed-in user as the review service sees them: role and locales decide who may change approved text. */
function actorOf(user: User): ReviewActor {
  return { name: user.name, role: user.role, locales: user.locales };
}

function mayReview(user: User, locale: Locale): boolean {
  return canInLocale(user, 'translation.review', locale);
}

/** Save typed (or accepted) text; false when refused (the refusal has been answered, the text kept). */
async function saveOrRefuse(
  deps: AppDeps,
  locks: SoftLocks,
  req: Request,
  res: Response,
  ref: SegmentTarget,
  text: string,
  baseRevision: number,
): Promise<boolean> {
  try {
    await reviewOf(deps).saveTranslation({ ...ref, text, baseRevision, actor: actorOf(userOf(res)) });
    return true;
  } catch (error) {
    await answerRefusal(deps, locks, req, res, ref, error, text, 'save');
    return false;
  }
}

export function postSave(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: SaveBody });
    const locale = articlesOf(deps).targetLocale(params.locale);
    const user = userOf(res);
    const ref = { slug: params.slug, locale, segmentId: params.segmentId };
    if (!(await saveOrRefuse(deps, locks, req, res, ref, body.text, body.baseRevision))) return;
    locks.release(ref, user.name);
    await answerDone(deps, locks, req, res, ref, 'saved', { advance: Boolean(body.advance), mayReview: mayReview(user, locale) });
  };
}

export function postSubmit(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: SubmitBody });
    const locale = articlesOf(deps).targetLocale(params.locale);
    const user = userOf(res);
    const ref = { slug: params.slug, locale, segmentId: params.segmentId };
    try {
      await reviewOf(deps).submit({
        ...ref,
        baseRevision: body.baseRevision,
        actor: actorOf(user),
        ...(body.text !== undefined ? { text: body.text } : {}),
      });
    } catch (error) {
      return answerRefusal(deps, locks, req, res, ref, error, body.text, 'submit');
    }
    locks.release(ref, user.name);
    await answerDone(deps, locks, req, res, ref, 'submitted', { advance: true, mayReview: mayReview(user, locale) });
  };
}

/**
 * Approve a submitted segment. The text the reviewer's editor holds comes along: changed, it is their correction,
 * saved and approved in one write (ReviewService `correctAndApprove`, four-eyes kept); unchanged, a plain approval.
 */
export function postApprove(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: ApproveBody });
    const locale = articlesOf(deps).targetLocale(params.locale);
    const user = userOf(res);
    const ref = { slug: params.slug, locale, segmentId: params.segmentId };
    const common = {
      ...ref,
      baseRevision: body.baseRevision,
      actor: actorOf(user),
      ...(body.override ? { overrideReason: body.override } : {}),
    };
    try {
      const review = reviewOf(deps);
      const approved = await (body.text !== undefined ? review.correctAndApprove({ ...common, text: body.text }) : review.approve(common));
      if ((approved.checks ?? []).some((c) => c.severity === 'error'))
        res.locals.log?.info(
          { slug: params.slug, segmentId: params.segmentId, locale, by: user.name },
          'check errors overridden at approval',
        );
    } catch (error) {
      return answerRefusal(deps, locks, req, res, ref, error, body.text, 'approve');
    }
    locks.release(ref, user.name);
    await answerDone(deps, locks, req, res, ref, 'approved', { advance: true, mayReview: true });
  };
}

export function postReject(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: RejectBody });
    const locale = articlesOf(deps).targetLocale(params.locale);
    const ref = { slug: params.slug, locale, segmentId: params.segmentId };
    try {
      await reviewOf(deps).reject({ ...ref, baseRevision: body.baseRevision, comment: body.comment, actor: actorOf(userOf(res)) });
    } catch (error) {
      return answerRefusal(deps, locks, req, res, ref, error, undefined, 'other');
    }
    await answerDone(deps, locks, req, res, ref, 'rejected', { advance: true, mayReview: true });
  };
}

/**
 * Send all of the translator's finished drafts of this article and locale to review in one write (ReviewService
 * `submitAll`); drafts an error-level check blocks stay drafts and are counted in the notice.
 */
export function postSubmitAll(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { params } = validated(req, { params: Params });
    const locale = articlesOf(deps).targetLocale(params.locale);
    const slug = parseSlug(params.slug);
    const { submitted, blocked } = await reviewOf(deps).submitAll({ slug, locale, actor: actorOf(userOf(res)) });
    res.redirect(303, pageUrl(slug, locale, { done: 'submitted-all', n: submitted, skipped: blocked }));
  };
}

/** Accept a memory match or a late machine draft: a save of that text, with the same conflict rule as typing it. */
export function postUseText(deps: AppDeps, locks: SoftLocks, source: 'memory' | 'suggestion'): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: source === 'memory' ? MemoryBody : SuggestionBody });
    const articles = articlesOf(deps);
    const locale = articles.targetLocale(params.locale);
    const record = await articles.get(params.slug);
    const choice: TextChoice =
      source === 'memory' ? { source, index: (body as z.output<typeof MemoryBody>).match } : { source: 'suggestion' };
    const text = await acceptedText(deps, record, params.segmentId, locale, choice);
    const ref = { slug: params.slug, locale, segmentId: params.segmentId };
    if (!(await saveOrRefuse(deps, locks, req, res, ref, text, body.baseRevision))) return;
    await answerDone(deps, locks, req, res, ref, source, { advance: false, mayReview: mayReview(userOf(res), locale) });
  };
}

export function postRerunMt(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params } = validated(req, { params: SegmentParams });
    const articles = articlesOf(deps);
    const locale = articles.targetLocale(params.locale);
    const mt = requireService(deps.mt, 'machine translation');
    const slug = parseSlug(params.slug);
    segmentOf(await articles.get(slug), params.segmentId, locale);
    let result: Awaited<ReturnType<typeof mt.retranslate>>;
    try {
      result = await mt.retranslate({ slug, segmentId: params.segmentId, locale, by: userOf(res).name });
    } catch (error) {
      if (!(error instanceof MtBudgetError)) throw error;
      // Refused on the page, in the UI language, with the figures; an editor can raise the budget.
      const figures = { limit: error.limit, spent: error.spent, cost: error.cost };
      return renderReview(deps, locks, req, res, slug, locale, {
        status: 429,
        alert: { message: req.t('mt:budget.exceeded', figures), segmentId: params.segmentId },
      });
    }
    const done = result.queued ? 'mt-queued' : result.reason === 'off' ? 'mt-off' : result.reason === 'reused' ? 'mt-reused' : 'mt-already';
    res.redirect(303, pageUrl(slug, locale, { done }, params.segmentId));
  };
}

/** A remark on a segment in any state; it changes neither text nor revision, so open editors are not disturbed. */
export function postComment(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: CommentBody });
    const locale = articlesOf(deps).targetLocale(params.locale);
    const slug = parseSlug(params.slug);
    try {
      await reviewOf(deps).comment({ slug, segmentId: params.segmentId, locale, text: body.comment, actor: actorOf(userOf(res)) });
    } catch (error) {
      return answerRefusal(deps, locks, req, res, { slug, locale, segmentId: params.segmentId }, error, undefined, 'other');
    }
    res.redirect(303, pageUrl(slug, locale, { done: 'commented' }, params.segmentId));
  };
}

export function postApproveAll(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { params } = validated(req, { params: Params, body: ApproveAllBody });
    const locale = articlesOf(deps).targetLocale(params.locale);
    const slug = parseSlug(params.slug);
    const { approved, skipped, heldByChecks, ownTexts } = await reviewOf(deps).approveAll({ slug, locale, actor: actorOf(userOf(res)) });
    res.redirect(
      303,
      pageUrl(slug, locale, {
        done: 'approved-all',
        n: approved,
        skipped,
        ...(heldByChecks ? { held: heldByChecks } : {}),
        ...(ownTexts ? { own: ownTexts } : {}),
      }),
    );
  };
}

/** "Not a problem here": dismiss a warning for one segment with a reason; it shows muted until text or source change. */
export function postDismissCheck(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: DismissBody });
    const locale = articlesOf(deps).targetLocale(params.locale);
    const slug = parseSlug(params.slug);
    const ref = { slug, segmentId: params.segmentId, locale, checkId: body.checkId, actor: actorOf(userOf(res)) };
    try {
      await reviewOf(deps).dismissCheck({ ...ref, reason: body.reason });
    } catch (error) {
      return answerRefusal(deps, locks, req, res, { slug, locale, segmentId: params.segmentId }, error, undefined, 'other');
    }
    res.redirect(303, pageUrl(slug, locale, { done: 'dismissed' }, params.segmentId));
  };
}

/** Take a dismissal back: the warning is open again. */
export function postUndoDismissal(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: UndoDismissalBody });
    const locale = articlesOf(deps).targetLocale(params.locale);
    const slug = parseSlug(params.slug);
    try {
      await reviewOf(deps).undoDismissal({ slug, segmentId: params.segmentId, locale, checkId: body.checkId, actor: actorOf(userOf(res)) });
    } catch (error) {
      return answerRefusal(deps, locks, req, res, { slug, locale, segmentId: params.segmentId }, error, undefined, 'other');
    }
    res.redirect(303, pageUrl(slug, locale, { done: 'undismissed' }, params.segmentId));
  };
}
