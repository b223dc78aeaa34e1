import { z } from 'zod';
import { ValidationError } from '../core/errors.ts';
import type { Locale } from '../core/locale.ts';
import { isSlug, type Slug } from '../core/slug.ts';

/**
 * Where a queue page starts: the (article, locale) group it stops in, that group's `oldest` when the page was made,
 * and how many of the group's items the pages before showed. The queue is ordered by group, so a cursor is a key:
 * groups after it come next whatever was approved in between.
 */
export interface QueueCursor {
  readonly slug: Slug;
  readonly locale: Locale;
  /** ISO 8601 UTC. */
  readonly oldest: string;
  /** Items of the group already shown. */
  readonly skip: number;
}

const Payload = z
  .object({
    s: z.string().max(200).refine(isSlug),
    l: z.string().min(1).max(35),
    t: z.iso.datetime({ offset: true }),
    i: z.number().int().min(0).max(1_000_000),
  })
  .strict();

/** The opaque text of a cursor (base64url of a small JSON object). */
export function encodeQueueCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.slug, l: cursor.locale, t: cursor.oldest, i: cursor.skip })).toString('base64url');
}

/**
 * The cursor `raw` stands for. ValidationError when it is not one `encodeQueueCursor` made or names a locale not in
 * `locales` (the queue's locales).
 */
export function decodeQueueCursor(raw: string, locales: readonly Locale[]): QueueCursor {
  let json: unknown;
  try {
    if (raw.length > 400 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error('not base64url');
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = Payload.safeParse(json);
  if (!parsed.success || !locales.includes(parsed.data.l)) {
    throw new ValidationError('queue: the page cursor is not one this queue made; open the queue from its first page', ['query.cursor']);
  }
  return { slug: parsed.data.s as Slug, locale: parsed.data.l, oldest: parsed.data.t, skip: parsed.data.i };
}
