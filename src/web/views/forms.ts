import { html, type SafeHtml } from '../html.ts';
import { CSRF_FIELD } from '../csrf.ts';
import type { PageContext } from '../render.ts';

/** The hidden CSRF field every `<form method="post">` must contain. */
export function csrfField(ctx: Pick<PageContext, 'csrfToken'>): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrfToken}">`;
}

/**
 * The action URL of a `<form method="post" enctype="multipart/form-data">`: `path` with the CSRF token in its query
 * string, so the token is checked before a byte of the uploaded file is read (multipart.ts).
 */
export function uploadAction(ctx: Pick<PageContext, 'csrfToken'>, path: string): string {
  return `${path}?${CSRF_FIELD}=${encodeURIComponent(ctx.csrfToken)}`;
}
