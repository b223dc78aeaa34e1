import type { Locale } from '../../core/locale.ts';
import type { ReaderService } from '../../services/reader.ts';
import { html, type SafeHtml } from '../html.ts';
import { readerSite, type ReaderRouterConfig } from './reader-context.ts';
import { listPath, notFoundView, readerLayout, type ReaderContext } from './views.ts';

/**
 * The error pages of the reader site. A request whose path starts with a site language (`/ja/…`, `/zh-hans/…` in any
 * case) is a reader's, whatever failed (an address no route answers, a malformed path, the database gone, a bug): its
 * error page is in that language, in the reader's layout, with the reader's strings (`reader:errors.*`, shipped in
 * every reader language), never the staff UI's, which speaks Korean and English only and would pick by cookie or
 * Accept-Language. Staff paths keep the staff UI's page (errors.ts).
 */
export interface ReaderErrorPages {
  /** The site language a request path starts with, in its canonical spelling, or null when it is no reader path. */
  localeOf(path: string): Locale | null;
  /** A whole HTML page for `status` in `locale`: what went wrong, in a sentence, and the way back to the list. */
  render(locale: Locale, status: number): string;
}

/** The reader's sentence for a status: `reader:errors.<status>`, else `reader:errors.default`. */
function errorBody(ctx: ReaderContext, status: number): SafeHtml {
  const { t, locale } = ctx;
  return html`<section class="not-found error-page"><h1>${t([`reader:errors.${status}.title`, 'reader:errors.default.title'])}</h1>
<p>${t([`reader:errors.${status}.body`, 'reader:errors.default.body'])}</p>
<p><a href="${listPath(locale)}">${t('reader:notFound.back')}</a></p></section>`;
}

/** Build the reader site's error pages (one i18next instance for them, made here once). */
export function readerErrorPages(reader: ReaderService, config: ReaderRouterConfig = {}): ReaderErrorPages {
  const { contextFor } = readerSite(reader, config);
  return {
    localeOf: (path) => reader.localeOf(path.split('/')[1] ?? ''),
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
