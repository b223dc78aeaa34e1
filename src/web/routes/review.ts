import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { AppError, ConflictError, ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { canonicalLocale, type Locale } from '../../core/locale.ts';
import type { ArticleRecord, Segment, Translation, TranslationState } from '../../core/model.ts';
import { localeProgress } from '../../core/progress.ts';
import { canInLocale } from '../../core/roles.ts';
import { parseSlug } from '../../core/slug.ts';
import { normalizeText } from '../../core/text.ts';
import { MAX_COMMENT_LENGTH, MAX_TRANSLATION_LENGTH, newTranslation } from '../../core/workflow.ts';
import type { User } from '../../services/auth.ts';
import { assertApprovable, glossaryHits } from '../../services/checks.ts';
import { targetLocales } from '../../services/import-article.ts';
import { articleEffort } from '../../services/post-edit.ts';
import { ReviewService } from '../../services/review.ts';
import { SoftLocks } from '../../services/soft-lock.ts';
import type { ServiceDeps } from '../../services/types.ts';
import { embargoNoticeAt } from '../../core/front-matter.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole, requireService } from '../guards.ts';
import { pageContext, sendPage } from '../render.ts';
import { validated } from '../validate.ts';
import { conflictView } from '../views/review/conflict.ts';
import type { EffortBar } from '../views/review/parts.ts';
import { reviewView, type ReviewPageView, type SegmentRow } from '../views/review/page.ts';
import type { RouteModule } from './index.ts';
import { mtMessage, reviewExtras, type GlossaryEntryLike, type ReviewExtras } from './review-extras.ts';

const Params = z.object({ slug: z.string().min(1).max(200), locale: z.string().min(1).max(35) });
const SegmentParams = Params.extend({ segmentId: z.string().regex(/^[\w-]{1,80}$/) });
const Revision = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Text = z.string().max(MAX_TRANSLATION_LENGTH * 2);
const SaveBody = z.object({ text: Text, baseRevision: Revision, advance: z.string().max(5).optional() });
const SubmitBody = z.object({ text: Text.optional(), baseRevision: Revision });
const ApproveBody = z.object({ baseRevision: Revision, text: Text.optional(), override: z.string().trim().max(500).optional() });
const RejectBody = z.object({ baseRevision: Revision, comment: z.string().trim().max(MAX_COMMENT_LENGTH) });
// Blank comments pass here so the workflow's refusal shows on the review page, like a blank rejection.
const CommentBody = z.object({ comment: z.string().trim().max(MAX_COMMENT_LENGTH) });
const MemoryBody = z.object({ baseRevision: Revision, match: z.coerce.number().int().min(0).max(20) });
const SuggestionBody = z.object({ baseRevision: Revision });
const ApproveAllBody = z.object({ expected: z.coerce.number().int().min(0).optional() });
const LockBody = z.object({ release: z.union([z.literal('1'), z.literal(true)]).optional() });
const PageQuery = z.object({
  done: z.string().max(30).optional(),
  n: z.coerce.number().int().min(0).optional(),
  skipped: z.coerce.number().int().min(0).optional(),
});

const MEMORY_LIMIT = 3;
const HISTORY_LIMIT = 30;

/** The target locale named in the URL, canonical; undefined when it is not a BCP 47 tag (the guard then refuses). */
export function localeParam(req: Request): Locale | undefined {
  try {
    return typeof req.params.locale === 'string' ? canonicalLocale(req.params.locale) : undefined;
  } catch {
    return undefined;
  }
}

function articlesOf(deps: AppDeps): ServiceDeps {
  return requireService(deps.articles, 'articles');
}

function userOf(res: Response): User {
  return res.locals.user!;
}

function checkLocale(services: ServiceDeps, raw: string): Locale {
  const locale = canonicalLocale(raw);
  if (!targetLocales(services).includes(locale)) {
    throw new NotFoundError(`review: ${locale} is not a target locale of this installation (${targetLocales(services).join(', ')})`);
  }
  return locale;
}

async function loadRecord(services: ServiceDeps, slug: string): Promise<ArticleRecord> {
  const record = await services.store.get(parseSlug(slug));
  if (!record) throw new NotFoundError(`review: no article "${slug}"; import it first`);
  return record;
}

function rowOf(record: ArticleRecord, segmentId: string, locale: Locale): { segment: Segment; translation: Translation } {
  const segment = record.segments.find((s) => s.id === segmentId && !s.removedAt);
  if (!segment) throw new NotFoundError(`review: article "${record.article.slug}" has no segment ${segmentId}; reload the article`);
  const translation =
    record.translations.find((t) => t.segmentId === segmentId && t.locale === locale) ?? newTranslation(segmentId, locale, record.article.updatedAt);
  return { segment, translation };
}

/** What counts as work waiting for this user: writing for everyone who edits, approving for reviewers. */
function needsWork(state: TranslationState, mayReview: boolean): boolean {
  return state === 'untranslated' || state === 'draft' || state === 'stale' || (mayReview && state === 'submitted');
}

function liveSegments(record: ArticleRecord): Segment[] {
  return record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
}

function stateMap(record: ArticleRecord, locale: Locale): Map<string, Translation> {
  return new Map(record.translations.filter((t) => t.locale === locale).map((t) => [t.segmentId, t]));
}

/** The next segment after `fromId` in reading order (wrapping) that needs work, or null when nothing does. */
function nextNeedingWork(record: ArticleRecord, locale: Locale, fromId: string, mayReview: boolean): string | null {
  const segments = liveSegments(record);
  const rows = stateMap(record, locale);
  const start = segments.findIndex((s) => s.id === fromId);
  for (let step = 1; step <= segments.length; step++) {
    const s = segments[(start + step) % segments.length]!;
    if (s.id !== fromId && needsWork(rows.get(s.id)?.state ?? 'untranslated', mayReview)) return s.id;
  }
  return null;
}

function pageUrl(slug: string, locale: Locale, query: Record<string, string | number | undefined>, focus?: string | null): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  if (focus) params.set('focus', focus);
  const qs = params.toString();
  return `/review/${encodeURIComponent(slug)}/${encodeURIComponent(locale)}${qs ? `?${qs}` : ''}${focus ? `#seg-${encodeURIComponent(focus)}` : ''}`;
}

