import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import { handle } from 'i18next-http-middleware';
import './context.ts';
import type { AppDeps } from './deps.ts';
import { errorHandler, notFound } from './errors.ts';
import { createI18n } from './i18n.ts';
import { setBodyLimit } from './request-body.ts';
import { requestLog } from './request-log.ts';
import { ROUTE_MODULES, SITE_MODULES } from './routes/index.ts';
import { sessionMiddleware } from './session.ts';

export type { AppDeps, WebConfig } from './deps.ts';

const DEFAULT_PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
const STARTED_AT = new Date().toISOString();
/** Helmet sets no Permissions-Policy; Tandem uses none of these features, so no page (or injected frame) gets them. */
const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'geolocation',
  'gyroscope',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/**
 * The whole web app, without listening: tests send real HTTP to it in-process, main.ts hands it to startServer().
 * Order matters: logging and headers first, health and static files before sessions (no cookies there), then session,
 * the reader site, the UI's i18n, the route modules, 404 and the error middleware. No body is read here: each route's guard checks the caller and
 * their role, reads a form or JSON body within `bodyLimit`, then checks the CSRF token; only routes that take files
 * stream a multipart body, after that (guards.ts, multipart.ts).
 */
export function createApp(deps: AppDeps): express.Express {
  const config = deps.config ?? {};
  const i18n = createI18n({
    ...(config.localesDir ? { localesDir: config.localesDir } : {}),
    ...(config.defaultUiLanguage ? { defaultLanguage: config.defaultUiLanguage } : {}),
    ...(config.onMissingKey ? { onMissingKey: config.onMissingKey } : {}),
  });
  const secret = config.secret ?? randomBytes(32).toString('base64url');
  const bodyLimit = config.bodyLimit ?? '1mb';

  const app = express();
  app.set('trust proxy', config.trustProxy ?? false);
  app.set('x-powered-by', false);
  app.use(requestLog(deps.logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok', startedAt: STARTED_AT, uptimeSeconds: Math.round(process.uptime()) });
  });
  app.use('/assets', express.static(config.publicDir ?? DEFAULT_PUBLIC_DIR, { index: false, maxAge: '1h', fallthrough: true }));

  setBodyLimit(app, bodyLimit);
  app.use(sessionMiddleware(deps.auth, secret));
  for (const module of SITE_MODULES) app.use(module.path, module.router(deps));
  app.use(handle(i18n));
  for (const module of ROUTE_MODULES) app.use(module.path, module.router(deps));
  app.use(notFound());
  app.use(errorHandler(deps.logger, i18n));
  return app;
}
