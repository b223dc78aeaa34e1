import express, { type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import { SoftLocks } from '../../services/soft-lock.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole } from '../guards.ts';
import { validated } from '../validate.ts';
import type { RouteModule } from './index.ts';
import {
  Params,
  postApprove,
  postApproveAll,
  postComment,
  postDismissCheck,
  postReject,
  postRerunMt,
  postSave,
  postSubmit,
  postSubmitAll,
  postUndoDismissal,
  postUseText,
  SegmentParams,
} from './review-actions.ts';
import { articlesOf, localeParam, pageUrl, renderReview, userOf } from './review-page.ts';
import { mtConfigHint } from './review-extras.ts';
import { getSegmentRow } from './review-row.ts';

const LockBody = z.object({ release: z.union([z.literal('1'), z.literal(true)]).optional() });
const PageQuery = z.object({
  done: z.string().max(30).optional(),
  n: z.coerce.number().int().min(0).optional(),
  skipped: z.coerce.number().int().min(0).optional(),
  // approve-all: submitted translations it left for a decision one by one (check errors) and for another reviewer.
  held: z.coerce.number().int().min(0).optional(),
  own: z.coerce.number().int().min(0).optional(),
  // A long article's review page is split into pages (REVIEW_PAGE_SEGMENTS segments each).
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  focus: z.string().max(200).optional(),
});

const NOTICES = [
  'saved',
  'submitted',
  'approved',
  'rejected',
  'commented',
  'mt-queued',
  'mt-already',
  'mt-off',
  'memory',
  'suggestion',
  'approved-all',
  'submitted-all',
  'dismissed',
  'undismissed',
];
/** Notices of the MT fail-safe (re-run reused, retried now), worded in the `mt` namespace. */
const MT_NOTICES = ['mt-reused', 'mt-retried', 'mt-resumed'];

async function noticeFor(deps: AppDeps, req: Request, query: z.output<typeof PageQuery>): Promise<string | undefined> {
  if (!query.done || ![...NOTICES, ...MT_NOTICES].includes(query.done)) return undefined;
  const hint = query.done === 'mt-off' ? await mtConfigHint(deps, req) : '';
  const ns = MT_NOTICES.includes(query.done) ? 'mt:done' : 'review:done';
  const notice = req.t(`${ns}.${query.done}`, { count: query.n ?? 0, skipped: query.skipped ?? 0, hint });
  if (query.done !== 'approved-all') return notice;
  const left = [
    ...(query.held ? [req.t('review:done.approved-all-held', { count: query.held })] : []),
    ...(query.own ? [req.t('review:done.approved-all-own', { count: query.own })] : []),
  ];
  return [notice, ...left].join(' ');
}

function getReviewPage(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, query } = validated(req, { params: Params, query: PageQuery });
    const notice = await noticeFor(deps, req, query);
    const { page, focus } = query;
    await renderReview(deps, locks, req, res, params.slug, params.locale, {
      ...(notice ? { notice } : {}),
      ...(page === undefined ? {} : { page }),
      ...(focus === undefined ? {} : { focus }),
    });
  };
}

/** `/review/:slug` opens the user's first locale; NotFoundError for an unknown article. */
function getReviewArticle(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { params } = validated(req, { params: z.object({ slug: z.string().min(1).max(200) }) });
    const { article } = await articlesOf(deps).get(params.slug);
    const targets = articlesOf(deps).targetLocales;
    const user = userOf(res);
    const locale = targets.find((l) => user.locales.includes(l)) ?? targets[0];
    if (!locale) throw new NotFoundError('review: this installation has no target locales; set TANDEM_TARGET_LOCALES');
    res.redirect(303, pageUrl(article.slug, locale, {}));
  };
}

/**
 * Mark (or, with `release`, unmark) a segment as being edited by this user; answers who else is editing it.
 * NotFoundError for an article or segment that does not exist: the lock table is bounded, and made-up names must not
 * push out the marks of real ones.
 */
function postLock(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: LockBody });
    const articles = articlesOf(deps);
    const locale = articles.targetLocale(params.locale);
    const record = await articles.get(params.slug);
    if (!record.segments.some((s) => s.id === params.segmentId)) {
      throw new NotFoundError(`review: ${record.article.slug} has no segment ${params.segmentId}`, { reason: 'segment.not-found' });
    }
    const user = userOf(res);
    const ref = { slug: record.article.slug, locale, segmentId: params.segmentId };
    if (body.release) locks.release(ref, user.name);
    else locks.touch(ref, user.name);
    res.set('Cache-Control', 'no-store').json({ others: locks.holders(ref, user.name).map((h) => h.name) });
  };
}

/** Who else is editing which segment of the article in this locale; NotFoundError for an unknown article. */
function getLocks(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params } = validated(req, { params: Params });
    const articles = articlesOf(deps);
    const locale = articles.targetLocale(params.locale);
    const { article } = await articles.get(params.slug);
    const editing = locks.forArticle(article.slug, locale, userOf(res).name);
    res
      .set('Cache-Control', 'no-store')
      .json({ segments: Object.fromEntries([...editing].map(([id, holders]) => [id, holders.map((h) => h.name)])) });
  };
}

export const reviewRoutes = {
  path: '/review',
  router: (deps) => {
    const router = express.Router();
    const locks = deps.presence ?? new SoftLocks();
    const locale = { locale: localeParam };
    router.get('/:slug', requireRole('article.view'), getReviewArticle(deps));
    router.get('/:slug/:locale', requireRole('article.view'), getReviewPage(deps, locks));
    router.get('/:slug/:locale/locks', requireRole('article.view'), getLocks(deps, locks));
    router.get('/:slug/:locale/row', requireRole('article.view'), getSegmentRow(deps, locks));
    router.post('/:slug/:locale/approve-all', requireRole('translation.review', locale), postApproveAll(deps));
    router.post('/:slug/:locale/submit-all', requireRole('translation.edit', locale), postSubmitAll(deps));
    router.post('/:slug/:locale/:segmentId/save', requireRole('translation.edit', locale), postSave(deps, locks));
    router.post('/:slug/:locale/:segmentId/submit', requireRole('translation.edit', locale), postSubmit(deps, locks));
    router.post('/:slug/:locale/:segmentId/approve', requireRole('translation.review', locale), postApprove(deps, locks));
    router.post('/:slug/:locale/:segmentId/reject', requireRole('translation.review', locale), postReject(deps, locks));
    router.post('/:slug/:locale/:segmentId/memory', requireRole('translation.edit', locale), postUseText(deps, locks, 'memory'));
    router.post('/:slug/:locale/:segmentId/suggestion', requireRole('translation.edit', locale), postUseText(deps, locks, 'suggestion'));
    router.post('/:slug/:locale/:segmentId/mt', requireRole('translation.edit', locale), postRerunMt(deps, locks));
    router.post('/:slug/:locale/:segmentId/comment', requireRole('translation.comment', locale), postComment(deps, locks));
    router.post('/:slug/:locale/:segmentId/dismiss', requireRole('translation.edit', locale), postDismissCheck(deps, locks));
    router.post('/:slug/:locale/:segmentId/undismiss', requireRole('translation.edit', locale), postUndoDismissal(deps, locks));
    router.post('/:slug/:locale/:segmentId/lock', requireRole('translation.edit', locale), postLock(deps, locks));
    return router;
  },
} satisfies RouteModule;