async function glossaryFor(extras: ReviewExtras, sourceLocale: Locale, locale: Locale): Promise<readonly GlossaryEntryLike[]> {
  if (!extras.glossary) return [];
  try {
    return await extras.glossary.terms(sourceLocale, locale);
  } catch {
    return [];
  }
}

interface RenderOptions {
  readonly status?: number;
  readonly notice?: string;
  readonly alert?: ReviewPageView['alert'];
}

async function renderReview(deps: AppDeps, locks: SoftLocks, req: Request, res: Response, slug: string, rawLocale: string, options: RenderOptions = {}): Promise<void> {
  const services = articlesOf(deps);
  const extras = reviewExtras(deps);
  const locale = checkLocale(services, rawLocale);
  const record = await loadRecord(services, slug);
  const user = userOf(res);
  const canEdit = canInLocale(user, 'translation.edit', locale);
  const canReview = canInLocale(user, 'translation.review', locale);
  const canComment = canInLocale(user, 'translation.comment', locale);
  const fourEyes = services.fourEyes !== false;
  const sourceLocale = record.article.sourceLocale;
  const targets = targetLocales(services);
  const rows = stateMap(record, locale);
  const segments = liveSegments(record);
  const editors = locks.forArticle(record.article.slug, locale, user.name);
  const glossary = await glossaryFor(extras, sourceLocale, locale);

  const built: SegmentRow[] = segments.map((segment) => {
    const translation = rows.get(segment.id) ?? newTranslation(segment.id, locale, record.article.updatedAt);
    let memory: SegmentRow['memory'] = [];
    if (extras.memory && translation.state !== 'approved') {
      try {
        memory = extras.memory.lookup(segment.source, { sourceLocale, targetLocale: locale, limit: MEMORY_LIMIT }).slice(0, MEMORY_LIMIT);
      } catch {
        memory = [];
      }
    }
    const terms = glossary.length > 0 ? glossaryHits(segment.source, glossary) : [];
    return {
      segment,
      translation,
      nextId: nextNeedingWork(record, locale, segment.id, canReview),
      needsWork: needsWork(translation.state, canReview),
      editors: editors.get(segment.id) ?? [],
      memory,
      glossary: terms,
      history: record.history
        .filter((h) => h.segmentId === segment.id && (h.locale === locale || h.locale === null))
        .slice(-HISTORY_LIMIT)
        .reverse(),
    };
  });

  const approvable = canReview ? built.filter((r) => isBulkApprovable(r.translation, user, fourEyes)).length : 0;
  let mt: ReviewPageView['mt'] = null;
  if (extras.mt) {
    try {
      const status = await extras.mt.status();
      mt = { state: status.state, message: mtMessage(req, status) };
    } catch {
      mt = null;
    }
  }
  const title = typeof record.article.frontMatter.title === 'string' ? record.article.frontMatter.title : record.article.slug;
  const embargo = embargoNoticeAt(record.article.frontMatter, services.now?.() ?? new Date());
  res.set('Cache-Control', 'no-store');
  sendPage(req, res, {
    status: options.status ?? 200,
    title: `${title} · ${req.t(`review:locales.${locale}`, { defaultValue: locale })}`,
    heading: false,
    body: reviewView(pageContext(req, res), {
      slug: record.article.slug,
      title,
      ...(embargo ? { embargo } : {}),
      sourceLocale,
      locale,
      progress: localeProgress(record, targets),
      effort: effortBars(articleEffort(record).byLocale, targets),
      rows: built,
      canEdit,
      canReview,
      canComment,
      fourEyes,
      approvable,
      mt,
      ...(options.notice ? { notice: options.notice } : {}),
      ...(options.alert ? { alert: options.alert } : {}),
    }),
  });
}

