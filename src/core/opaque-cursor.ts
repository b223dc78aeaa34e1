import type { z } from 'zod';

/**
 * The text of the opaque cursors that paged listings hand out (`tandem status`, the API's listings, the review queue):
 * base64url of a small JSON object, so clients pass them back untouched and never build one. Each listing owns the
 * fields of its payload (its zod schema) and the error it reports for a cursor it did not make.
 */

/** Longest cursor text read; every payload a listing makes is far shorter, so a longer one is refused unread. */
const MAX_CURSOR_CHARS = 400;
const CURSOR_TEXT = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_CURSOR_CHARS}}$`);

/** The cursor text of `payload` (a plain JSON-serialisable object). */
export function encodeOpaqueCursor(payload: object): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/**
 * The payload `raw` stands for when it is base64url (1–400 characters) of JSON that `schema` accepts; null for
 * anything else (wrong characters, too long, not JSON, a payload of another shape). Never throws.
 */
export function decodeOpaqueCursor<T>(raw: string, schema: z.ZodType<T>): T | null {
  let json: unknown;
  try {
    json = CURSOR_TEXT.test(raw) ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
