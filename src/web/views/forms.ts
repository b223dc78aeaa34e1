import { html, type SafeHtml } from '../html.ts';
import { CSRF_FIELD } from '../csrf.ts';
import type { PageContext } from '../render.ts';
import { formatSize } from '../../core/limits.ts';

/** The hidden CSRF field every `<form method="post">` must contain. */
export function csrfField(ctx: Pick<PageContext, 'csrfToken'>): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrfToken}">`;
}

/**
 * The action URL of a `<form method="post" enctype="multipart/form-data">`: `path` with the CSRF token in its query
 * string, so the token is checked before a byte of the uploaded file is read (multipart.ts).
 */
export function uploadAction(ctx: Pick<PageContext, 'csrfToken'>, path: string, extra: Readonly<Record<string, string>> = {}): string {
  return `${path}?${new URLSearchParams({ [CSRF_FIELD]: ctx.csrfToken, ...extra })}`;
}

/**
 * Attributes of an `<input type="file">` whose form is refused over `maxBytes`: app.js then refuses a larger file
 * before sending, beside the input, so nothing typed in the form is lost (the server still refuses it unread).
 */
export function fileLimit(ctx: Pick<PageContext, 't'>, maxBytes: number): SafeHtml {
  const sentence = ctx.t('errors:reasons.upload.too-large', { max: formatSize(maxBytes) });
  return html` data-max-bytes="${String(maxBytes)}" data-too-large="${sentence}"`;
}
