import { FuzzyIndex } from '../core/fuzzy-index.ts';
import { canonicalLocale, type Locale } from '../core/locale.ts';
import type { ExchangeUnit, MemoryEntry } from '../core/ports/translation-memory-store.ts';
import { sourceHash } from '../core/text.ts';

/**
 * Memory locale for a tag from any tool: language only (`en-US` → `en`, `ko-KR` → `ko`), except Chinese, where the
 * script matters (`zh-CN` → `zh-Hans`, `zh-TW` → `zh-Hant`).
 */
export function memoryLocale(tag: string): Locale {
  let locale = memoryLocales.get(tag);
  if (locale === undefined) {
    locale = toMemoryLocale(tag);
    if (memoryLocales.size < 1000) memoryLocales.set(tag, locale);
  }
  return locale;
}

// Intl canonicalization costs microseconds per call; a bulk import asks for the same handful of tags 100,000 times.
const memoryLocales = new Map<string, Locale>();

function toMemoryLocale(tag: string): Locale {
  const canonical = canonicalLocale(tag);
  const [lang, ...rest] = canonical.split('-');
  if (lang !== 'zh') return lang!;
  if (rest.includes('Hant') || rest.some((r) => ['TW', 'HK', 'MO'].includes(r))) return 'zh-Hant';
  return 'zh-Hans';
}

/** The live entries of one language pair, indexed for exact and fuzzy lookup. */
export interface PairIndex {
  /** `ko>en`: the memory locales of the pair. */
  readonly key: string;
  readonly fuzzy: FuzzyIndex<MemoryEntry>;
  /** sourceHash → live entries, newest last. */
  readonly exact: Map<string, MemoryEntry[]>;
  /** id → live entry, oldest first. */
  readonly entries: Map<string, MemoryEntry>;
  /** Bumped on every change to the pair: results computed at an older generation are stale. */
  generation: number;
}

/**
 * The in-memory index of every language pair. Entries are added one at a time (at load and after each append), so a
 * new approval costs one insertion, never a rebuild; an entry that `replaces` another takes its place in lookups.
 */
export class MemoryIndex {
  readonly #pairs = new Map<string, PairIndex>();
  #count = 0;

  /** Live entries, all language pairs. */
  get size(): number {
    return this.#count;
  }

  /** The pair's index, or undefined when the memory has no entry of that pair. */
  get(sourceLocale: Locale, targetLocale: Locale): PairIndex | undefined {
    return this.#pairs.get(pairKey(sourceLocale, targetLocale));
  }

  /** Index one entry (after it was stored). */
  add(entry: MemoryEntry): void {
    const pair = this.#pair(entry.sourceLocale, entry.targetLocale);
    if (entry.replaces) {
      const old = pair.entries.get(entry.replaces);
      if (old) {
        pair.entries.delete(old.id);
        pair.fuzzy.remove(old);
        const hash = sourceHash(old.source);
        const list = (pair.exact.get(hash) ?? []).filter((e) => e.id !== old.id);
        if (list.length) pair.exact.set(hash, list);
        else pair.exact.delete(hash);
        this.#count -= 1;
      }
    }
    pair.entries.set(entry.id, entry);
    pair.fuzzy.add(entry, entry.source);
    const hash = sourceHash(entry.source);
    const list = pair.exact.get(hash);
    if (list) list.push(entry);
    else pair.exact.set(hash, [entry]);
    pair.generation += 1;
    this.#count += 1;
  }

  #pair(sourceLocale: Locale, targetLocale: Locale): PairIndex {
    const key = pairKey(sourceLocale, targetLocale);
    let pair = this.#pairs.get(key);
    if (!pair) {
      pair = { key, fuzzy: new FuzzyIndex<MemoryEntry>(), exact: new Map(), entries: new Map(), generation: 0 };
      this.#pairs.set(key, pair);
    }
    return pair;
  }
}

/** `ko>en`: the key of a language pair in memory locales. */
export function pairKey(sourceLocale: Locale, targetLocale: Locale): string {
  return `${memoryLocale(sourceLocale)}>${memoryLocale(targetLocale)}`;
}

/** The entries an import adds, and what it leaves out. */
export interface ImportPlan {
  readonly fresh: readonly MemoryEntry[];
  /** Pairs already in the memory or repeated in the units. */
  readonly duplicates: number;
  /** Units without a source-language text, and empty translations. */
  readonly skipped: number;
  /** Target locales of the fresh entries, sorted. */
  readonly locales: readonly Locale[];
}

/** One entry per unit and target language that the index does not hold yet (nothing is stored or indexed here). */
export function planImport(
  units: readonly ExchangeUnit[],
  index: MemoryIndex,
  options: { readonly at: string; readonly importedBy: string; readonly newId: () => string },
): ImportPlan {
  const fresh: MemoryEntry[] = [];
  const keys = new Set<string>();
  const locales = new Set<Locale>();
  let duplicates = 0;
  let skipped = 0;
  for (const unit of units) {
    const sourceLocale = memoryLocale(unit.sourceLocale);
    // A unit without text in the source language (another pair of a multilingual memory) is skipped whole.
    if (unit.source.trim() === '') {
      skipped += 1;
      continue;
    }
    for (const [tag, target] of Object.entries(unit.targets)) {
      const targetLocale = memoryLocale(tag);
      if (targetLocale === sourceLocale) continue;
      if (target.trim() === '') {
        skipped += 1;
        continue;
      }
      const hash = sourceHash(unit.source);
      const key = `${pairKey(sourceLocale, targetLocale)}\u0000${hash}\u0000${target}`;
      const known = index
        .get(sourceLocale, targetLocale)
        ?.exact.get(hash)
        ?.some((e) => e.target === target);
      if (known || keys.has(key)) {
        duplicates += 1;
        continue;
      }
      keys.add(key);
      locales.add(targetLocale);
      fresh.push({
        id: options.newId(),
        sourceLocale,
        targetLocale,
        source: unit.source,
        target,
        slug: unit.slug ?? null,
        segmentId: null,
        approvedAt: options.at,
        approvedBy: options.importedBy,
        origin: 'import',
        ...(unit.note ? { note: unit.note } : {}),
      });
    }
  }
  return { fresh, duplicates, skipped, locales: [...locales].sort() };
}
