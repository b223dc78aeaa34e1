import type { ChangeFeed, SoftLockEvent } from '../core/ports/change-feed.ts';

/** Where someone is editing: one segment of one article in one target locale. */
export interface SoftLockRef {
  readonly slug: string;
  readonly locale: string;
  readonly segmentId: string;
}

/** Run `task` once after `ms` milliseconds; returns the function that cancels it. */
export type Schedule = (task: () => void, ms: number) => () => void;

export interface SoftLockConfig {
  /** How long a mark lasts without being renewed, in milliseconds (default DEFAULT_SOFT_LOCK_TTL_MS). */
  readonly ttlMs?: number;
  readonly now?: () => number;
  /** Marks kept at most; the oldest go first (default 10,000). */
  readonly maxEntries?: number;
  /** Where a change of who is typing in a segment is announced (`presence`): a new mark, a release, an expiry. */
  readonly changes?: ChangeFeed;
  /** How expiries are timed (default: an unref'd setTimeout; tests run the task themselves). */
  readonly schedule?: Schedule;
}

export interface SoftLockHolder {
  readonly name: string;
  /** When the mark expires unless renewed (epoch milliseconds). */
  readonly expiresAt: number;
}

/** A typing browser renews its mark every few seconds (public/live.js), so a mark outlives a pause by a little only. */
export const DEFAULT_SOFT_LOCK_TTL_MS = 12_000;

const SEP = '\u0000';
const key = (ref: SoftLockRef) => `${ref.slug}${SEP}${ref.locale}${SEP}${ref.segmentId}`;
const refOf = (k: string): SoftLockRef => {
  const [slug = '', locale = '', segmentId = ''] = k.split(SEP);
  return { slug, locale, segmentId };
};

