import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ByteReader, ByteWriter } from '../core/byte-codec.ts';
import { FuzzyIndex } from '../core/fuzzy-index.ts';
import { type Locale, memoryPairKey as pairKey } from '../core/locale.ts';
import type { MemoryEntry, MemoryRecord, MemoryTombstone } from '../core/ports/translation-memory-store.ts';
import { sourceHash } from '../core/text.ts';

/** Whether a log record is a tombstone (entries carry no `kind`). */
export function isTombstone(record: MemoryRecord): record is MemoryTombstone {
  return 'kind' in record && record.kind === 'tombstone';
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
 * The in-memory index of every language pair. Records are added one at a time in the log's order (at load and after
 * each append), so a new approval costs one insertion, never a rebuild; an entry that `replaces` another takes its
 * place in lookups, and a tombstone takes its entry out of them (and remembers the deleted pair: `deletedAt`). The
 * index can be saved (`snapshot`) and read back for the same log (`build`), so opening a large memory does not
 * tokenize every entry again: only the records appended after the snapshot are indexed.
 */
export class MemoryIndex {
  readonly #pairs = new Map<string, PairIndex>();
  #count = 0;
  /** Records added (entries, replaced ones included, and tombstones): the log's length once loaded. */
  #logged = 0;
  /** `pairKey\0sourceHash\0target` of every deleted pair → the latest deletion's time. */
  readonly #deleted = new Map<string, string>();
  #lastId = '';
  /** sourceHash of every logged record (a tombstone's: its deleted source), 16 bytes each, in log order (saved). */
  #hashes = Buffer.alloc(16 * 1024);

  /** Live entries, all language pairs. */
  get size(): number {
    return this.#count;
  }

  /** How many records of the log the index holds (its generation: a snapshot covers that prefix of the log). */
  get generation(): number {
    return this.#logged;
  }

  /** The pair's index, or undefined when the memory has no entry of that pair. */
  get(sourceLocale: Locale, targetLocale: Locale): PairIndex | undefined {
    return this.#pairs.get(pairKey(sourceLocale, targetLocale));
  }

  /** The live entry with this id, or undefined (never added, replaced or deleted). */
  find(id: string): MemoryEntry | undefined {
    for (const pair of this.#pairs.values()) {
      const entry = pair.entries.get(id);
      if (entry) return entry;
    }
    return undefined;
  }

  /** When this exact pair (source by `sourceHash`, target text) was last deleted, or undefined when it never was. */
  deletedAt(sourceLocale: Locale, targetLocale: Locale, hash: string, target: string): string | undefined {
    return this.#deleted.get(deletedKey(pairKey(sourceLocale, targetLocale), hash, target));
  }

  /**
   * The index of `entries` (the whole log, tombstones included, in order), using `snapshot` for the prefix it covers
   * when it was taken of this log (same length prefix, same last id, same format); otherwise, or when it is damaged,
   * every record is indexed again. Tombstones are applied wherever they stand, so a snapshot saved before a deletion
   * does not bring the entry back. Gives way to the event loop every BUILD_CHUNK records. Resolves to the index and
   * how many records came from the snapshot.
   */
  static async build(
    entries: readonly MemoryRecord[],
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

  /** Index one record (after it was stored). */
  add(record: MemoryRecord): void {
    this.#add(record, sourceHash(record.source), false);
  }

  #add(record: MemoryRecord, hash: string, saved: boolean): void {
    if (isTombstone(record)) {
      // Never creates a pair: a saved index holds exactly the pairs that have entries.
      const pair = this.get(record.sourceLocale, record.targetLocale);
      if (pair) {
        this.#drop(pair, record.deletes);
        pair.generation += 1;
      }
      const key = deletedKey(pairKey(record.sourceLocale, record.targetLocale), hash, record.target);
      const before = this.#deleted.get(key);
      if (before === undefined || before < record.deletedAt) this.#deleted.set(key, record.deletedAt);
      this.#logHash(hash);
      this.#lastId = record.id;
      this.#logged += 1;
      return;
    }
    const pair = this.#pair(record.sourceLocale, record.targetLocale);
    if (record.replaces) this.#drop(pair, record.replaces);
    pair.entries.set(record.id, record);
    if (saved) pair.fuzzy.attach(record);
    else pair.fuzzy.add(record, record.source);
    const list = pair.exact.get(hash);
    if (list) list.push(record);
    else pair.exact.set(hash, [record]);
    pair.generation += 1;
    this.#count += 1;
    this.#logHash(hash);
    this.#lastId = record.id;
    this.#logged += 1;
  }

  /** Take the live entry `id` out of the pair's lookups (a replaced or deleted entry); nothing when it is not live. */
  #drop(pair: PairIndex, id: string): void {
    const old = pair.entries.get(id);
    if (!old) return;
    pair.entries.delete(old.id);
    pair.fuzzy.remove(old);
    const oldHash = sourceHash(old.source);
    const list = (pair.exact.get(oldHash) ?? []).filter((e) => e.id !== old.id);
    if (list.length) pair.exact.set(oldHash, list);
    else pair.exact.delete(oldHash);
    this.#count -= 1;
  }

  /** Record the source hash of log record number `#logged` (saved with the snapshot). */
  #logHash(hash: string): void {
    if (this.#hashes.length < 16 * (this.#logged + 1)) {
      const grown = Buffer.alloc(this.#hashes.length * 2);
      this.#hashes.copy(grown);
      this.#hashes = grown;
    }
    this.#hashes.write(hash, 16 * this.#logged, 16, 'hex');
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
function readSnapshot(entries: readonly MemoryRecord[], bytes: Uint8Array) {
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
    // A tombstone takes no slot in a fuzzy index.
    if (isTombstone(entries[i]!)) continue;
    const key = pairKey(entries[i]!.sourceLocale, entries[i]!.targetLocale);
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  if (expected.size !== fuzzy.size) return null;
  for (const [key, count] of expected) if (fuzzy.get(key)?.slots !== count) return null;
  return { generation, hashes: Buffer.from(hashes.buffer, hashes.byteOffset, hashes.byteLength), fuzzy };
}

function deletedKey(pair: string, hash: string, target: string): string {
  return `${pair}\u0000${hash}\u0000${target}`;
}
