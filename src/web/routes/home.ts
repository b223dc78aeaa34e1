import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { can, ROLES, type Role } from '../../core/roles.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole } from '../guards.ts';
import { validated } from '../validate.ts';
import { pageContext, sendPage } from '../render.ts';
import { homeView, type HomeAdmin } from '../views/home.ts';
import type { RouteModule } from './index.ts';
import { mtBanner } from './review-extras.ts';

/** What an administrator sees besides their work: accounts per role and the state of machine translation. */
async function adminFacts(deps: AppDeps, req: Parameters<RequestHandler>[0]): Promise<HomeAdmin> {
  const users = await deps.users.list();
  const byRole = Object.fromEntries(ROLES.map((r) => [r, users.filter((u) => u.role === r).length])) as Record<Role, number>;
  let queue: HomeAdmin['mtQueue'] = null;
  try {
    queue = deps.mt ? (await deps.mt.status()).queue : null;
  } catch {
    queue = null;
  }
  return { users: byRole, mt: await mtBanner(deps, req), mtQueue: queue };
}

function getHome(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    // Tolerant, as the reader pages are (reader/routes.ts, query-input.ts): `/` is the reader site's address, shared
    // with `utm_*` and `fbclid` tags, and a signed-in staff member opening such a link lands here. The desk reads no
    // parameter, so a tag changes nothing, and a 400 would only hide the desk behind a link that works for readers.
    validated(req, { query: z.looseObject({}) });
    const user = res.locals.user!;
    const work = deps.work ? await deps.work.myWork({ name: user.name, role: user.role, locales: user.locales }) : null;
    const admin = can(user.role, 'users.manage') ? await adminFacts(deps, req) : null;
    res.set('Cache-Control', 'no-store');
    sendPage(req, res, {
      title: req.t('common:home.title'),
      body: homeView(pageContext(req, res), { sourceLocale: deps.articles?.sourceLocale ?? 'ko', work, admin }),
    });
  };
}

export const homeRoutes = {
  path: '/',
  router: (deps) => {
    const router = express.Router();
    router.get('/', requireRole('article.view'), getHome(deps));
    return router;
  },
} satisfies RouteModule;
