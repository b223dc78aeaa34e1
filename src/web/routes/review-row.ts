import type { RequestHandler } from 'express';
import type { SoftLocks } from '../../services/soft-lock.ts';
import type { AppDeps } from '../deps.ts';
import { pageContext } from '../render.ts';
import { validated } from '../validate.ts';
import { segmentRow } from '../views/review/segment-row.ts';
import { z } from 'zod';
import { Params, SegmentParams } from './review-actions.ts';
import { articlesOf, reviewPageView, segmentOf } from './review-page.ts';

/** The segment whose row is asked for (`?segment=<id>`), checked as the action routes check it. */
const RowQuery = z.object({ segment: SegmentParams.shape.segmentId });

/**
 * One segment's row of the review page as it is now, drawn for the asking user exactly as the page draws it (their
 * legal actions, `segmentOffers`): JSON `{ segmentId, state, revision, row }`. public/live.js asks for it when someone
 * else changed the segment's state, so the buttons on every open page follow. NotFoundError for an unknown article
 * or segment, ValidationError for a locale that is not a target.
 */
export function getSegmentRow(deps: AppDeps, locks: SoftLocks): RequestHandler {
  return async (req, res) => {
    const { params: page, query } = validated(req, { params: Params, query: RowQuery });
    const params = { ...page, segmentId: query.segment };
    const record = await articlesOf(deps).get(params.slug);
    const { translation } = segmentOf(record, params.segmentId, articlesOf(deps).targetLocale(params.locale));
    const { view } = await reviewPageView(deps, locks, req, res, params.slug, params.locale, {
      only: new Set([params.segmentId]),
      record,
    });
    const row = view.rows[0];
    res.set('Cache-Control', 'no-store').json({
      segmentId: params.segmentId,
      state: translation.state,
      revision: translation.revision,
      row: row ? segmentRow(pageContext(req, res), view, row).toString() : null,
    });
  };
}
