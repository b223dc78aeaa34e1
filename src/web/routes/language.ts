import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { publicRoute } from '../guards.ts';
import { localPath } from '../html.ts';
import { LANGUAGE_COOKIE, UI_LANGUAGES } from '../i18n.ts';
import { validated } from '../validate.ts';
import type { RouteModule } from './index.ts';

const LanguageBody = z.object({
  lng: z.enum(UI_LANGUAGES),
  back: z.string().max(2000).optional(),
});

/** Switch the UI language: a cookie for everyone, and the saved preference of a logged-in user. */
function postLanguage(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: LanguageBody });
    res.cookie(LANGUAGE_COOKIE, body.lng, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: '/',
      maxAge: 365 * 24 * 3600 * 1000,
    });
    const user = res.locals.user;
    if (user && user.uiLanguage !== body.lng) await deps.users.setUiLanguage(user.id, body.lng);
    res.redirect(303, localPath(body.back));
  };
}

export const languageRoutes = {
  path: '/language',
  router: (deps) => {
    const router = express.Router();
    router.post('/', publicRoute('anyone may choose the UI language'), postLanguage(deps));
    return router;
  },
} satisfies RouteModule;
