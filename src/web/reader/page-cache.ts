import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Reader pages and feeds are revalidated on every use (`no-cache`): an embargo, an expiry or an unpublish takes effect
 * at once, and an unchanged page costs a 304. No page carries a nonce or anything per request (the CSP allows `'self'`
 * only), so a stored copy is the same bytes every reader gets.
 */
export const READER_PAGE_CACHE_CONTROL = 'public, no-cache';
export const READER_FEED_CACHE_CONTROL = 'public, max-age=300';
const MAX_PAGES = 256;

/**
 * Strong validators and the rendered text of reader pages, keyed by what a page is built from rather than by its bytes.
 * The key hashes a JSON view model (the service's answer: version numbers, texts, release times) with the page kind and
 * locale and a per-process salt: the templates, strings and configuration are fixed for the life of a process, and a
 * restart (a new build) must not answer 304 for a page it would render differently.
 */
export class ReaderPageCache {
  readonly #salt = randomBytes(12).toString('base64url');
  readonly #pages = new Map<string, Buffer>();

  /** The strong ETag (quoted) of a page of `kind` in `locale` built from `model`. */
  etag(kind: string, locale: string, model: unknown): string {
    const hash = createHash('sha256').update(this.#salt).update(`\u0000${kind}\u0000${locale}\u0000`).update(JSON.stringify(model));
    return `"${hash.digest('base64url').slice(0, 32)}"`;
  }

  /**
   * Set `ETag` and `Cache-Control`; when the request's `If-None-Match` names the ETag, answer 304 and resolve true
   * (the caller sends nothing more). Otherwise false: the caller renders, best through `rendered`.
   */
  notModified(req: Request, res: Response, etag: string, cacheControl: string): boolean {
    res.set('ETag', etag).set('Cache-Control', cacheControl);
    if (!req.fresh) return false;
    res.status(304).end();
    return true;
  }

  /** The bytes (UTF-8) of the page with `etag`, rendered once by `render` and then kept (least recently used dropped). */
  rendered(etag: string, render: () => string): Buffer {
    const found = this.#pages.get(etag);
    if (found !== undefined) {
      this.#pages.delete(etag);
      this.#pages.set(etag, found);
      return found;
    }
    // Kept encoded: sending a string re-encodes it on every answer.
    const bytes = Buffer.from(render(), 'utf8');
    this.#pages.set(etag, bytes);
    if (this.#pages.size > MAX_PAGES) this.#pages.delete(this.#pages.keys().next().value as string);
    return bytes;
  }
}
