import type { Request, Response } from 'express';
import { isLanguageTag, type Locale } from '../../core/locale.ts';
import type { ReaderService } from '../../services/reader.ts';
import { html, type SafeHtml } from '../html.ts';
import { readerSite, type ReaderRouterConfig } from './reader-context.ts';
import { listPath, notFoundView, readerLayout, type ReaderContext } from './views.ts';

/**
 * The error pages of the reader site. A request whose path starts with a site language (`/ja/…`, `/zh-hans/…` in any
 * case) is a reader's, whatever failed (an address no route answers, a malformed path, the database gone, a bug): its
 * error page is in that language, in the reader's layout, with the reader's strings (`reader:errors.*`, shipped in
 * every reader language), never the staff UI's, which speaks Korean and English only and would pick by cookie or
 * Accept-Language. An article or feed address in a language the site does not offer (`/fr/articles/<slug>`, a link
 * from before a language was dropped) is a reader's too: its 404 is in the language the reader site would send them
 * to from `/` (the `lng` cookie, Accept-Language, the source language). Staff paths keep the staff UI's page (errors.ts).
 */
export interface ReaderErrorPages {
  /**
   * The language of the reader's error page for a request that failed with `status`: the site language its path
   * starts with, in its canonical spelling; for a 404 at a reader address in another language, the reader's own
   * (detected as for `/`); null when it is no reader's request.
   */
  localeOf(req: Request, res: Response, status: number): Locale | null;
  /** A whole HTML page for `status` in `locale`: what went wrong, in a sentence, and the way back to the list. */
  render(locale: Locale, status: number): string;
}

/**
 * The shapes of a reader page's address whatever its language (`/<tag>/articles/<slug>`, `/<tag>/feed.xml`); staff
 * pages never have them. `/<tag>/` alone is left out: a staff area such as `/mt/` would read as a language (Maltese).
 */
const READER_ADDRESS = /^\/([^/]+)\/(?:articles\/[^/]+|feed\.xml)$/;

/** The reader's sentence for a status: `reader:errors.<status>`, else `reader:errors.default`. */
function errorBody(ctx: ReaderContext, status: number): SafeHtml {
  const { t, locale } = ctx;
  return html`<section class="not-found error-page"><h1>${t([`reader:errors.${status}.title`, 'reader:errors.default.title'])}</h1>
<p>${t([`reader:errors.${status}.body`, 'reader:errors.default.body'])}</p>
<p><a href="${listPath(locale)}">${t('reader:notFound.back')}</a></p></section>`;
}

/** Build the reader site's error pages (one i18next instance for them, made here once). */
export function readerErrorPages(reader: ReaderService, config: ReaderRouterConfig = {}): ReaderErrorPages {
  const { i18n, contextFor } = readerSite(reader, config);
  return {
    localeOf: (req, res, status) => {
      const found = reader.localeOf(req.path.split('/')[1] ?? '');
      if (found || status !== 404) return found;
      const tag = READER_ADDRESS.exec(req.path)?.[1];
      return tag !== undefined && isLanguageTag(tag) ? i18n.detect(req, res) : null;
    },
    render: (locale, status) => {
      const ctx = contextFor(locale);
      // A 404 reads as the reader's own "no article here" page, the one an unknown slug gets.
      if (status === 404) return notFoundView(ctx).toString();
      const { t } = ctx;
      return readerLayout(ctx, {
        title: t([`reader:errors.${status}.title`, 'reader:errors.default.title']),
        head: html`<meta name="robots" content="noindex">`,
        body: errorBody(ctx, status),
      }).toString();
    },
  };
}
