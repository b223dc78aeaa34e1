import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { NotFoundError } from '../../core/errors.ts';
import { canonicalLocale, type Locale } from '../../core/locale.ts';
import { REVIEW_PAGE_SEGMENTS } from '../../core/limits.ts';
import type { ArticleRecord, HistoryEntry, Segment, Translation } from '../../core/model.ts';
import { localeProgress } from '../../core/progress.ts';
import { canInLocale } from '../../core/roles.ts';
import { newTranslation } from '../../core/workflow.ts';
import type { ArticleService } from '../../services/articles.ts';
import type { User } from '../../services/auth.ts';
import { describeCheckResult } from '../../services/check-text.ts';
import { checkStatuses, glossaryHits } from '../../services/checks.ts';
import { checksCurrent } from '../../core/check-decisions.ts';
import { needsWork, nextNeedingWork, nextNeedingWorkAll } from '../../services/queue.ts';
import type { ReviewService } from '../../services/review.ts';
import { isOwnFinishedDraft, segmentOffers } from '../../services/review-rules.ts';
import type { SoftLocks } from '../../services/soft-lock.ts';
import type { AppDeps } from '../deps.ts';
import { requireService } from '../guards.ts';
import { pageContext, sendPageParts } from '../render.ts';
import { raw } from '../html.ts';
import { languageName } from '../intl-cache.ts';
import type { EffortBar } from '../views/review/parts.ts';
import { reviewView, type ReviewPageView, type SegmentRow } from '../views/review/page.ts';
import { reviewPager } from '../views/review/pager.ts';
import { RowCache } from '../views/review/row-cache.ts';
import { glossaryFor, memoryMatches, mtBanner, mtProgressFor } from './review-extras.ts';

/** The review page: what it reads from the services and how it is drawn; the routes in review.ts and review-actions.ts use it. */

const HISTORY_LIMIT = 30;

/** The target locale named in the URL, canonical; undefined when it is not a BCP 47 tag (the guard then refuses). */
export function localeParam(req: Request): Locale | undefined {
  try {
    return typeof req.params.locale === 'string' ? canonicalLocale(req.params.locale) : undefined;
  } catch {
    return undefined;
  }
}

/** The article service, or 503 when the installation has none. */
export function articlesOf(deps: AppDeps): ArticleService {
  return requireService(deps.articles, 'articles');
}

/** The review service, or 503 when the installation has none. */
export function reviewOf(deps: AppDeps): ReviewService {
  return requireService(deps.review, 'review');
}

/** The signed-in user (the route guards ran first). */
export function userOf(res: Response): User {
  return res.locals.user!;
}

/** The live segment `segmentId` and its translation in `locale` (untranslated when none); NotFoundError otherwise. */
export function segmentOf(record: ArticleRecord, segmentId: string, locale: Locale): { segment: Segment; translation: Translation } {
  const segment = record.segments.find((s) => s.id === segmentId && !s.removedAt);
  if (!segment)
    throw new NotFoundError(`review: article "${record.article.slug}" has no segment ${segmentId}; reload the article`, {
      reason: 'segment.not-found',
    });
  const translation =
    record.translations.find((t) => t.segmentId === segmentId && t.locale === locale) ??
    newTranslation(segmentId, locale, record.article.updatedAt);
  return { segment, translation };
}

/** Where to go after an action: the segment that needs this user's work next, or the same one. */
export async function focusAfter(deps: AppDeps, slug: string, locale: Locale, segmentId: string, mayReview: boolean): Promise<string> {
  return nextNeedingWork(await articlesOf(deps).get(slug), locale, segmentId, mayReview) ?? segmentId;
}

/** The review page's URL with a notice query and a segment to focus. */
export function pageUrl(slug: string, locale: Locale, query: Record<string, string | number | undefined>, focus?: string | null): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  if (focus) params.set('focus', focus);
  const qs = params.toString();
  return `/review/${encodeURIComponent(slug)}/${encodeURIComponent(locale)}${qs ? `?${qs}` : ''}${focus ? `#seg-${encodeURIComponent(focus)}` : ''}`;
}

/** Post-edit averages (0–100) as chart bars (0–1), in target-locale order. */
export function effortBars(
  byLocale: Readonly<Record<string, { readonly count: number; readonly average: number | null }>>,
  locales: readonly Locale[],
): EffortBar[] {
  return locales.map((locale) => {
    const a = byLocale[locale];
    return { locale, effort: a && a.average !== null ? a.average / 100 : null, segments: a?.count ?? 0 };
  });
}

