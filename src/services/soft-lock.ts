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
  /** Where the marks made and ended here are shared with the other instances (`soft-lock`), and theirs received. */
  readonly changes?: ChangeFeed;
  /** How expiries are timed (default: an unref'd setTimeout; tests run the task themselves). */
  readonly schedule?: Schedule;
}

export interface SoftLockHolder {
  readonly name: string;
  /** When the mark expires unless renewed (epoch milliseconds). */
  readonly expiresAt: number;
}

/** Who is typing in one segment now, as this instance knows it (user names, sorted; empty when nobody is). */
export interface PresenceEvent {
  readonly type: 'presence';
  readonly slug: string;
  readonly locale: string;
  readonly segmentId: string;
  readonly names: readonly string[];
}

/** Told of each change of a segment's holders on this instance, synchronously. */
export type PresenceListener = (event: PresenceEvent) => void;

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
 * second person. Every change of a segment's holders (new mark, release, expiry) is told to `subscribe`rs (the pages
 * open on this instance) with the names now holding it.
 *
 * Several instances on one database share their marks through `changes`, one mark at a time: each touch (renewals
 * too, so the expiry stays right) and release made here goes out as a `soft-lock` event, and each instance keeps the
 * marks it hears of beside its own. What its pages see is computed from that view alone; no instance ever sends its
 * list of holders, which could be older than what another instance knows (A releasing Tina before Rob's mark made on
 * B reached A must not tell B's pages "nobody"). Expiry is never sent either: each instance expires every mark it
 * knows by itself, so a mark outlives no instance that dies, and an expiry here cannot undo a renewal on its way from
 * elsewhere. Only one instance's order is kept: an instance that releases a mark before the mark itself, made on
 * another, reached it gets the mark afterwards and keeps it until it expires. With a feed within one process the
 * events come back to the same locks and change nothing. Kept in memory: a restart forgets them, which costs at most
 * one missed warning until the next renewal.
 */
export class SoftLocks {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #maxEntries: number;
  readonly #changes: ChangeFeed | undefined;
  readonly #schedule: Schedule;
  /** key → user name → expiry. Map order is insertion order, so the first entries are the oldest marks. */
  readonly #marks = new Map<string, Map<string, number>>();
  readonly #listeners = new Set<PresenceListener>();
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
    if (this.#set(k, name, this.#now() + this.#ttlMs)) this.#announce(k);
    this.#share(ref, name, this.#ttlMs);
    this.#plan();
  }

  /**
   * `name` stopped typing in `ref` (saved, or left the field); announced when they were holding it. Shared even when
   * this instance did not know the mark: it may have been made on another instance and not have arrived yet.
   */
  release(ref: SoftLockRef, name: string): void {
    const k = key(ref);
    if (this.#delete(k, name)) this.#announce(k);
    this.#share(ref, name, null);
  }

  /** Receive every change of who holds which segment on this instance, from now on; returns the function that stops it. */
  subscribe(listener: PresenceListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
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
    for (const [k, name] of expired) if (this.#delete(k, name)) this.#announce(k);
  }

  /** A mark made, renewed or released on any instance (this one included: then it is already so). */
  #apply(event: SoftLockEvent): void {
    const k = key(event);
    if (event.expiresInMs === null) {
      if (this.#delete(k, event.name)) this.#announce(k);
      return;
    }
    const expiresAt = this.#now() + Math.min(Math.max(0, event.expiresInMs), this.#ttlMs);
    if (this.#set(k, event.name, expiresAt)) this.#announce(k);
    this.#plan();
  }

  /** Set one mark's expiry; whether it is new (the segment's holders changed). */
  #set(k: string, name: string, expiresAt: number): boolean {
    const holders = this.#marks.get(k) ?? new Map<string, number>();
    const isNew = !holders.has(name);
    this.#marks.delete(k);
    holders.set(name, expiresAt);
    this.#marks.set(k, holders);
    while (this.#marks.size > this.#maxEntries) this.#marks.delete(this.#marks.keys().next().value!);
    return isNew;
  }

  /** Remove one mark; whether there was one. */
  #delete(k: string, name: string): boolean {
    const holders = this.#marks.get(k);
    if (!holders?.delete(name)) return false;
    if (holders.size === 0) this.#marks.delete(k);
    return true;
  }

  /** Keep one timer, at the earliest expiry, while any mark is held, so pages hear of an expiry when it is due. */
  #plan(): void {
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

  /** Tell the other instances of one mark made, renewed (`expiresInMs`) or released (null), never of a list. */
  #share(ref: SoftLockRef, name: string, expiresInMs: number | null): void {
    this.#changes?.publish({ type: 'soft-lock', slug: ref.slug, locale: ref.locale, segmentId: ref.segmentId, name, expiresInMs });
  }

  /** Tell this instance's listeners who holds the segment now, as this instance knows it. */
  #announce(k: string): void {
    if (this.#listeners.size === 0) return;
    const names = this.holders(refOf(k))
      .map((h) => h.name)
      .sort();
    const event: PresenceEvent = { type: 'presence', ...refOf(k), names };
    for (const listener of [...this.#listeners]) {
      // A page whose stream broke must not keep the others from hearing; its stream ends by itself.
      try {
        listener(event);
      } catch {}
    }
  }
}
