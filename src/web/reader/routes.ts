import { readFileSync } from 'node:fs';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Locale } from '../../core/locale.ts';
import type { ReaderService } from '../../services/reader.ts';
import type { AppDeps } from '../deps.ts';
import type { RouteModule } from '../routes/index.ts';
import { rssFeed } from './feed.ts';
import { READER_FEED_CACHE_CONTROL, READER_PAGE_CACHE_CONTROL, ReaderPageCache } from './page-cache.ts';
import { readerConfigOf, readerSite, type ReaderRouterConfig } from './reader-context.ts';
import { READER_LANGUAGE_COOKIE, type ReaderI18n } from './reader-i18n.ts';
import { redirectKeepingQuery } from './redirect.ts';
import { articleView, listPath, listView, notFoundView, unavailableView, type ReaderContext } from './views.ts';

const STYLESHEET = readFileSync(new URL('./reader.css', import.meta.url), 'utf8');
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

export { DEFAULT_PUBLIC_URL, type ReaderRouterConfig } from './reader-context.ts';

/**
 * The public reader site: `/` sends readers to their language, `/:locale/` lists, `/:locale/articles/:slug` reads,
 * `/:locale/feed.xml` syndicates. Paths whose first segment is not a site language fall through to other routes, and
 * so does `/` for signed-in staff (their desk lives there).
 *
 * Unlike the API and the staff pages (query-input.ts), these pages take any query parameter and read only `lng`:
 * readers arrive from social media and newsletters with `utm_*`, `fbclid` and the like, and a 400 there would lose
 * the reader. The page cache keys on what a page is built from, not its address, so a tag does not split it.
 */
export function readerRouter(reader: ReaderService, config: ReaderRouterConfig = {}): express.Router {
  const { i18n, contextFor } = readerSite(reader, config);
  const pages = new ReaderPageCache();
  const router = express.Router();
  router.get('/reader-assets/reader.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(STYLESHEET);
  });
  router.get('/', getReaderRoot(i18n));
  // Express matches `/en` and `/en/` alike; the list lives at `/en/` only.
  router.get('/:locale/', withLocale(reader, getArticleList(reader, contextFor, pages)));
  router.get('/:locale/feed.xml', withLocale(reader, getFeed(reader, contextFor, pages)));
  router.get('/:locale/articles/:slug', withLocale(reader, getArticle(reader, contextFor, pages)));
  return router;
}

/** Registered in routes/index.ts; without a reader service every path falls through. */
export const readerRoutes = {
  path: '/',
  router: (deps: AppDeps) => {
    if (!deps.reader) return express.Router();
    return readerRouter(deps.reader, readerConfigOf(deps));
  },
} satisfies RouteModule;

type ContextFor = (locale: Locale) => ReaderContext;
type LocaleHandler = (req: Request, res: Response, locale: Locale) => void | Promise<void>;

/**
 * Runs `handler` only when the first path segment is a site language, in its canonical spelling. A language switch
 * (`?lng=<this language>`, views.ts `switchPath`) remembers the choice in the cookie, then shows the clean address.
 */
function withLocale(reader: ReaderService, handler: LocaleHandler): RequestHandler {
  return async (req, res, next) => {
    const raw = String(req.params.locale ?? '');
    const locale = reader.localeOf(raw);
    if (!locale) return next();
    if (raw !== locale) {
      // `/zh-hans/…` and `/EN/…` have one canonical address.
      return redirectKeepingQuery(req, res, 301, `/${locale}${req.path.slice(raw.length + 1)}`);
    }
    const chosen = req.query.lng;
    if (chosen !== undefined) {
      if (typeof chosen === 'string' && reader.localeOf(chosen) === locale) {
        res.cookie(READER_LANGUAGE_COOKIE, locale, { sameSite: 'lax', secure: req.secure, path: '/', maxAge: ONE_YEAR_MS, httpOnly: true });
      }
      // Other parameters (tracking tags) are kept: only the choice is consumed.
      return redirectKeepingQuery(req, res.set('Cache-Control', 'no-store'), 303, req.path, ['lng']);
    }
    // Every answer below is in the path's language, its error pages too (error-page.ts sets the same).
    res.setHeader('Content-Language', locale);
    await handler(req, res, locale);
  };
}

/** A page that is not there (yet): revalidated on every use, since an embargo lifting or a publish brings it. */
function sendMissing(res: Response, body: { toString(): string }): void {
  res.status(404).type('html').set('Cache-Control', 'no-cache').send(body.toString());
}

/** A page that does not depend on the cookie or Accept-Language (the path names its language): one copy for every reader. */
function sendPage(req: Request, res: Response, pages: ReaderPageCache, etag: string, render: () => { toString(): string }): void {
  if (pages.notModified(req, res, etag, READER_PAGE_CACHE_CONTROL)) return;
  res
    .status(200)
    .type('html')
    .send(pages.rendered(etag, () => render().toString()));
}

function getReaderRoot(i18n: ReaderI18n): RequestHandler {
  return (req, res, next) => {
    if (res.locals.user) return next();
    const locale = i18n.detect(req, res);
    redirectKeepingQuery(req, res.set('Vary', 'Cookie, Accept-Language').set('Cache-Control', 'no-store'), 302, listPath(locale));
  };
}

function getArticleList(reader: ReaderService, contextFor: ContextFor, pages: ReaderPageCache): LocaleHandler {
  return async (req, res, locale) => {
    if (!req.path.endsWith('/')) return redirectKeepingQuery(req, res, 301, listPath(locale));
    const items = await reader.list(locale);
    sendPage(req, res, pages, pages.etag('list', locale, items), () => listView(contextFor(locale), items, reader.sourceLocale));
  };
}

function getFeed(reader: ReaderService, contextFor: ContextFor, pages: ReaderPageCache): LocaleHandler {
  return async (req, res, locale) => {
    const items = await reader.list(locale, 30);
    const etag = pages.etag('feed', locale, items);
    if (pages.notModified(req, res, etag, READER_FEED_CACHE_CONTROL)) return;
    res.type('application/rss+xml; charset=utf-8').send(pages.rendered(etag, () => rssFeed(contextFor(locale), items)));
  };
}

function getArticle(reader: ReaderService, contextFor: ContextFor, pages: ReaderPageCache): LocaleHandler {
  return async (req, res, locale) => {
    const slug = String(req.params.slug ?? '');
    const page = await reader.article(locale, slug);
    if (!page) return sendMissing(res, notFoundView(contextFor(locale)));
    if (page.kind === 'unavailable') return sendMissing(res, unavailableView(contextFor(locale), page));
    sendPage(req, res, pages, pages.etag('article', locale, page), () => articleView(contextFor(locale), page));
  };
}