/** Post-edit averages (0–100) as chart bars (0–1), in target-locale order. */
export function effortBars(byLocale: Readonly<Record<string, { readonly count: number; readonly average: number | null }>>, locales: readonly Locale[]): EffortBar[] {
  return locales.map((locale) => {
    const a = byLocale[locale];
    return { locale, effort: a && a.average !== null ? a.average / 100 : null, segments: a?.count ?? 0 };
  });
}

function isBulkApprovable(t: Translation, user: User, fourEyes: boolean): boolean {
  return t.state === 'submitted' && !(t.checks ?? []).some((c) => c.severity === 'error') && !(fourEyes && t.textBy === user.name);
}

function noticeFor(req: Request, query: z.output<typeof PageQuery>): string | undefined {
  const known = ['saved', 'submitted', 'approved', 'rejected', 'commented', 'mt-queued', 'mt-already', 'mt-off', 'memory', 'suggestion', 'approved-all'];
  if (!query.done || !known.includes(query.done)) return undefined;
  return req.t(`review:done.${query.done}`, { count: query.n ?? 0, skipped: query.skipped ?? 0 });
}

function getReviewPage(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, query } = validated(req, { params: Params, query: PageQuery });
    const notice = noticeFor(req, query);
    await renderReview(deps, locks, req, res, params.slug, params.locale, notice ? { notice } : {});
  };
}

/** `/review/:slug` opens the user's first locale. */
function getReviewArticle(deps: AppDeps): RequestHandler {
  return (req, res) => {
    const { params } = validated(req, { params: z.object({ slug: z.string().min(1).max(200) }) });
    const targets = targetLocales(articlesOf(deps));
    const user = userOf(res);
    const locale = targets.find((l) => user.locales.includes(l)) ?? targets[0];
    if (!locale) throw new NotFoundError('review: this installation has no target locales; set TANDEM_TARGET_LOCALES');
    res.redirect(303, pageUrl(parseSlug(params.slug), locale, {}));
  };
}

/**
 * Refusals a person can act on are shown on the review page itself, in the UI language, pointing at the segment;
 * everything else goes to the error middleware.
 */
async function refuseOnPage(deps: AppDeps, locks: SoftLocks, req: Request, res: Response, slug: string, locale: string, segmentId: string, error: unknown): Promise<void> {
  let status: number;
  let key: string;
  if (error instanceof ForbiddenError && /four-eyes/.test(error.message)) {
    status = 403;
    key = 'review:errors.fourEyes';
  } else if (error instanceof IllegalTransitionError) {
    status = 409;
    key = 'review:errors.transition';
  } else if (error instanceof ConflictError) {
    status = 409;
    key = 'review:errors.conflict';
  } else if (error instanceof ValidationError) {
    status = 400;
    key = 'review:errors.invalid';
  } else {
    throw error;
  }
  await renderReview(deps, locks, req, res, slug, locale, { status, alert: { message: req.t(key), detail: (error as AppError).message, segmentId } });
}

