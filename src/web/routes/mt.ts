import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { parseSlug } from '../../core/slug.ts';
import { MAX_RERUN_BUDGET } from '../../services/mt/index.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole, requireService } from '../guards.ts';
import { localeField, validated } from '../validate.ts';
import type { RouteModule } from './index.ts';
import { pageUrl } from './review-page.ts';

/** Machine translation the editors steer from the articles and review pages: retry now, resume, the daily re-run budget. */

const blankIsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const RetryBody = z.object({
  slug: z.preprocess(blankIsAbsent, z.string().max(200).optional()),
  locale: z.preprocess(blankIsAbsent, localeField.optional()),
  back: z.enum(['articles', 'review']).default('articles'),
});
const BudgetBody = z.object({
  characters: z.coerce.number().int().min(0).max(MAX_RERUN_BUDGET),
  back: z.enum(['articles', 'usage']).default('articles'),
});

/** Retry now: failed and retrying items of an article (and locale), or all, go back in the queue at once. */
function postRetryMt(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: RetryBody });
    const mt = requireService(deps.mt, 'machine translation');
    const slug = body.slug === undefined ? undefined : parseSlug(body.slug);
    const locale = body.locale;
    const n = await mt.retryFailed({ ...(slug ? { slug } : {}), ...(locale ? { locale } : {}) });
    res.locals.log?.info({ slug, locale, n, by: res.locals.user!.name }, 'mt: retry now');
    if (body.back === 'review' && slug && locale) return res.redirect(303, pageUrl(slug, locale, { done: 'mt-retried', n }));
    res.redirect(303, `/articles?done=mt-retried&n=${n}`);
  };
}

const ResumeBody = RetryBody;

/**
 * Resume: lift a quota pause (and a rejected-key mark and refused glossary uploads, MtService.resume) so the worker sends
 * the queue again; back to the page the button was on.
 */
function postResumeMt(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: ResumeBody });
    const mt = requireService(deps.mt, 'machine translation');
    const slug = body.slug === undefined ? undefined : parseSlug(body.slug);
    const locale = body.locale;
    await mt.resume();
    res.locals.log?.info({ by: res.locals.user!.name }, 'mt: resumed');
    if (body.back === 'review' && slug && locale) return res.redirect(303, pageUrl(slug, locale, { done: 'mt-resumed' }));
    res.redirect(303, '/articles?done=mt-resumed');
  };
}

/** Set the daily re-run budget per person (characters). */
function postRerunBudget(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: BudgetBody });
    const mt = requireService(deps.mt, 'machine translation');
    await mt.setRerunBudget(body.characters, res.locals.user!.name);
    res.redirect(303, body.back === 'usage' ? `/usage?done=budget&n=${body.characters}` : `/articles?done=mt-budget&n=${body.characters}`);
  };
}

export const mtRoutes = {
  path: '/mt',
  router: (deps) => {
    const router = express.Router();
    router.post('/retry', requireRole('mt.queue'), postRetryMt(deps));
    router.post('/budget', requireRole('mt.queue'), postRerunBudget(deps));
    router.post('/resume', requireRole('mt.queue'), postResumeMt(deps));
    return router;
  },
} satisfies RouteModule;
