import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { escapeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import type { RowView, SegmentRow } from './page.ts';
import { segmentRow, segmentRowParts, softLock } from './segment-row.ts';

/**
 * Drawn review rows, kept so that a row whose inputs did not change costs a lookup: drawing a row (its forms, checks,
 * memory matches, history, each label through i18next) was most of the review page's time, and a page is mostly
 * reloaded unchanged (after a save, only the saved row differs).
 *
 * A row is keyed by everything it shows: the UI language, the row-level fields of the page (RowView, each one listed
 * in VIEW_KEY) and the whole row but its editors, serialized (segment, translation with its comments and stored check
 * results, next segment, offers for this user, memory matches, glossary hits, history, check statuses). A change to
 * any of them is a new key; old keys age out of the LRU. Two parts are filled in per request instead: the CSRF token
 * (drawn as a random hole and joined back) and the soft locks (who has the segment open now, `softLock`). A row the
 * page's refusal points at (it shows the typed text) is drawn afresh. One cache per app: the check registry and the
 * i18next resources behind `describeCheck` and `t` belong to the app.
 */

/** Most memory the drawn rows and their keys may take, in bytes (2 per UTF-16 code unit): about 1,500 rows. */
export const ROW_CACHE_BYTES = 32 * 1024 * 1024;

interface DrawnRow {
  /** The markup before the soft locks as UTF-8, split at the CSRF token. */
  readonly before: readonly Buffer[];
  /** The markup after them as UTF-8, split at the CSRF token. */
  readonly after: readonly Buffer[];
  readonly bytes: number;
}

/**
 * How the key takes each field of RowView. The mapped type makes a field added to RowView a compile error here until
 * it says how the key covers it.
 */
const VIEW_KEY: { readonly [K in keyof Required<RowView>]: (view: RowView) => unknown } = {
  slug: (v) => v.slug,
  locale: (v) => v.locale,
  sourceLocale: (v) => v.sourceLocale,
  canEdit: (v) => v.canEdit,
  canReview: (v) => v.canReview,
  canComment: (v) => v.canComment,
  // A row shows only whether machine translation is on (the "translate again" button), not the banner's sentence.
  mt: (v) => v.mt?.state ?? null,
  // A row the alert concerns is never cached (RowCache.row), and other rows do not show it.
  alert: () => null,
  // A function of the UI language (in the key) and the app's check registry (one cache per app).
  describeCheck: () => null,
};
const VIEW_FIELDS = Object.keys(VIEW_KEY) as (keyof RowView)[];

/**
 * JSON of the objects rows are made of, by identity. Rows are built from stored records, which are never changed in
 * place (ArticleStore.peek), memory matches and the like, all readonly: the same object always serializes the same,
 * so a page view serializes only what is new since the last one (a record rewritten by a save is new objects with
 * mostly the same JSON, so its unchanged rows still hit).
 */
const serialized = new WeakMap<object, string>();

function json(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  let text = serialized.get(value);
  if (text === undefined) serialized.set(value, (text = JSON.stringify(value)));
  return text;
}

/**
 * The cache key of `row` drawn in `lng` on `view`: every input of segmentRowParts, as JSON (the row's fields by name,
 * each array element and object through `json`), the same text JSON.stringify would give the row.
 */
export function rowKey(lng: string, view: RowView, row: SegmentRow): string {
  const { editors: _live, ...shown } = row;
  const fields: string[] = [];
  for (const [name, value] of Object.entries(shown)) {
    if (value === undefined) continue;
    fields.push(`${JSON.stringify(name)}:${Array.isArray(value) ? `[${value.map(json).join(',')}]` : json(value)}`);
  }
  return `[${JSON.stringify(lng)},${JSON.stringify(VIEW_FIELDS.map((field) => VIEW_KEY[field](view)))},{${fields.join(',')}}]`;
}

/** `markup` split at `hole`, each piece as UTF-8. */
function pieces(markup: string, hole: string): Buffer[] {
  return markup.split(hole).map((piece) => Buffer.from(piece));
}

export class RowCache {
  readonly #rows: LRUCache<string, DrawnRow>;
  /** Drawn in place of the CSRF token: random, so no text a person typed can hold it. */
  readonly #hole = `csrf-${randomUUID()}`;
  /** The soft-lock part of a row nobody else has open, the usual case. */
  #noLock: Buffer | null = null;
  #hits = 0;
  #misses = 0;

  constructor(maxBytes: number = ROW_CACHE_BYTES) {
    this.#rows = new LRUCache<string, DrawnRow>({ maxSize: maxBytes, sizeCalculation: (drawn, key) => 2 * key.length + drawn.bytes });
  }

  /**
   * Append `row` as segment-row.ts `segmentRow` draws it for `ctx` on `view`, as UTF-8 pieces, to `out`: from the
   * cache when its inputs are unchanged. Pieces are shared between requests and must not be written to.
   */
  draw(ctx: PageContext, view: RowView, row: SegmentRow, out: Buffer[]): void {
    if (view.alert?.segmentId === row.segment.id && view.alert.text !== undefined) {
      out.push(Buffer.from(segmentRow(ctx, view, row).toString()));
      return;
    }
    const key = rowKey(ctx.lng, view, row);
    let drawn = this.#rows.get(key);
    if (drawn) this.#hits += 1;
    else {
      this.#misses += 1;
      const parts = segmentRowParts({ ...ctx, csrfToken: this.#hole }, view, row);
      const before = pieces(parts.before.toString(), this.#hole);
      const after = pieces(parts.after.toString(), this.#hole);
      drawn = { before, after, bytes: [...before, ...after].reduce((sum, b) => sum + b.length, 0) };
      this.#rows.set(key, drawn);
    }
    // The token goes where csrfField put it, escaped as csrfField escapes it.
    const token = Buffer.from(escapeHtml(ctx.csrfToken));
    const join = (list: readonly Buffer[]) => {
      list.forEach((piece, i) => {
        if (i > 0) out.push(token);
        out.push(piece);
      });
    };
    join(drawn.before);
    out.push(
      row.editors.length === 0
        ? (this.#noLock ??= Buffer.from(softLock(ctx, []).toString()))
        : Buffer.from(softLock(ctx, row.editors).toString()),
    );
    join(drawn.after);
  }

  /** Rows served from the cache and rows drawn, since the cache was made. */
  get stats(): { readonly hits: number; readonly misses: number; readonly rows: number } {
    return { hits: this.#hits, misses: this.#misses, rows: this.#rows.size };
  }
}
