import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { MAX_RERUN_BUDGET } from '../../services/mt/index.ts';
import type { UsageReport } from '../../services/usage.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole, requireService } from '../guards.ts';
import { pageContext, sendPage } from '../render.ts';
import { blankIsAbsent, validated } from '../validate.ts';
import type { FormRefusal } from '../views/admin/parts.ts';
import { usageView } from '../views/admin/usage.ts';
import { formRefusal } from './admin-refusal.ts';
import type { RouteModule } from './index.ts';

/** Days shown when the page is opened without a first day: the last 30, today included. */
const DEFAULT_DAYS = 30;
const PageQuery = z.object({
  since: z.preprocess(blankIsAbsent, z.string().max(40).optional()),
  done: z.literal('budget').optional(),
  n: z.coerce.number().int().min(0).optional(),
});

function daysAgo(now: Date, days: number): string {
  return new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
}

/** Characters sent to machine translation per day (chart and table), locale and article, and the re-run budget. */
function getUsage(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { query } = validated(req, { query: PageQuery });
    const usage = requireService(deps.usage, 'usage');
    const since = query.since ?? daysAgo(new Date(), DEFAULT_DAYS);
    let report: UsageReport | null = null;
    let refusal: FormRefusal | undefined;
    try {
      // The day is checked by the service, as for `tandem usage --since`.
      report = await usage.report(since);
    } catch (error) {
      const refused = formRefusal(req, 'admin:usage', error);
      if (!refused) throw error;
      refusal = refused;
    }
    const budget = deps.mt ? await deps.mt.rerunBudget() : null;
    const notice = query.done ? req.t('mt:done.mt-budget', { count: query.n ?? 0 }) : undefined;
    res.set('Cache-Control', 'no-store');
    sendPage(req, res, {
      status: refusal ? 400 : 200,
      title: req.t('admin:usage.title'),
      body: usageView(pageContext(req, res), {
        since,
        report,
        budget,
        maxBudget: MAX_RERUN_BUDGET,
        ...(notice ? { notice } : {}),
        ...(refusal ? { refusal } : {}),
      }),
    });
  };
}

export const usageRoutes = {
  path: '/usage',
  router: (deps) => {
    const router = express.Router();
    router.get('/', requireRole('mt.queue'), getUsage(deps));
    return router;
  },
} satisfies RouteModule;
