import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';

/** A refused form, already translated: the sentence, and one line per problem (a file's lines). */
export interface FormRefusal {
  readonly message: string;
  readonly problems?: readonly string[];
}

/** The notice of the last action (after its redirect) and the refusal of the form just sent, above a page's body. */
export function messages(notice: string | undefined, refusal: FormRefusal | undefined): SafeHtml {
  return html`${notice ? html`<p class="message notice" role="status">${notice}</p>` : ''}${
    refusal
      ? html`<div class="message error" role="alert"><p>${refusal.message}</p>${
          refusal.problems?.length ? html`<ul>${refusal.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''
        }</div>`
      : ''
  }`;
}

/** Previous and next links over a list's pages; `href(page)` keeps the list's query. */
export function pager(ctx: PageContext, page: number, pages: number, href: (page: number) => string): SafeHtml | '' {
  if (pages <= 1) return '';
  return html`<nav class="pagination" aria-label="${ctx.t('admin:pages')}">
    ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">${ctx.t('admin:previous')}</a>` : ''}
    <span>${ctx.t('admin:pageOf', { page, pages })}</span>
    ${page < pages ? html`<a href="${href(page + 1)}" rel="next">${ctx.t('admin:next')}</a>` : ''}
  </nav>`;
}

/** A query string of the defined, non-empty values, `?` included; '' when there are none. */
export function query(values: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
