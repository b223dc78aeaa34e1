import express, { type RequestHandler } from 'express';
import { requireRole } from '../guards.ts';
import { pageContext, sendPage } from '../render.ts';
import { homeView } from '../views/home.ts';
import type { RouteModule } from './index.ts';

function getHome(): RequestHandler {
  return (req, res) => {
    sendPage(req, res, { title: req.t('common:home.title'), body: homeView(pageContext(req, res)) });
  };
}

export const homeRoutes = {
  path: '/',
  router: () => {
    const router = express.Router();
    router.get('/', requireRole('article.view'), getHome());
    return router;
  },
} satisfies RouteModule;