export interface RenderOptions {
  readonly status?: number;
  readonly notice?: string;
  readonly alert?: ReviewPageView['alert'];
  /** The page of a long article to show (1-based, `?page=`); out-of-range pages show the nearest one. */
  readonly page?: number;
  /** A segment to show (`?focus=`): its page is shown, unless `page` is given. The alert's segment is one too. */
  readonly focus?: string;
}

/**
 * The window of `segments` (live, in reading order) one review page shows: REVIEW_PAGE_SEGMENTS of them, on the
 * requested page, else on the page holding the focused segment, else the first page.
 */
export function reviewWindow<T extends { readonly id: string }>(
  segments: readonly T[],
  options: Pick<RenderOptions, 'page' | 'focus'>,
): { readonly rows: readonly T[]; readonly page: number; readonly pageCount: number } {
  const size = REVIEW_PAGE_SEGMENTS;
  const pageCount = Math.max(1, Math.ceil(segments.length / size));
  const focused = options.focus === undefined ? -1 : segments.findIndex((s) => s.id === options.focus);
  const wanted = options.page ?? (focused === -1 ? 1 : Math.floor(focused / size) + 1);
  const page = Math.min(Math.max(1, wanted), pageCount);
  return { rows: segments.slice((page - 1) * size, page * size), page, pageCount };
}

/** Where the page's rows go (sendPageParts): random, so no text a person typed can hold it. */
const ROWS_HOLE = `rows-${randomUUID()}`;

/**
 * A translation's stored check results with their status, and whether they were run on its text and source, once
 * per pair of objects: both hash the text on every call, and a stored record is never changed in place
 * (ArticleStore.peek), so the same two objects always give the same answer.
 */
const checkStates = new WeakMap<Translation, { readonly segment: Segment; readonly state: Pick<SegmentRow, 'checks' | 'checked'> }>();

function checkState(translation: Translation, segment: Segment): Pick<SegmentRow, 'checks' | 'checked'> {
  const known = checkStates.get(translation);
  if (known?.segment === segment) return known.state;
  const state = {
    checks: checkStatuses(translation, segment),
    checked: translation.text === '' || checksCurrent(translation, segment.hash),
  };
  checkStates.set(translation, { segment, state });
  return state;
}

/** Drawn rows per app (row-cache.ts): what they show depends on the app's check registry and i18next resources. */
const rowCaches = new WeakMap<AppDeps, RowCache>();

/** The row cache of the app built on `deps`. */
export function rowCacheOf(deps: AppDeps): RowCache {
  let cache = rowCaches.get(deps);
  if (!cache) rowCaches.set(deps, (cache = new RowCache()));
  return cache;
}

/** Draw the review page of one article and locale for the signed-in user. */
export async function renderReview(
  deps: AppDeps,
  locks: SoftLocks,
  req: Request,
  res: Response,
  slug: string,
  rawLocale: string,
  options: RenderOptions = {},
): Promise<void> {
  const { view, title } = await reviewPageView(deps, locks, req, res, slug, rawLocale, options);
  res.set('Cache-Control', 'no-store');
  // The rows, most of the page, come as cached UTF-8 (row-cache.ts); the rest of the page is drawn around a hole.
  const ctx = pageContext(req, res);
  const rows: Buffer[] = [];
  const cache = rowCacheOf(deps);
  for (const row of view.rows) cache.draw(ctx, view, row, rows);
  const body = reviewView(ctx, view, raw(ROWS_HOLE));
  sendPageParts(req, res, { status: options.status ?? 200, title, heading: false, body }, ROWS_HOLE, rows);
}

/**
 * What the review page shows of one article and locale for the signed-in user, and its title; with `only`, the rows
 * are those segments alone (one row redrawn in place after an action, see review-answer.ts).
 */
