import type { FuzzyHit } from '../fuzzy-rerank.ts';
import type { Locale } from '../locale.ts';

/** One approved (source, translation) pair of a language pair. */
export interface MemoryEntry {
  /** Unique id (`tm-` + random); stable, used as the TMX tuid. */
  readonly id: string;
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  /** Source text with inline tags, as approved. */
  readonly source: string;
  /** Approved translation with inline tags. */
  readonly target: string;
  /** Article it was approved in; null for imported pairs. */
  readonly slug: string | null;
  /** Segment it was approved for; null for imported pairs. */
  readonly segmentId: string | null;
  /** When it was approved (ISO timestamp). */
  readonly approvedAt: string;
  /** Who approved it, or the tool it was imported from. */
  readonly approvedBy: string | null;
  /** `approval` from the review workflow, `import` from a TMX file. */
  readonly origin: 'approval' | 'import';
  /** Free text carried from an imported file (`<note>`). */
  readonly note?: string;
  /** Id of an earlier entry this one replaces (a re-approval of the same segment and source). */
  readonly replaces?: string;
}

/**
 * A deletion in the log: from this record on, the entry `deletes` is gone from lookups, concordance and exports.
 * Nothing is erased (the log stays append-only); the tombstone carries the deleted pair so that the memory can hold
 * back a later re-adding of the same pair that is not newer than the deletion (start-up reconciliation re-reading an
 * old approval), while an approval made after `deletedAt` adds the pair again.
 */
export interface MemoryTombstone {
  readonly kind: 'tombstone';
  /** Its own id (`tmd-` + random), unique among entries and tombstones: a saved index names the last record it covers. */
  readonly id: string;
  /** Id of the entry it deletes (a live entry when it was written). */
  readonly deletes: string;
  /** The deleted entry's language pair and texts, copied from it. */
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  readonly source: string;
  readonly target: string;
  /** When it was deleted (ISO timestamp). */
  readonly deletedAt: string;
  /** Who deleted it: a user name from the web, `cli:<login>` or the `--by` name from the command line. */
  readonly deletedBy: string;
}

/** One record of the memory log: an added entry or a tombstone. */
export type MemoryRecord = MemoryEntry | MemoryTombstone;

/** A fuzzy lookup in one language pair: the text, and the bounds of the result. */
export interface MemorySearch {
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  readonly source: string;
  /** Least score, 0–100. */
  readonly threshold: number;
  /** Most hits. */
  readonly limit: number;
}

/** What a shared store answers for one lookup (`lookup`): the exact matches and, when they leave room, fuzzy hits. */
export interface MemoryLookup {
  /** Live entries of the pair whose source has the query's `sourceHash`, oldest first (as `exact`). */
  readonly exact: readonly MemoryEntry[];
  /**
   * `search` with the limit raised by the exact matches found (`limit + exact.length`), or empty when the exact
   * matches alone reach `limit`: exact matches are fuzzy hits too, and the caller merges the two lists.
   */
  readonly fuzzy: readonly FuzzyHit<MemoryEntry>[];
}

/**
 * Durable storage of translation-memory entries. Entries are only ever added (a correction is a new entry that
 * `replaces` the old one, a deletion a tombstone), so a store can be an append-only log.
 *
 * An embedded store is read whole into the memory service's in-process index. A store shared by several processes
 * (PostgreSQL) also answers lookups itself, so an entry added or deleted through one process is seen by the others at
 * once: when it has all of `search`, `lookup`, `exact`, `live`, `deletedAt`, `pairEntries` and `exclusive` (see
 * `SharedMemoryStore`), the service asks it instead of loading the log, and writes under `exclusive`. Language pairs are compared as the index compares them
 * (`memoryPairKey`: `ko>en-US` is `ko>en`); "live" means neither replaced nor deleted. Each answer must equal the
 * in-process index's over the same log (same entries, scores and order).
 */
