import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';

/** Which window of a long article's segments one review page shows (see REVIEW_PAGE_SEGMENTS). */
export interface ReviewWindow {
  /** 1-based page shown. */
  readonly page: number;
  readonly pageCount: number;
  /** Segments shown per page. */
  readonly size: number;
  /** Live segments in the article. */
  readonly total: number;
  /** The review page's own path (`/review/<slug>/<locale>`), to which `?page=` is added. */
  readonly path: string;
}

/**
 * Links to the other windows of a long article, labelled by the segment numbers they hold (`101–200`); nothing when
 * the article fits on one page.
 */
export function reviewPager(ctx: PageContext, w: ReviewWindow): SafeHtml | '' {
  if (w.pageCount <= 1) return '';
  const first = (page: number) => (page - 1) * w.size + 1;
  const last = (page: number) => Math.min(page * w.size, w.total);
  const href = (page: number) => `${w.path}?page=${page}`;
  const pages = Array.from({ length: w.pageCount }, (_, i) => i + 1);
  return html`<nav class="review-pager" aria-label="${ctx.t('review:pager.label')}">
    <p class="hint">${ctx.t('review:pager.range', { first: first(w.page), last: last(w.page), total: w.total })}</p>
    <ul>
      ${w.page > 1 ? html`<li><a href="${href(w.page - 1)}" rel="prev">${ctx.t('review:pager.previous')}</a></li>` : ''}
      ${pages.map(
        (page) =>
          html`<li><a href="${href(page)}"${page === w.page ? html` aria-current="page"` : ''}>${first(page)}–${last(page)}</a></li>`,
      )}
      ${w.page < w.pageCount ? html`<li><a href="${href(w.page + 1)}" rel="next">${ctx.t('review:pager.next')}</a></li>` : ''}
    </ul>
  </nav>`;
}
