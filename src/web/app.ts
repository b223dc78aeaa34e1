import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import { handle } from 'i18next-http-middleware';
import './context.ts';
import { csrfProtection } from './csrf.ts';
import type { AppDeps } from './deps.ts';
import { errorHandler, notFound } from './errors.ts';
import { createI18n } from './i18n.ts';
import { multipartForms } from './multipart.ts';
import { requestLog } from './request-log.ts';
import { ROUTE_MODULES } from './routes/index.ts';
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
 * Order matters: logging and headers first, health and static files before sessions (no cookies there), then bodies,
 * session, i18n, CSRF, the route modules, 404 and the error middleware.
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

  app.use(express.urlencoded({ extended: false, limit: bodyLimit }));
  app.use(express.json({ limit: bodyLimit }));
  app.use(multipartForms());
  app.use(sessionMiddleware(deps.auth, secret));
  app.use(handle(i18n));
  app.use(csrfProtection());
  for (const module of ROUTE_MODULES) app.use(module.path, module.router(deps));
  app.use(notFound());
  app.use(errorHandler(deps.logger, i18n));
  return app;
}
