import { diffChars, diffWordsWithSpace } from 'diff';
import { LRUCache } from 'lru-cache';
import { type FuzzyHit, matchForm } from '../core/fuzzy-index.ts';
import type { MemoryEntry } from '../core/ports/translation-memory-store.ts';
import { renumberTags } from '../core/segment-text.ts';
import { contentHash, normalizeForMatch } from '../core/text.ts';
import type { Locale } from '../core/locale.ts';

export const DEFAULT_FUZZY_THRESHOLD = 75;
export const DEFAULT_MATCH_LIMIT = 5;

export interface LookupOptions {
  readonly sourceLocale?: Locale;
  readonly targetLocale: Locale;
  /** 0–100, default 75. */
  readonly threshold?: number;
  /** Default 5. */
  readonly limit?: number;
}

export interface ConcordanceOptions {
  readonly sourceLocale?: Locale;
  readonly targetLocale: Locale;
  /** Where to look; default both. */
  readonly in?: 'source' | 'target' | 'both';
  /** Default 20. */
  readonly limit?: number;
}

/** One piece of the difference between the memory's source and the looked-up source. */
export interface DiffPart {
  readonly op: 'equal' | 'insert' | 'delete';
  readonly text: string;
}

export interface MemoryMatch {
  readonly entry: MemoryEntry;
  /** 100 for an exact match (same normalized source, tag numbering ignored), else the fuzzy score. */
  readonly score: number;
  readonly exact: boolean;
  /** The memory's translation with inline tags renumbered to the looked-up source's numbering. */
  readonly text: string;
  /** What changes from the memory's source (`delete`) to this source (`insert`). */
  readonly diff: readonly DiffPart[];
}

const SPACELESS = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Character diff for Korean, Japanese and Chinese (particles change inside words), word diff otherwise. */
export function sourceDiff(memorySource: string, source: string): DiffPart[] {
  const a = normalizeForMatch(memorySource);
  const b = normalizeForMatch(source);
  const changes = SPACELESS.test(a + b) ? diffChars(a, b) : diffWordsWithSpace(a, b);
  return changes.map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
}

/** A memory entry as a match for `source`: its translation renumbered to the source's tags, and the source diff. */
export function toMatch(entry: MemoryEntry, source: string, score: number, exact: boolean): MemoryMatch {
  return { entry, score, exact, text: renumberTags(entry.source, source, entry.target), diff: sourceDiff(entry.source, source) };
}

/**
 * A lookup's result from the live entries with the source's hash (`exact`, oldest first) and the fuzzy hits (best
 * first): exact matches newest first, then fuzzy hits that are not among them, at most `limit`.
 */
export function mergeMatches(
  exact: readonly MemoryEntry[],
  hits: readonly FuzzyHit<MemoryEntry>[],
  source: string,
  limit: number,
): MemoryMatch[] {
  const newestFirst = [...exact].reverse();
  const seen = new Set(newestFirst.map((e) => e.id));
  const matches: MemoryMatch[] = newestFirst.map((entry) => toMatch(entry, source, 100, true));
  for (const hit of hits) {
    if (matches.length >= limit) break;
    if (seen.has(hit.item.id)) continue;
    // Same letters but a different normalized source (case, tag numbers in a different order): near, not exact.
    matches.push(toMatch(hit.item, source, Math.min(hit.score, 99), false));
  }
  return matches.slice(0, limit);
}

/** What a lookup's result depends on besides the memory's content. */
export interface MatchQuery {
  readonly source: string;
  /** `ko>en` (see pairKey). */
  readonly pair: string;
  readonly threshold: number;
  readonly limit: number;
}

/** Most lookups kept: a review page shows up to 100 segments, and several editors work on several articles. */
export const MATCH_CACHE_SIZE = 5_000;

/**
 * Lookup results by (hash of the source text, language pair, threshold, limit, the pair's generation). A change to the
 * pair bumps its generation, so a result computed before it is never served again (and ages out of the LRU); a
 * review page reloaded after a save, which leaves the memory alone, reuses every result.
 */
export class MatchCache {
  readonly #cache: LRUCache<string, readonly MemoryMatch[]>;

  constructor(max = MATCH_CACHE_SIZE) {
    this.#cache = new LRUCache({ max });
  }

  /** The cached result, or the one `compute` returns (then cached). */
  get(query: MatchQuery, generation: number, compute: () => MemoryMatch[]): MemoryMatch[] {
    const key = `${query.pair}\u0000${generation}\u0000${query.threshold}\u0000${query.limit}\u0000${contentHash(query.source)}`;
    let matches = this.#cache.get(key);
    if (!matches) {
      matches = compute();
      this.#cache.set(key, matches);
    }
    return [...matches];
  }

  /** Results cached now. */
  get size(): number {
    return this.#cache.size;
  }
}

/**
 * Entries (oldest first) whose source or target contains `needle` (a matchForm with spaces removed), newest first, at
 * most `limit`.
 */
export function concordanceIn(
  entries: readonly MemoryEntry[],
  needle: string,
  where: 'source' | 'target' | 'both',
  limit: number,
): MemoryEntry[] {
  const out: MemoryEntry[] = [];
  for (let i = entries.length - 1; i >= 0 && out.length < limit; i--) {
    const e = entries[i]!;
    const inSource = where !== 'target' && matchForm(e.source).replace(/\s+/g, '').includes(needle);
    const inTarget = !inSource && where !== 'source' && matchForm(e.target).replace(/\s+/g, '').includes(needle);
    if (inSource || inTarget) out.push(e);
  }
  return out;
}
