import { randomUUID } from 'node:crypto';
import { type Locale, memoryLocale, memoryPairKey } from '../core/locale.ts';
import type { ExchangeUnit, SharedMemoryStore, TranslationMemoryStore } from '../core/ports/translation-memory-store.ts';
import { sourceHash } from '../core/text.ts';
import type { KnownPair } from './memory-import.ts';
import { type MemoryMatch, mergeMatches } from './memory-matches.ts';

/** A memory entry's id as newId writes them (`tm-` and a UUID): what the command line and the API delete by. */
export const MEMORY_ENTRY_ID_PATTERN = /^tm-[A-Za-z0-9-]{1,100}$/;

/** A new memory entry's id. */
export function newId(): string {
  return `tm-${randomUUID()}`;
}

/**
 * Whether `store` answers lookups itself (every member of SharedMemoryStore), so the memory service asks it on each
 * call instead of loading the whole log into its index: a store shared by several processes.
 */
export function isSharedMemoryStore(store: TranslationMemoryStore): store is SharedMemoryStore {
  return !!(
    store.search &&
    store.lookup &&
    store.exact &&
    store.exactMany &&
    store.live &&
    store.deletedAt &&
    store.pairEntries &&
    store.exclusive
  );
}

/**
 * A lookup answered by a shared store in one call (`lookup`): the same result as the in-process index (exact matches newest first, then
 * fuzzy ones at or above `threshold`, best first; at most `limit`). Not cached: another process may add at any time.
 */
export async function sharedLookup(
  store: SharedMemoryStore,
  source: string,
  pair: { readonly sourceLocale: Locale; readonly targetLocale: Locale },
  threshold: number,
  limit: number,
): Promise<MemoryMatch[]> {
  if (limit <= 0) return [];
  const { exact, fuzzy } = await store.lookup({ ...pair, source, threshold, limit });
  return mergeMatches(exact, fuzzy, source, limit);
}

/**
 * What an import of `units` finds already in a shared store: the live entries of every pair the units reach (their
 * non-source locales), read once each, as `planImport` asks.
 */
export async function sharedKnownPairs(store: SharedMemoryStore, units: readonly ExchangeUnit[], sourceLocale: Locale): Promise<KnownPair> {
  const targets = new Set<Locale>();
  for (const unit of units) for (const tag of Object.keys(unit.variants)) targets.add(memoryLocale(tag));
  targets.delete(sourceLocale);
  const known = new Set<string>();
  for (const target of targets) {
    for (const e of await store.pairEntries(sourceLocale, target)) {
      known.add(`${memoryPairKey(e.sourceLocale, e.targetLocale)}\u0000${sourceHash(e.source)}\u0000${e.target}`);
    }
  }
  return (s, t, hash, target) => known.has(`${memoryPairKey(s, t)}\u0000${hash}\u0000${target}`);
}
