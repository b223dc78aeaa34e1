import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ByteReader, ByteWriter } from '../core/byte-codec.ts';
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

/** What a saved index starts with; a file without it is not one. */
const SNAPSHOT_MAGIC = 0x58494d54; // "TMIX"
/** Entries indexed between two turns of the event loop while a server loads the memory in the background. */
const BUILD_CHUNK = 1_000;

/**
 * The in-memory index of every language pair. Entries are added one at a time in the log's order (at load and after
 * each append), so a new approval costs one insertion, never a rebuild; an entry that `replaces` another takes its
 * place in lookups. The index can be saved (`snapshot`) and read back for the same log (`build`), so opening a large
 * memory does not tokenize every entry again: only the entries appended after the snapshot are indexed.
 */
export class MemoryIndex {
  readonly #pairs = new Map<string, PairIndex>();
  #count = 0;
  /** Entries added, replaced ones included: the log's length once loaded. */
  #logged = 0;
  #lastId = '';
  /** sourceHash of every logged entry, 16 bytes each, in log order (saved with the snapshot). */
  #hashes = Buffer.alloc(16 * 1024);

  /** Live entries, all language pairs. */
  get size(): number {
    return this.#count;
  }

  /** How many entries of the log the index holds (its generation: a snapshot covers that prefix of the log). */
  get generation(): number {
    return this.#logged;
  }

  /** The pair's index, or undefined when the memory has no entry of that pair. */
  get(sourceLocale: Locale, targetLocale: Locale): PairIndex | undefined {
    return this.#pairs.get(pairKey(sourceLocale, targetLocale));
  }

  /**
   * The index of `entries` (the whole log, in order), using `snapshot` for the prefix it covers when it was taken of
   * this log (same length prefix, same last id, same format); otherwise, or when it is damaged, every entry is indexed
   * again. Gives way to the event loop every BUILD_CHUNK entries. Resolves to the index and how many entries came
   * from the snapshot.
   */
  static async build(
    entries: readonly MemoryEntry[],
    snapshot: Uint8Array | null,
  ): Promise<{ readonly index: MemoryIndex; readonly restored: number }> {
    let index = new MemoryIndex();
    let restored = 0;
    if (snapshot) {
      try {
        const pairs = readSnapshot(entries, snapshot);
        if (pairs) {
          index = new MemoryIndex();
          for (const [key, fuzzy] of pairs.fuzzy) index.#pairs.set(key, newPair(key, fuzzy));
          restored = pairs.generation;
          for (let i = 0; i < restored; i++) {
            index.#add(entries[i]!, pairs.hashes.toString('hex', 16 * i, 16 * i + 16), true);
            if ((i + 1) % BUILD_CHUNK === 0) await yieldToEventLoop();
          }
        }
      } catch {
        // A damaged snapshot is derived data: index every entry again.
        index = new MemoryIndex();
        restored = 0;
      }
    }
    for (let i = restored; i < entries.length; i++) {
      index.add(entries[i]!);
      if ((i + 1) % BUILD_CHUNK === 0) await yieldToEventLoop();
    }
    return { index, restored };
  }

  /** Index one entry (after it was stored). */
  add(entry: MemoryEntry): void {
    this.#add(entry, sourceHash(entry.source), false);
  }

  #add(entry: MemoryEntry, hash: string, saved: boolean): void {
    const pair = this.#pair(entry.sourceLocale, entry.targetLocale);
    if (entry.replaces) {
      const old = pair.entries.get(entry.replaces);
      if (old) {
        pair.entries.delete(old.id);
        pair.fuzzy.remove(old);
        const oldHash = sourceHash(old.source);
        const list = (pair.exact.get(oldHash) ?? []).filter((e) => e.id !== old.id);
        if (list.length) pair.exact.set(oldHash, list);
        else pair.exact.delete(oldHash);
        this.#count -= 1;
      }
    }
    pair.entries.set(entry.id, entry);
    if (saved) pair.fuzzy.attach(entry);
    else pair.fuzzy.add(entry, entry.source);
    const list = pair.exact.get(hash);
    if (list) list.push(entry);
    else pair.exact.set(hash, [entry]);
    pair.generation += 1;
    this.#count += 1;
    if (this.#hashes.length < 16 * (this.#logged + 1)) {
      const grown = Buffer.alloc(this.#hashes.length * 2);
      this.#hashes.copy(grown);
      this.#hashes = grown;
    }
    this.#hashes.write(hash, 16 * this.#logged, 16, 'hex');
    this.#logged += 1;
    this.#lastId = entry.id;
  }

  /** The index as bytes for `build`: the generation, the last entry's id, the source hashes and each pair's fuzzy index. */
  snapshot(): Uint8Array {
    const writer = new ByteWriter();
    writer.u32(SNAPSHOT_MAGIC);
    writer.u32(this.#logged);
    writer.string(this.#lastId);
    writer.bytes(this.#hashes.subarray(0, 16 * this.#logged));
    writer.u32(this.#pairs.size);
    for (const [key, pair] of this.#pairs) {
      writer.string(key);
      pair.fuzzy.encode(writer);
    }
    return writer.finish();
  }

  #pair(sourceLocale: Locale, targetLocale: Locale): PairIndex {
    const key = pairKey(sourceLocale, targetLocale);
    let pair = this.#pairs.get(key);
    if (!pair) {
      pair = newPair(key, new FuzzyIndex<MemoryEntry>());
      this.#pairs.set(key, pair);
    }
    return pair;
  }
}

function newPair(key: string, fuzzy: FuzzyIndex<MemoryEntry>): PairIndex {
  return { key, fuzzy, exact: new Map(), entries: new Map(), generation: 0 };
}

/**
 * The parts of a snapshot when it was taken of a prefix of `entries` and every pair of that prefix has exactly as
 * many saved slots as entries; null when it is of another log or format. Throws RangeError when it is cut short.
 */
function readSnapshot(entries: readonly MemoryEntry[], bytes: Uint8Array) {
  const reader = new ByteReader(bytes);
  if (reader.u32() !== SNAPSHOT_MAGIC) return null;
  const generation = reader.u32();
  const lastId = reader.string();
  if (generation === 0 || generation > entries.length || entries[generation - 1]!.id !== lastId) return null;
  const hashes = reader.bytes();
  if (hashes.byteLength !== 16 * generation) return null;
  const fuzzy = new Map<string, FuzzyIndex<MemoryEntry>>();
  for (let pairs = reader.u32(); pairs > 0; pairs--) {
    const key = reader.string();
    fuzzy.set(key, FuzzyIndex.decode<MemoryEntry>(reader));
  }
  if (!reader.done) return null;
  const expected = new Map<string, number>();
  for (let i = 0; i < generation; i++) {
    const key = pairKey(entries[i]!.sourceLocale, entries[i]!.targetLocale);
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  if (expected.size !== fuzzy.size) return null;
  for (const [key, count] of expected) if (fuzzy.get(key)?.slots !== count) return null;
  return { generation, hashes: Buffer.from(hashes.buffer, hashes.byteOffset, hashes.byteLength), fuzzy };
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
