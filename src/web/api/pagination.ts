import { z } from 'zod';
import { ValidationError } from '../../core/errors.ts';
import { decodeOpaqueCursor, encodeOpaqueCursor } from '../../core/opaque-cursor.ts';

/**
 * Cursors over listings whose service pages by number (the articles list, services/article-list.ts): the cursor is the
 * opaque base64url of the next page's number and size, so clients never build one and the paging may change behind
 * it. Listings with a keyed cursor of their own (the review queue, services/queue-cursor.ts) pass that one through.
 */

const Payload = z.object({ p: z.number().int().min(1).max(100_000), n: z.number().int().min(1).max(100) }).strict();

export function encodePageCursor(page: number, size: number): string {
  return encodeOpaqueCursor({ p: page, n: size });
}

/** The page and size `raw` stands for; ValidationError when no listing of this API made it. */
export function decodePageCursor(raw: string): { readonly page: number; readonly size: number } {
  const payload = decodeOpaqueCursor(raw, Payload);
  if (!payload)
    throw new ValidationError('api: the cursor is not one this listing made; start from the first page', ['query.cursor'], {
      reason: 'cursor.foreign',
    });
  return { page: payload.p, size: payload.n };
}

/** A `Link: <…>; rel="next"` header for the next page of `path`'s listing, or none. */
export function nextLink(originalUrl: string, next: string | null): Record<string, string> {
  if (!next) return {};
  const url = new URL(originalUrl, 'http://x');
  url.searchParams.set('cursor', next);
  return { Link: `<${url.pathname}${url.search}>; rel="next"` };
}
