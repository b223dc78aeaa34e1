import { html, type SafeHtml } from '../html.ts';
import { CSRF_FIELD } from '../csrf.ts';
import type { PageContext } from '../render.ts';

/** The hidden CSRF field every `<form method="post">` must contain. */
export function csrfField(ctx: Pick<PageContext, 'csrfToken'>): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrfToken}">`;
}
