import { z } from 'zod';
import { ValidationError } from '../core/errors.ts';
import type { InputIssue } from './error-messages.ts';

/**
 * The `cursor` of every paged listing, the API's and the staff pages' alike: one home for how a cursor the listing did
 * not hand out is told. Its form is checked at the edge (cursorField); whether it names a place in the listing only
 * the service can say, with a ValidationError of reason `cursor.foreign` (core/opaque-cursor.ts, services/queue-cursor.ts,
 * services/status-page.ts, api/pagination.ts). Both become one issue on `query.cursor` that says what is wrong and to
 * start from the first page, and an HTML page links to that first page (errors.ts).
 */

/** The text of every cursor a listing makes: base64url (core/opaque-cursor.ts), at most this long. */
const CURSOR_TEXT = /^[A-Za-z0-9_-]{1,400}$/;

/** A `cursor` query field: the `next` of a previous page; anything that cannot be one is refused as a cursor issue. */
export function cursorField() {
  return z
    .string()
    .superRefine((value, ctx) => {
      if (!CURSOR_TEXT.test(value))
        ctx.addIssue({ code: 'custom', message: 'not a cursor this listing made', params: { reason: 'cursor' } });
    })
    .describe('The `next` cursor of the previous page, as it was handed out');
}

/** The issue of a cursor a listing refused, on `query.cursor`. */
export const CURSOR_ISSUE: InputIssue = { field: 'cursor', path: 'query.cursor', kind: 'cursor', params: {} };

/** Whether `error` is a service's refusal of a cursor it did not make. */
export function isCursorRefusal(error: unknown): error is ValidationError {
  return error instanceof ValidationError && error.reason === 'cursor.foreign';
}

/** The address of the listing's first page: `originalUrl` without its cursor, the other filters kept. */
export function firstPageUrl(originalUrl: string): string {
  const url = new URL(originalUrl, 'http://x');
  url.searchParams.delete('cursor');
  return `${url.pathname}${url.search}`;
}
