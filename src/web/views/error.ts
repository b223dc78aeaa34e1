import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../render.ts';
import { statusSentence } from '../error-messages.ts';

export interface ErrorView {
  readonly status: number;
  /** The translated sentence for the error's message code, when it has one (error-messages.ts). */
  readonly detail?: string | undefined;
  /** One translated sentence per invalid field. */
  readonly issues?: readonly string[];
  /** After a refused form post: the page the form was on. */
  readonly back?: string | undefined;
  /** After a listing's cursor was refused: the listing's first page, its filters kept (cursor-input.ts). */
  readonly firstPage?: string | undefined;
}

/** An error page's body: what the status means, what exactly was refused, and the ways on. Never a developer message. */
export function errorView(ctx: PageContext, view: ErrorView): SafeHtml {
  return html`<div class="error-page">
    <p>${statusSentence(view.status, ctx.t, Boolean(view.detail) || (view.issues?.length ?? 0) > 0)}</p>
    ${view.detail ? html`<p class="message error">${view.detail}</p>` : ''}
    ${view.issues && view.issues.length > 0 ? html`<ul class="error-details">${view.issues.map((d) => html`<li>${d}</li>`)}</ul>` : ''}
    ${view.firstPage ? html`<p><a href="${view.firstPage}">${ctx.t('errors:firstPage')}</a></p>` : ''}
    <p>${view.back && view.back !== '/' ? html`<a href="${view.back}">${ctx.t('errors:back')}</a> · ` : ''}<a href="/">${ctx.t('common:errors.home')}</a></p>
  </div>`;
}