function mayEditState(user: User, state: TranslationState, locale: Locale): void {
  if (state === 'approved' && !canInLocale(user, 'translation.review', locale)) {
    throw new ForbiddenError(`review: only reviewers may edit an approved translation in ${locale}; ask a reviewer`);
  }
}

function postSave(deps: AppDeps, review: () => ReviewService, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: SaveBody });
    const services = articlesOf(deps);
    const locale = checkLocale(services, params.locale);
    const user = userOf(res);
    const before = rowOf(await loadRecord(services, params.slug), params.segmentId, locale);
    mayEditState(user, before.translation.state, locale);
    try {
      await review().saveTranslation({ slug: params.slug, segmentId: params.segmentId, locale, text: body.text, baseRevision: body.baseRevision, actor: { name: user.name, role: user.role } });
    } catch (error) {
      if (error instanceof ConflictError && error.current) return renderConflict(deps, req, res, params.slug, locale, params.segmentId, body.text, 'save', error.current as Translation);
      return refuseOnPage(deps, locks, req, res, params.slug, locale, params.segmentId, error);
    }
    locks.release({ slug: params.slug, locale, segmentId: params.segmentId }, user.name);
    const after = await loadRecord(services, params.slug);
    const focus = body.advance ? (nextNeedingWork(after, locale, params.segmentId, canInLocale(user, 'translation.review', locale)) ?? params.segmentId) : params.segmentId;
    res.redirect(303, pageUrl(after.article.slug, locale, { done: 'saved' }, focus));
  };
}

function postSubmit(deps: AppDeps, review: () => ReviewService, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: SubmitBody });
    const services = articlesOf(deps);
    const locale = checkLocale(services, params.locale);
    const user = userOf(res);
    const before = rowOf(await loadRecord(services, params.slug), params.segmentId, locale);
    mayEditState(user, before.translation.state, locale);
    // Only a changed text is saved first; submitting what is stored is a plain state change.
    const text = body.text !== undefined && normalizeText(body.text) !== before.translation.text ? body.text : undefined;
    try {
      await review().submit({ slug: params.slug, segmentId: params.segmentId, locale, baseRevision: body.baseRevision, actor: { name: user.name, role: user.role }, ...(text !== undefined ? { text } : {}) });
    } catch (error) {
      if (error instanceof ConflictError && error.current && body.text !== undefined) {
        return renderConflict(deps, req, res, params.slug, locale, params.segmentId, body.text, 'submit', error.current as Translation);
      }
      return refuseOnPage(deps, locks, req, res, params.slug, locale, params.segmentId, error);
    }
    locks.release({ slug: params.slug, locale, segmentId: params.segmentId }, user.name);
    const after = await loadRecord(services, params.slug);
    const focus = nextNeedingWork(after, locale, params.segmentId, canInLocale(user, 'translation.review', locale)) ?? params.segmentId;
    res.redirect(303, pageUrl(after.article.slug, locale, { done: 'submitted' }, focus));
  };
}

function postApprove(deps: AppDeps, review: () => ReviewService, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: ApproveBody });
    const services = articlesOf(deps);
    const locale = checkLocale(services, params.locale);
    const user = userOf(res);
    const current = rowOf(await loadRecord(services, params.slug), params.segmentId, locale).translation;
    try {
      // Approving must never drop what the reviewer typed: changed text has to be saved (and reviewed) first.
      if (body.text !== undefined && normalizeText(body.text) !== current.text && current.revision === body.baseRevision) {
        throw new ValidationError(`review: you changed the text of ${params.segmentId}; save it first (it then needs another reviewer) or undo your change`);
      }
      const errors = (current.checks ?? []).filter((c) => c.severity === 'error');
      assertApprovable(current.checks, body.override ? { by: user.name, reason: body.override } : null);
      await review().approve({ slug: params.slug, segmentId: params.segmentId, locale, baseRevision: body.baseRevision, actor: { name: user.name, role: user.role }, ...(body.override ? { overrideReason: body.override } : {}) });
      if (errors.length > 0) res.locals.log?.info({ slug: params.slug, segmentId: params.segmentId, locale, by: user.name }, 'check errors overridden at approval');
    } catch (error) {
      return refuseOnPage(deps, locks, req, res, params.slug, locale, params.segmentId, error);
    }
    const after = await loadRecord(services, params.slug);
    const focus = nextNeedingWork(after, locale, params.segmentId, true) ?? params.segmentId;
    res.redirect(303, pageUrl(after.article.slug, locale, { done: 'approved' }, focus));
  };
}