const defaultSchedule: Schedule = (task, ms) => {
  const timer = setTimeout(task, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * "Being edited by X": advisory marks of who is typing in a segment, renewed while they type and expiring by
 * themselves soon after they stop. They never block a save (optimistic concurrency does the safety); they only warn a
 * second person. Every change of a segment's holders (new mark, release, expiry) is announced on `changes` with the
 * names now holding it (`presence`, for pages).
 *
 * Several instances on one database share their marks through the same feed: every touch (renewals too, so the
 * expiry stays right), release and expiry is also published as a `soft-lock` event, and each instance keeps the marks
 * of the others from those events, silently (the instance where the mark changed announced the presence to every
 * page already). Each instance expires every mark it knows by itself, so a mark outlives no instance that dies; the
 * first to expire it announces it and the others drop it on hearing so. With a feed within one process the events
 * come back to the same locks and change nothing. Kept in memory: a restart forgets them, which costs at most one
 * missed warning.
 */
export class SoftLocks {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #maxEntries: number;
  readonly #changes: ChangeFeed | undefined;
  readonly #schedule: Schedule;
  /** key → user name → expiry. Map order is insertion order, so the first entries are the oldest marks. */
  readonly #marks = new Map<string, Map<string, number>>();
  #timer: { readonly at: number; readonly cancel: () => void } | null = null;

  constructor(config: SoftLockConfig = {}) {
    this.#ttlMs = config.ttlMs ?? DEFAULT_SOFT_LOCK_TTL_MS;
    this.#now = config.now ?? Date.now;
    this.#maxEntries = config.maxEntries ?? 10_000;
    this.#changes = config.changes;
    this.#schedule = config.schedule ?? defaultSchedule;
    // For the life of the process, as the feed itself: the locks are built once per app.
    this.#changes?.subscribe((event) => {
      if (event.type === 'soft-lock') this.#apply(event);
    });
  }

  /** Mark (or renew) `name` as typing in `ref`; announced when they were not holding it already. */
  touch(ref: SoftLockRef, name: string): void {
    this.expire();
    const k = key(ref);
    const isNew = !this.#marks.get(k)?.has(name);
    this.#set(k, name, this.#now() + this.#ttlMs);
    this.#share(ref, name, this.#ttlMs);
    if (isNew) this.#announce(k);
    this.#plan();
  }

  /** `name` stopped typing in `ref` (saved, or left the field); announced when they were holding it. */
  release(ref: SoftLockRef, name: string): void {
    const k = key(ref);
    if (!this.#delete(k, name)) return;
    this.#share(ref, name, null);
    this.#announce(k);
  }

  /** Who else is editing `ref` right now. */
  holders(ref: SoftLockRef, except?: string): SoftLockHolder[] {
    const now = this.#now();
    const found: SoftLockHolder[] = [];
    for (const [name, expiresAt] of this.#marks.get(key(ref)) ?? []) {
      if (expiresAt > now && name !== except) found.push({ name, expiresAt });
    }
    return found;
  }

  /** Live marks on the segments of one article and locale, by segment id, leaving out `except`. */
  forArticle(slug: string, locale: string, except?: string): Map<string, SoftLockHolder[]> {
    const prefix = `${slug}${SEP}${locale}${SEP}`;
    const out = new Map<string, SoftLockHolder[]>();
    for (const k of this.#marks.keys()) {
      if (!k.startsWith(prefix)) continue;
      const holders = this.holders(refOf(k), except);
      if (holders.length > 0) out.set(refOf(k).segmentId, holders);
    }
    return out;
  }

  /** Drop the marks that expired by now and announce each segment whose holders changed (the timer calls this). */
  expire(): void {
    const now = this.#now();
    const expired: [string, string][] = [];
    for (const [k, holders] of this.#marks) {
      for (const [name, expiresAt] of holders) if (expiresAt <= now) expired.push([k, name]);
    }
    for (const [k, name] of expired) {
      if (!this.#delete(k, name)) continue;
      this.#share(refOf(k), name, null);
      this.#announce(k);
    }
  }

  /** A mark made, renewed or ended on any instance (this one included: then it is already so). */
  #apply(event: SoftLockEvent): void {
    const k = key(event);
    if (event.expiresInMs === null) {
      this.#delete(k, event.name);
      return;
    }
    this.#set(k, event.name, this.#now() + Math.min(Math.max(0, event.expiresInMs), this.#ttlMs));
    this.#plan();
  }

  #set(k: string, name: string, expiresAt: number): void {
    const holders = this.#marks.get(k) ?? new Map<string, number>();
    this.#marks.delete(k);
    holders.set(name, expiresAt);
    this.#marks.set(k, holders);
    while (this.#marks.size > this.#maxEntries) this.#marks.delete(this.#marks.keys().next().value!);
  }

  /** Remove one mark; whether there was one. */
  #delete(k: string, name: string): boolean {
    const holders = this.#marks.get(k);
    if (!holders?.delete(name)) return false;
    if (holders.size === 0) this.#marks.delete(k);
    return true;
  }

  /** Keep one timer, at the earliest expiry, while any mark is held (announcements are the only reason for it). */
  #plan(): void {
    if (!this.#changes) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const holders of this.#marks.values()) for (const at of holders.values()) earliest = Math.min(earliest, at);
    if (this.#timer && this.#timer.at <= earliest) return;
    this.#timer?.cancel();
    this.#timer = null;
    if (earliest === Number.POSITIVE_INFINITY) return;
    const cancel = this.#schedule(
      () => {
        this.#timer = null;
        this.expire();
        this.#plan();
      },
      Math.max(0, earliest - this.#now()),
    );
    this.#timer = { at: earliest, cancel };
  }

  /** Tell the other instances (published before the presence, so their pages that connect meanwhile see the mark). */
  #share(ref: SoftLockRef, name: string, expiresInMs: number | null): void {
    this.#changes?.publish({ type: 'soft-lock', slug: ref.slug, locale: ref.locale, segmentId: ref.segmentId, name, expiresInMs });
  }

  #announce(k: string): void {
    if (!this.#changes) return;
    const ref = refOf(k);
    const names = this.holders(ref)
      .map((h) => h.name)
      .sort();
    this.#changes.publish({ type: 'presence', ...ref, names });
  }
}
