import type { Request, Response } from 'express';
import { type AppError, ConflictError } from '../../core/errors.ts';
import type { Locale } from '../../core/locale.ts';
import type { Translation } from '../../core/model.ts';
import { parseSlug } from '../../core/slug.ts';
import { nextNeedingWork } from '../../services/queue.ts';
import type { SoftLocks } from '../../services/soft-lock.ts';
import type { AppDeps } from '../deps.ts';
import { pageRefusal } from '../errors.ts';
import { userMessage } from '../error-messages.ts';
import { pageContext, sendPage } from '../render.ts';
import { conflictView } from '../views/review/conflict.ts';
import { segmentRow } from '../views/review/segment-row.ts';
import { articlesOf, pageUrl, renderReview, reviewPageView, segmentOf } from './review-page.ts';

/**
 * How the review page's actions answer, in one place. A form post (no script) gets a redirect to the page, or the page
 * again with the refusal beside the segment's editor and the typed text in it (4xx). The page's script asks for JSON
 * (`Accept: application/json`) and gets the segment's row redrawn, the next segment needing this user and the notice;
 * or the refusal, with the text it sent, to show beside the editor. Nothing typed is lost either way.
 */

export interface SegmentTarget {
  readonly slug: string;
  readonly locale: Locale;
  readonly segmentId: string;
}

/** Whether the request is the page's script (it asks for JSON) rather than a form post. */
export function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/**
 * An action on `target` went through: JSON `{ done, notice, segmentId, state, revision, next, row }` (`row` the
 * segment's `<li>` as the page draws it, `next` the id of the next segment needing this user or null), or a 303 to
 * the page focused on `focus` (the next segment when `advance`, else this one).
 */
export async function answerDone(
  deps: AppDeps,
  locks: SoftLocks,
  req: Request,
  res: Response,
  target: SegmentTarget,
  done: string,
  opts: { readonly advance: boolean; readonly mayReview: boolean },
): Promise<void> {
  const record = await articlesOf(deps).get(target.slug);
  const next = nextNeedingWork(record, target.locale, target.segmentId, opts.mayReview);
  if (!wantsJson(req)) {
    const focus = opts.advance ? (next ?? target.segmentId) : target.segmentId;
    res.redirect(303, pageUrl(record.article.slug, target.locale, { done }, focus));
    return;
  }
  const { view } = await reviewPageView(deps, locks, req, res, target.slug, target.locale, { only: new Set([target.segmentId]), record });
  const row = view.rows[0];
  const { translation } = segmentOf(record, target.segmentId, target.locale);
  res.set('Cache-Control', 'no-store').json({
    done,
    notice: req.t(`review:done.${done}`),
    segmentId: target.segmentId,
    state: translation.state,
    revision: translation.revision,
    next,
    row: row ? segmentRow(pageContext(req, res), view, row).toString() : null,
  });
}

/**
 * A refused action on `target`. Refusals a person can act on (four-eyes, illegal step, conflict, invalid input) answer
 * with their status: JSON `{ error: { code, message, detail, current? }, segmentId, text }` (`current` the row now, on
 * a conflict), or the review page with the message beside the editor holding `text`; a conflicting save or submit
 * without script shows both texts (conflict view). Any other error is thrown on to the error middleware.
 */
export async function answerRefusal(
  deps: AppDeps,
  locks: SoftLocks,
  req: Request,
  res: Response,
  target: SegmentTarget,
  error: unknown,
  text: string | undefined,
  action: 'save' | 'submit' | 'approve' | 'other',
): Promise<void> {
  const refusal = pageRefusal(error);
  if (!refusal) throw error;
  const message = req.t(refusal.key);
  const detail = userMessage(error, req.t, req.language);
  const current = error instanceof ConflictError ? (error.current as Translation | undefined) : undefined;
  if (wantsJson(req)) {
    res
      .status(refusal.status)
      .set('Cache-Control', 'no-store')
      .json({
        error: {
          code: (error as AppError).code,
          message,
          detail,
          ...(current ? { current: { text: current.text, revision: current.revision, state: current.state, by: current.updatedBy } } : {}),
        },
        segmentId: target.segmentId,
        ...(text !== undefined ? { text } : {}),
      });
    return;
  }
  if (current && text !== undefined && (action === 'save' || action === 'submit')) {
    await renderConflict(deps, req, res, target, text, action, current);
    return;
  }
  await renderReview(deps, locks, req, res, target.slug, target.locale, {
    status: refusal.status,
    alert: { message, detail, segmentId: target.segmentId, ...(text !== undefined ? { text } : {}) },
  });
}

/** A save that lost a race, without script: both texts side by side, so the person can merge them. */
async function renderConflict(
  deps: AppDeps,
  req: Request,
  res: Response,
  target: SegmentTarget,
  mine: string,
  action: 'save' | 'submit',
  current: Translation,
): Promise<void> {
  const record = await articlesOf(deps).get(target.slug);
  const { segment } = segmentOf(record, target.segmentId, target.locale);
  res.set('Cache-Control', 'no-store');
  sendPage(req, res, {
    status: 409,
    title: req.t('review:conflict.title'),
    body: conflictView(pageContext(req, res), {
      slug: parseSlug(record.article.slug),
      locale: target.locale,
      sourceLocale: record.article.sourceLocale,
      segment,
      current,
      mine,
      action,
    }),
  });
}