function postReject(deps: AppDeps, review: () => ReviewService, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: RejectBody });
    const services = articlesOf(deps);
    const locale = checkLocale(services, params.locale);
    const user = userOf(res);
    try {
      await review().reject({ slug: params.slug, segmentId: params.segmentId, locale, baseRevision: body.baseRevision, comment: body.comment, actor: { name: user.name, role: user.role } });
    } catch (error) {
      return refuseOnPage(deps, locks, req, res, params.slug, locale, params.segmentId, error);
    }
    const after = await loadRecord(services, params.slug);
    const focus = nextNeedingWork(after, locale, params.segmentId, true) ?? params.segmentId;
    res.redirect(303, pageUrl(after.article.slug, locale, { done: 'rejected' }, focus));
  };
}

/** Accept a memory match or a late machine draft: a save of that text, with the same conflict rule as typing it. */
function postUseText(deps: AppDeps, review: () => ReviewService, locks: SoftLocks, source: 'memory' | 'suggestion'): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: source === 'memory' ? MemoryBody : SuggestionBody });
    const services = articlesOf(deps);
    const locale = checkLocale(services, params.locale);
    const user = userOf(res);
    const record = await loadRecord(services, params.slug);
    const { segment, translation } = rowOf(record, params.segmentId, locale);
    mayEditState(user, translation.state, locale);
    let text: string | undefined;
    if (source === 'memory') {
      const memory = requireService(reviewExtras(deps).memory, 'translation memory');
      const index = (body as z.output<typeof MemoryBody>).match;
      text = memory.lookup(segment.source, { sourceLocale: record.article.sourceLocale, targetLocale: locale, limit: MEMORY_LIMIT })[index]?.text;
      if (text === undefined) throw new ConflictError(`review: memory match ${index + 1} for ${params.segmentId} is gone; reload the page`);
    } else {
      text = translation.suggestion?.text;
      if (text === undefined) throw new ConflictError(`review: ${params.segmentId} has no suggestion any more; reload the page`);
    }
    try {
      await review().saveTranslation({ slug: params.slug, segmentId: params.segmentId, locale, text, baseRevision: body.baseRevision, actor: { name: user.name, role: user.role } });
    } catch (error) {
      if (error instanceof ConflictError && error.current) return renderConflict(deps, req, res, params.slug, locale, params.segmentId, text, 'save', error.current as Translation);
      return refuseOnPage(deps, locks, req, res, params.slug, locale, params.segmentId, error);
    }
    res.redirect(303, pageUrl(record.article.slug, locale, { done: source }, params.segmentId));
  };
}

function postRerunMt(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { params } = validated(req, { params: SegmentParams });
    const services = articlesOf(deps);
    const locale = checkLocale(services, params.locale);
    const mt = requireService(reviewExtras(deps).mt, 'machine translation');
    const user = userOf(res);
    const slug = parseSlug(params.slug);
    rowOf(await loadRecord(services, slug), params.segmentId, locale);
    const result = await mt.retranslate({ slug, segmentId: params.segmentId, locale, by: user.name });
    const done = result.queued ? 'mt-queued' : result.reason === 'off' ? 'mt-off' : 'mt-already';
    res.redirect(303, pageUrl(slug, locale, { done }, params.segmentId));
  };
}

/** A remark on a segment in any state; it changes neither text nor revision, so open editors are not disturbed. */
function postComment(deps: AppDeps, review: () => ReviewService, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: CommentBody });
    const locale = checkLocale(articlesOf(deps), params.locale);
    const user = userOf(res);
    const slug = parseSlug(params.slug);
    try {
      await review().comment({ slug, segmentId: params.segmentId, locale, text: body.comment, actor: { name: user.name, role: user.role } });
    } catch (error) {
      return refuseOnPage(deps, locks, req, res, slug, locale, params.segmentId, error);
    }
    res.redirect(303, pageUrl(slug, locale, { done: 'commented' }, params.segmentId));
  };
}

