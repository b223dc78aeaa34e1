/** Where someone is editing: one segment of one article in one target locale. */
export interface SoftLockRef {
  readonly slug: string;
  readonly locale: string;
  readonly segmentId: string;
}

export interface SoftLockConfig {
  /** How long a mark lasts without being renewed (default 90 seconds). */
  readonly ttlMs?: number;
  readonly now?: () => number;
  /** Marks kept at most; the oldest go first (default 10,000). */
  readonly maxEntries?: number;
}

export interface SoftLockHolder {
  readonly name: string;
  /** When the mark expires unless renewed (epoch milliseconds). */
  readonly expiresAt: number;
}

const key = (ref: SoftLockRef) => `${ref.slug}\u0000${ref.locale}\u0000${ref.segmentId}`;

/**
 * "Being edited by X": advisory marks that expire by themselves. They never block a save (optimistic concurrency does
 * the safety); they only warn a second person before they start typing. Kept in memory: a restart forgets them,
 * which costs at most one missed warning.
 */
export class SoftLocks {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #maxEntries: number;
  /** key → user name → expiry. Map order is insertion order, so the first entries are the oldest marks. */
  readonly #marks = new Map<string, Map<string, number>>();

  constructor(config: SoftLockConfig = {}) {
    this.#ttlMs = config.ttlMs ?? 90_000;
    this.#now = config.now ?? Date.now;
    this.#maxEntries = config.maxEntries ?? 10_000;
  }

  /** Mark (or renew) `name` as editing `ref`. */
  touch(ref: SoftLockRef, name: string): void {
    this.#sweep();
    const k = key(ref);
    const holders = this.#marks.get(k) ?? new Map<string, number>();
    this.#marks.delete(k);
    holders.set(name, this.#now() + this.#ttlMs);
    this.#marks.set(k, holders);
    while (this.#marks.size > this.#maxEntries) this.#marks.delete(this.#marks.keys().next().value!);
  }

  /** `name` stopped editing `ref` (saved, or left the field). */
  release(ref: SoftLockRef, name: string): void {
    const holders = this.#marks.get(key(ref));
    holders?.delete(name);
    if (holders?.size === 0) this.#marks.delete(key(ref));
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
    const prefix = `${slug}\u0000${locale}\u0000`;
    const out = new Map<string, SoftLockHolder[]>();
    for (const k of this.#marks.keys()) {
      if (!k.startsWith(prefix)) continue;
      const segmentId = k.slice(prefix.length);
      const holders = this.holders({ slug, locale, segmentId }, except);
      if (holders.length > 0) out.set(segmentId, holders);
    }
    return out;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [k, holders] of this.#marks) {
      for (const [name, expiresAt] of holders) if (expiresAt <= now) holders.delete(name);
      if (holders.size === 0) this.#marks.delete(k);
    }
  }
}
