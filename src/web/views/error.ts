import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../render.ts';

export interface ErrorView {
  readonly status: number;
  /** Already translated or safe-to-show detail; escaped like any text. */
  readonly detail?: string;
  readonly details?: readonly string[];
}

export function errorView(ctx: PageContext, view: ErrorView): SafeHtml {
  return html`<div class="error-page">
    <p>${ctx.t([`common:errors.explain.${view.status}`, 'common:errors.explain.default'])}</p>
    ${view.detail ? html`<p class="message error"><code>${view.detail}</code></p>` : ''}
    ${view.details && view.details.length > 0 ? html`<ul class="error-details">${view.details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}
    <p><a href="/">${ctx.t('common:errors.home')}</a></p>
  </div>`;
}
