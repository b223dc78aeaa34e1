import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import './context.ts';
import { apiRouter } from './api/index.ts';
import type { AppDeps } from './deps.ts';
import { errorHandler, notFound } from './errors.ts';
import { createI18n, i18nMiddleware } from './i18n.ts';
import { setBodyLimit } from './request-body.ts';
import { setInstallationLocales } from './validate.ts';
import { DEFAULT_SOURCE_LOCALE, DEFAULT_TARGET_LOCALES } from '../core/locale.ts';
import { requestLog } from './request-log.ts';
import { readerErrorPages } from './reader/error-page.ts';
import { readerConfigOf } from './reader/reader-context.ts';
import { ROUTE_MODULES, SITE_MODULES } from './routes/index.ts';
import { sessionMiddleware } from './session.ts';

export type { AppDeps, WebConfig } from './deps.ts';

const DEFAULT_PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
const STARTED_AT = new Date().toISOString();
/** Helmet sets no Permissions-Policy; Tandem uses none of these features, so no page (or injected frame) gets them. */
/**
 * The headers a middleware that sets the same ones on every response (helmet) sets, as name and value pairs, found by
 * running it once on a stand-in response. Throws when it does not call `next` synchronously or calls it with an error.
 */
export function fixedHeaders(middleware: RequestHandler): [string, string][] {
  const headers: [string, string][] = [];
  const res = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let done = false;
  middleware({} as Request, res as unknown as Response, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('app: the security headers middleware did not finish synchronously');
  return headers;
}

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
  // No automatic weak ETag: Express hashed every page it sent, yet the UI's pages are private and mostly no-store (a
  // browser never revalidates those), and a 304 saves no rendering. Responses that are worth revalidating make their
  // own validator: the reader's pages and feeds (reader/page-cache.ts), the static assets (express.static).
  app.set('etag', false);
  app.use(requestLog(deps.logger));
  // Helmet's headers do not depend on the request: computed once, then set on every response.
  const securityHeaders = fixedHeaders(
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
  securityHeaders.push(['Permissions-Policy', PERMISSIONS_POLICY]);
  app.use((_req, res, next) => {
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok', startedAt: STARTED_AT, uptimeSeconds: Math.round(process.uptime()) });
  });
  app.use('/assets', express.static(config.publicDir ?? DEFAULT_PUBLIC_DIR, { index: false, maxAge: '1h', fallthrough: true }));

  setBodyLimit(app, bodyLimit);
  setInstallationLocales(app, {
    source: config.sourceLocale ?? DEFAULT_SOURCE_LOCALE,
    targets: config.targetLocales ?? DEFAULT_TARGET_LOCALES,
  });
  app.use(sessionMiddleware(deps.auth, secret));
  for (const module of SITE_MODULES) app.use(module.path, module.router(deps));
  app.use(i18nMiddleware(i18n));
  // The JSON API answers problem documents itself, never the HTML error page.
  app.use('/api', apiRouter(deps, i18n));
  for (const module of ROUTE_MODULES) app.use(module.path, module.router(deps));
  app.use(notFound());
  app.use(errorHandler(deps.logger, i18n, deps.reader ? readerErrorPages(deps.reader, readerConfigOf(deps)) : undefined));
  return app;
}