function postApproveAll(deps: AppDeps, review: () => ReviewService): RequestHandler {
  return async (req, res) => {
    const { params } = validated(req, { params: Params, body: ApproveAllBody });
    const services = articlesOf(deps);
    const locale = checkLocale(services, params.locale);
    const user = userOf(res);
    const record = await loadRecord(services, params.slug);
    const fourEyes = services.fourEyes !== false;
    let approved = 0;
    let skipped = 0;
    for (const t of record.translations) {
      if (t.locale !== locale || !isBulkApprovable(t, user, fourEyes)) continue;
      if (record.segments.find((s) => s.id === t.segmentId)?.removedAt) continue;
      try {
        // Each approval carries the revision the page counted, so a segment edited meanwhile is skipped, not approved unseen.
        await review().approve({ slug: record.article.slug, segmentId: t.segmentId, locale, baseRevision: t.revision, actor: { name: user.name, role: user.role } });
        approved++;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        skipped++;
      }
    }
    res.redirect(303, pageUrl(record.article.slug, locale, { done: 'approved-all', n: approved, skipped }));
  };
}

function postLock(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return (req, res) => {
    const { params, body } = validated(req, { params: SegmentParams, body: LockBody });
    const locale = checkLocale(articlesOf(deps), params.locale);
    const user = userOf(res);
    const ref = { slug: parseSlug(params.slug), locale, segmentId: params.segmentId };
    if (body.release) locks.release(ref, user.name);
    else locks.touch(ref, user.name);
    res.set('Cache-Control', 'no-store').json({ others: locks.holders(ref, user.name).map((h) => h.name) });
  };
}

function getLocks(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return (req, res) => {
    const { params } = validated(req, { params: Params });
    const locale = checkLocale(articlesOf(deps), params.locale);
    const editing = locks.forArticle(parseSlug(params.slug), locale, userOf(res).name);
    res.set('Cache-Control', 'no-store').json({ segments: Object.fromEntries([...editing].map(([id, holders]) => [id, holders.map((h) => h.name)])) });
  };
}

async function renderConflict(deps: AppDeps, req: Request, res: Response, slug: string, locale: Locale, segmentId: string, mine: string, action: 'save' | 'submit', current: Translation): Promise<void> {
  const record = await loadRecord(articlesOf(deps), slug);
  const { segment } = rowOf(record, segmentId, locale);
  res.set('Cache-Control', 'no-store');
  sendPage(req, res, {
    status: 409,
    title: req.t('review:conflict.title'),
    body: conflictView(pageContext(req, res), { slug: record.article.slug, locale, sourceLocale: record.article.sourceLocale, segment, current, mine, action }),
  });
}

export const reviewRoutes = {
  path: '/review',
  router: (deps) => {
    const router = express.Router();
    const locks = new SoftLocks();
    let service: ReviewService | null = null;
    const review = () => (service ??= new ReviewService(articlesOf(deps)));
    const locale = { locale: localeParam };
    router.get('/:slug', requireRole('article.view'), getReviewArticle(deps));
    router.get('/:slug/:locale', requireRole('article.view'), getReviewPage(deps, locks));
    router.get('/:slug/:locale/locks', requireRole('article.view'), getLocks(deps, locks));
    router.post('/:slug/:locale/approve-all', requireRole('translation.review', locale), postApproveAll(deps, review));
    router.post('/:slug/:locale/:segmentId/save', requireRole('translation.edit', locale), postSave(deps, review, locks));
    router.post('/:slug/:locale/:segmentId/submit', requireRole('translation.edit', locale), postSubmit(deps, review, locks));
    router.post('/:slug/:locale/:segmentId/approve', requireRole('translation.review', locale), postApprove(deps, review, locks));
    router.post('/:slug/:locale/:segmentId/reject', requireRole('translation.review', locale), postReject(deps, review, locks));
    router.post('/:slug/:locale/:segmentId/memory', requireRole('translation.edit', locale), postUseText(deps, review, locks, 'memory'));
    router.post('/:slug/:locale/:segmentId/suggestion', requireRole('translation.edit', locale), postUseText(deps, review, locks, 'suggestion'));
    router.post('/:slug/:locale/:segmentId/mt', requireRole('translation.edit', locale), postRerunMt(deps));
    router.post('/:slug/:locale/:segmentId/comment', requireRole('translation.comment', locale), postComment(deps, review, locks));
    router.post('/:slug/:locale/:segmentId/lock', requireRole('translation.edit', locale), postLock(deps, locks));
    return router;
  },
} satisfies RouteModule;

