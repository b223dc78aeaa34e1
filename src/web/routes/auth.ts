import express, { type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { AppDeps } from '../deps.ts';
import { publicRoute } from '../guards.ts';
import { localPath } from '../html.ts';
import { pageContext, sendPage } from '../render.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../session.ts';
import { validated } from '../validate.ts';
import { loginView } from '../views/login.ts';
import type { RouteModule } from './index.ts';

const LoginBody = z.object({
  name: z.string().trim().max(64),
  password: z.string().max(256),
  next: z.string().max(2000).optional(),
});

function getLogin(): RequestHandler {
  return (req, res) => {
    if (res.locals.user) return res.redirect(303, localPath(req.query.next));
    sendPage(req, res, {
      title: req.t('auth:login.title'),
      body: loginView(pageContext(req, res), { next: localPath(req.query.next) }),
    });
  };
}

function postLogin(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: LoginBody });
    const next = localPath(body.next);
    const result = body.name && body.password ? await deps.auth.login(body.name, body.password) : null;
    if (!result) {
      res.locals.log?.info({ name: body.name.slice(0, 64) }, 'login failed');
      return sendPage(req, res, {
        status: 401,
        title: req.t('auth:login.title'),
        body: loginView(pageContext(req, res), { name: body.name, next, errorKey: 'auth:login.failed' }),
      });
    }
    res.locals.log?.info({ user: result.user.name }, 'login');
    setSessionCookie(req, res, result.token, deps.auth.sessionTtlMs);
    res.redirect(303, next);
  };
}

function postLogout(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const token = sessionToken(req);
    if (token) await deps.auth.logout(token);
    clearSessionCookie(req, res);
    res.redirect(303, '/login');
  };
}

/** Counts failed logins only (a successful one redirects with 303), per client IP. */
function loginLimiter(deps: AppDeps): RequestHandler {
  const { limit, windowMs } = deps.config?.loginRateLimit ?? { limit: 10, windowMs: 15 * 60 * 1000 };
  return rateLimit({
    windowMs,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(
        new AppError(
          'rate-limited',
          `auth: too many failed logins from this address; wait ${Math.ceil(windowMs / 60000)} minutes and try again`,
        ),
      ),
  });
}

export const authRoutes = {
  path: '/',
  router: (deps) => {
    const router = express.Router();
    router.get('/login', getLogin());
    router.post('/login', publicRoute('logging in needs no account'), loginLimiter(deps), postLogin(deps));
    router.post('/logout', publicRoute('logging out only ends the caller’s own session'), postLogout(deps));
    return router;
  },
} satisfies RouteModule;
