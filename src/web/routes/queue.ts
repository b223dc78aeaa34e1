import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { QUEUE_ISSUES, QUEUE_STATES } from '../../services/queue.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole, requireService } from '../guards.ts';
import { pageContext, sendPage } from '../render.ts';
import { cursorField } from '../cursor-input.ts';
import { blankIsAbsent, localeField, validated } from '../validate.ts';
import { queueView } from '../views/queue/page.ts';
import type { RouteModule } from './index.ts';

// A single checked box arrives as a string, several as an array, none as nothing.
const many = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item).max(20)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

const QueueQuery = z.object({
  locale: many(localeField),
  state: many(z.enum(QUEUE_STATES)),
  article: z.preprocess(blankIsAbsent, z.string().max(200).optional()),
  assignee: z.preprocess(blankIsAbsent, z.string().max(64).optional()),
  issues: z.preprocess(blankIsAbsent, z.enum(QUEUE_ISSUES).optional()),
  // Opaque; the queue service refuses (400) a cursor it did not make, told as the malformed one is (cursor-input.ts).
  cursor: z.preprocess(blankIsAbsent, cursorField().optional()),
});

function getQueue(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { query } = validated(req, { query: QueueQuery });
    const articles = requireService(deps.articles, 'articles');
    const filter = {
      locales: query.locale,
      states: query.state,
      ...(query.article ? { slug: query.article } : {}),
      ...(query.assignee !== undefined ? { assignee: query.assignee } : {}),
      ...(query.issues ? { issues: query.issues } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    };
    const queue = await articles.queue(filter, { locales: res.locals.user!.locales });
    res.set('Cache-Control', 'no-store');
    sendPage(req, res, {
      title: req.t('review:queue.title'),
      body: queueView(pageContext(req, res), { queue, filter, sourceLocale: articles.sourceLocale }),
    });
  };
}

export const queueRoutes = {
  path: '/queue',
  router: (deps) => {
    const router = express.Router();
    router.get('/', requireRole('article.view'), getQueue(deps));
    return router;
  },
} satisfies RouteModule;