export interface TranslationMemoryStore {
  /** Every stored record (entries and tombstones), in the order they were added. */
  all(): Promise<MemoryRecord[]>;
  /** Add entries; resolves only when they are durable. */
  add(entries: readonly MemoryEntry[]): Promise<void>;
  /**
   * Append a tombstone after every record added so far; resolves only when it is durable. The store does not look the
   * id up or check who deletes: the memory service refuses an id that is not a live entry (NotFoundError) and is
   * called only for users allowed `memory.manage` (editors and admins) or from the command line. A tombstone of an
   * unknown id is kept like any other record and deletes nothing when the log is read.
   */
  delete(tombstone: MemoryTombstone): Promise<void>;
  /**
   * Which of `ids` the store holds, as entries or tombstones (replaced and deleted entries too), so a copy from another
   * store (`tandem db import-lowdb`) can add only what is missing. Ids it does not hold are simply absent.
   */
  stored(ids: readonly string[]): Promise<Set<string>>;
  /**
   * The index snapshot last saved with `writeIndex` (bytes the memory service wrote, opaque here), or null when there
   * is none. Optional, with `writeIndex`: a store without them has its index built from every entry at each load.
   */
  readIndex?(): Promise<Uint8Array | null>;
  /** Replace the saved index snapshot; a crash leaves the old one or the new one whole, never a mix. */
  writeIndex?(bytes: Uint8Array): Promise<void>;
  /**
   * Live entries of the pair whose source scores at least `query.threshold` against `query.source`, best first (newer
   * first among equal scores), at most `query.limit`: the hits and scores of FuzzyIndex.search.
   */
  search?(query: MemorySearch): Promise<FuzzyHit<MemoryEntry>[]>;
  /**
   * `exact` for the query's source hash and `search` after it, answered together (one round trip to a database), as
   * MemoryLookup describes.
   */
  lookup?(query: MemorySearch): Promise<MemoryLookup>;
  /** Live entries of the pair whose source has this `sourceHash`, oldest first. */
  exact?(sourceLocale: Locale, targetLocale: Locale, hash: string): Promise<MemoryEntry[]>;
  /** `exact` for many keys at once (one round trip to a database): the answers in the order of `keys`. */
  exactMany?(sourceLocale: Locale, keys: readonly ExactKey[]): Promise<MemoryEntry[][]>;
  /** The live entry with this id (any pair), or null. */
  live?(id: string): Promise<MemoryEntry | null>;
  /** The latest `deletedAt` (ISO timestamp) of a tombstone of this pair, source hash and target text, or null. */
  deletedAt?(sourceLocale: Locale, targetLocale: Locale, hash: string, target: string): Promise<string | null>;
  /** Live entries of the pair, oldest first. */
  pairEntries?(sourceLocale: Locale, targetLocale: Locale): Promise<MemoryEntry[]>;
  /**
   * Run `task` while no other process runs one on the same store (a lock the database holds), so that the memory
   * service's check-then-append (duplicate and deletion checks, then `add` or `delete`) is whole across processes:
   * two instances re-recording the same approval at start-up add it once. Resolves or rejects as `task` does.
   */
  exclusive?<T>(task: () => Promise<T>): Promise<T>;
  /** Flush and release files. */
  close(): Promise<void>;
}

/** One exact lookup of `exactMany`: a target locale and a source hash (`sourceHash`). */
export interface ExactKey {
  readonly targetLocale: Locale;
  readonly hash: string;
}

/** A store that answers lookups itself (see TranslationMemoryStore): every optional lookup member present. */
export type SharedMemoryStore = TranslationMemoryStore &
  Required<Pick<TranslationMemoryStore, 'search' | 'lookup' | 'exact' | 'exactMany' | 'live' | 'deletedAt' | 'pairEntries' | 'exclusive'>>;

/**
 * A translation unit read from an exchange file: the same text in several languages. Which variant is the source is
 * not the file's to say (a header's `srclang` can be wrong or `*all*`): the memory takes the one in the
 * installation's source locale.
 */
export interface ExchangeUnit {
  /** Texts by language tag as the file writes it (`ko`, `en-US`), with inline tags like segment text. */
  readonly variants: Readonly<Record<string, string>>;
  /** Article slug, when the file says (a `group` property). */
  readonly slug?: string | null;
  readonly note?: string;
}

/** A translation-memory exchange format (TMX). */
export interface MemoryExchangeFormat {
  /** Stable id (`tmx`). */
  readonly id: string;
  /** Read a file; throws FormatParseError with the line and reason when it is malformed. `file` only labels messages. */
  parse(text: string, file?: string): Promise<{ readonly units: readonly ExchangeUnit[]; readonly tool: string | null }>;
  /** Write entries of one source locale as a file. */
  serialize(entries: readonly MemoryEntry[], sourceLocale: Locale): Promise<string>;
}
