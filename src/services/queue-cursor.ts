import { z } from 'zod';
import { ValidationError } from '../core/errors.ts';
import type { Locale } from '../core/locale.ts';
import { decodeOpaqueCursor, encodeOpaqueCursor } from '../core/opaque-cursor.ts';
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

/** The opaque text of a cursor (core/opaque-cursor.ts). */
export function encodeQueueCursor(cursor: QueueCursor): string {
  return encodeOpaqueCursor({ s: cursor.slug, l: cursor.locale, t: cursor.oldest, i: cursor.skip });
}

/**
 * The cursor `raw` stands for. ValidationError when it is not one `encodeQueueCursor` made or names a locale not in
 * `locales` (the queue's locales).
 */
export function decodeQueueCursor(raw: string, locales: readonly Locale[]): QueueCursor {
  const payload = decodeOpaqueCursor(raw, Payload);
  if (!payload || !locales.includes(payload.l)) {
    throw new ValidationError('queue: the page cursor is not one this queue made; open the queue from its first page', ['query.cursor'], {
      reason: 'cursor.foreign',
    });
  }
  return { slug: payload.s as Slug, locale: payload.l, oldest: payload.t, skip: payload.i };
}
