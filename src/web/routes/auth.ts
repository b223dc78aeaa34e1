import express, { type Request, type RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { publicRoute } from '../guards.ts';
import { localPath } from '../html.ts';
import { LoginThrottle } from '../login-throttle.ts';
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

// `next` is the address a guarded page sent the visitor from (errors.ts): as long as an address may be.
const LoginQuery = z.object({ next: z.string().max(8000).optional() });

function getLogin(): RequestHandler {
  return (req, res) => {
    const { query } = validated(req, { query: LoginQuery });
    if (res.locals.user) return res.redirect(303, localPath(query.next));
    sendPage(req, res, {
      title: req.t('auth:login.title'),
      body: loginView(pageContext(req, res), { next: localPath(query.next) }),
    });
  };
}

/**
 * The client's address for the per-address limit: the socket's peer, or with `trustProxy` the address the trusted
 * proxies report. IPv6 addresses count per /56 network (express-rate-limit's `ipKeyGenerator`), since one client
 * usually holds a whole block of them.
 */
function clientAddress(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress;
  return ip ? ipKeyGenerator(ip) : 'unknown';
}

function postLogin(deps: AppDeps, throttle: LoginThrottle): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: LoginBody });
    const next = localPath(body.next);
    const verdict = throttle.attempt(body.name, clientAddress(req));
    if (!verdict.allowed) {
      const seconds = Math.ceil(verdict.retryAfterMs / 1000);
      res.locals.log?.info({ name: body.name.slice(0, 64), retryAfterSeconds: seconds }, 'login throttled');
      res.set('Retry-After', String(seconds));
      return sendPage(req, res, {
        status: 429,
        title: req.t('auth:login.title'),
        body: loginView(pageContext(req, res), {
          name: body.name,
          next,
          errorKey: 'auth:login.throttled',
          errorValues: { count: seconds },
        }),
      });
    }
    const result = body.name && body.password ? await deps.auth.login(body.name, body.password) : null;
    if (!result) {
      res.locals.log?.info({ name: body.name.slice(0, 64) }, 'login failed');
      return sendPage(req, res, {
        status: 401,
        title: req.t('auth:login.title'),
        body: loginView(pageContext(req, res), { name: body.name, next, errorKey: 'auth:login.failed' }),
      });
    }
    throttle.succeeded(verdict.ticket);
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

export const authRoutes = {
  path: '/',
  router: (deps) => {
    const router = express.Router();
    router.get('/login', getLogin());
    const throttle = new LoginThrottle(deps.config?.loginThrottle);
    router.post('/login', publicRoute('logging in needs no account'), postLogin(deps, throttle));
    router.post('/logout', publicRoute('logging out only ends the caller’s own session'), postLogout(deps));
    return router;
  },
} satisfies RouteModule;
