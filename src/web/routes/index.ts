import type { Router } from 'express';
import type { AppDeps } from '../deps.ts';
import { tokensPageRoutes } from '../api/tokens-page.ts';
import { articlesRoutes } from './articles.ts';
import { authRoutes } from './auth.ts';
import { cmsHookRoutes } from './cms-hook.ts';
import { confidentialRoutes } from './confidential.ts';
import { glossaryRoutes } from './glossary.ts';
import { homeRoutes } from './home.ts';
import { languageRoutes } from './language.ts';
import { memoryRoutes } from './memory.ts';
import { liveRoutes } from './live.ts';
import { mtRoutes } from './mt.ts';
import { publishRoutes } from '../reader/publish-routes.ts';
import { readerRoutes } from '../reader/routes.ts';
import { usageRoutes } from './usage.ts';
import { usersRoutes } from './users.ts';
import { queueRoutes } from './queue.ts';
import { reviewRoutes } from './review.ts';
import { xliffRoutes } from './xliff.ts';

/**
 * One area of the web app: a router mounted at `path`. Adding an area is one file in routes/ plus one line below.
 * Every mutating route starts with requireRole(…) or publicRoute(…); tests/web/route-guards.test.ts walks them all.
 * @example
 * export const queueRoutes = {
 *   path: '/queue',
 *   router: (deps) => {
 *     const router = express.Router();
 *     router.get('/', requireRole('article.view'), getReviewQueue(deps));
 *     router.post('/:slug/:locale/approve', requireRole('translation.review', { locale: (req) => req.params.locale }), postApproveTranslation(deps));
 *     return router;
 *   },
 * } satisfies RouteModule;
 */
export interface RouteModule {
  /** Mount path (a string, so the route-table walk can list it). */
  readonly path: string;
  readonly router: (deps: AppDeps) => Router;
}

/**
 * Mounted first, before the UI's i18next middleware (which clones an i18next instance per request): the reader site
 * speaks its own languages (reader/reader-i18n.ts) and answers only paths that start with a site language, plus `/` for
 * anonymous visitors, who go to their language while staff fall through to home.
 */
export const SITE_MODULES = [readerRoutes] satisfies RouteModule[];

export const ROUTE_MODULES = [
  authRoutes,
  languageRoutes,
  publishRoutes,
  homeRoutes,
  usersRoutes,
  articlesRoutes,
  queueRoutes,
  reviewRoutes,
  mtRoutes,
  glossaryRoutes,
  memoryRoutes,
  confidentialRoutes,
  usageRoutes,
  xliffRoutes,
  liveRoutes,
  cmsHookRoutes,
  tokensPageRoutes,
] satisfies RouteModule[];
