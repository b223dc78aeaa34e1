import { randomBytes } from 'node:crypto';

const TTL_MS = 10 * 60 * 1000;
const MAX_NOTES = 200;

/**
 * Something a form post must show once on the page it redirects to (post/redirect/get) that cannot travel in the URL,
 * such as a generated password: kept in memory for its owner (a user id) under a random token for ten minutes, and
 * given out once. A reload of the page after that shows the page without it; nothing is re-sent.
 */
export class OneTimeNotes<T> {
  readonly #notes = new Map<string, { readonly owner: string; readonly value: T; readonly expires: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Keep `value` for `owner`; returns the token (43 URL-safe characters) to put in the redirect's query. */
  put(owner: string, value: T): string {
    const now = this.#now();
    for (const [token, note] of this.#notes) if (note.expires <= now) this.#notes.delete(token);
    // A bound keeps a flood of posts from growing the map; the oldest note is dropped first.
    if (this.#notes.size >= MAX_NOTES) this.#notes.delete(this.#notes.keys().next().value as string);
    const token = randomBytes(32).toString('base64url');
    this.#notes.set(token, { owner, value, expires: now + TTL_MS });
    return token;
  }

  /** The value kept under `token` for `owner`, once; undefined when unknown, expired, taken or someone else's. */
  take(owner: string, token: string | undefined): T | undefined {
    if (!token) return undefined;
    const note = this.#notes.get(token);
    if (!note || note.owner !== owner) return undefined;
    this.#notes.delete(token);
    return note.expires > this.#now() ? note.value : undefined;
  }
}