export async function reviewPageView(
  deps: AppDeps,
  locks: SoftLocks,
  req: Request,
  res: Response,
  slug: string,
  rawLocale: string,
  options: RenderOptions & { readonly only?: ReadonlySet<string>; readonly record?: ArticleRecord } = {},
): Promise<{ readonly view: ReviewPageView; readonly title: string }> {
  const articles = articlesOf(deps);
  const review = reviewOf(deps);
  const locale = articles.targetLocale(rawLocale);
  // Rows redrawn after an action need none of the page's summaries, and their checks were run by the action's write.
  const whole = options.only === undefined;
  // Stored results first catch up with today's glossary and terms, so the page, approval and `tandem check` agree.
  if (whole) await deps.checks?.refresh(slug, locale);
  // The stored record itself, not a copy: nothing here changes it (its types are readonly).
  const record = (!whole && options.record) || (await articles.read(slug));
  const user = userOf(res);
  const canReview = canInLocale(user, 'translation.review', locale);
  const sourceLocale = record.article.sourceLocale;
  const targets = articles.targetLocales;
  const rows = new Map(record.translations.filter((t) => t.locale === locale).map((t) => [t.segmentId, t]));
  const segments = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
  const removed = new Set(record.segments.filter((s) => s.removedAt).map((s) => s.id));
  const paged = reviewWindow(segments, { ...options, focus: options.focus ?? options.alert?.segmentId });
  const { only } = options;
  const shown = only ? { ...paged, rows: segments.filter((s) => only.has(s.id)) } : paged;
  const editors = locks.forArticle(record.article.slug, locale, user.name);
  const glossary = await glossaryFor(deps, sourceLocale, locale);
  // One pass over the history for the rows shown, not one per row: a long article has a long history.
  const visible = new Set(shown.rows.map((s) => s.id));
  const historyOf = new Map<string, HistoryEntry[]>();
  for (const h of record.history) {
    if (!visible.has(h.segmentId) || (h.locale !== locale && h.locale !== null)) continue;
    const list = historyOf.get(h.segmentId);
    if (list) list.push(h);
    else historyOf.set(h.segmentId, [h]);
  }

  const nextOf = nextNeedingWorkAll(record, locale, canReview);
  const built: SegmentRow[] = await Promise.all(
    shown.rows.map(async (segment) => {
      const translation = rows.get(segment.id) ?? newTranslation(segment.id, locale, record.article.updatedAt);
      return {
        segment,
        translation,
        nextId: nextOf.get(segment.id) ?? null,
        needsWork: needsWork(translation.state, canReview),
        offers: segmentOffers(translation, user, review.fourEyes),
        editors: editors.get(segment.id) ?? [],
        memory: translation.state === 'approved' ? [] : await memoryMatches(deps, segment.source, sourceLocale, locale),
        glossary: glossary.length > 0 ? glossaryHits(segment.source, glossary) : [],
        history: (historyOf.get(segment.id) ?? []).slice(-HISTORY_LIMIT).reverse(),
        ...checkState(translation, segment),
      };
    }),
  );

  const title = typeof record.article.frontMatter.title === 'string' ? record.article.frontMatter.title : record.article.slug;
  const embargo = articles.embargoOf(record);
  const view: ReviewPageView = {
    slug: record.article.slug,
    title,
    ...(embargo ? { embargo } : {}),
    sourceLocale,
    locale,
    progress: whole ? localeProgress(record, targets) : [],
    effort: whole ? effortBars(articles.effortOf(record).byLocale, targets) : [],
    rows: built,
    pager: !whole
      ? ''
      : reviewPager(pageContext(req, res), {
          page: shown.page,
          pageCount: shown.pageCount,
          size: REVIEW_PAGE_SEGMENTS,
          total: segments.length,
          path: pageUrl(record.article.slug, locale, {}),
        }),
    canEdit: canInLocale(user, 'translation.edit', locale),
    canReview,
    canComment: canInLocale(user, 'translation.comment', locale),
    fourEyes: review.fourEyes,
    ownDrafts: !whole
      ? 0
      : record.translations.filter((t) => t.locale === locale && !removed.has(t.segmentId) && isOwnFinishedDraft(t, user.name)).length,
    approvable: whole && canReview ? review.bulkApprovable(record, locale, user.name).length : 0,
    mt: await mtBanner(deps, req),
    mtProgress: !whole ? null : await mtProgressFor(deps, user, { slug: record.article.slug, locale }, 'review'),
    ...(options.notice ? { notice: options.notice } : {}),
    ...(options.alert ? { alert: options.alert } : {}),
    describeCheck: (result) => describeCheckResult(result, deps.checks?.registry ?? [], req.t),
  };
  return { view, title: `${title} · ${languageName(locale, req.language)}` };
}
