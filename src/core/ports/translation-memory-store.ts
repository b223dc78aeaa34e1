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
 * Durable storage of translation-memory entries. Entries are only ever added (a correction is a new entry that
 * `replaces` the old one), so a store can be an append-only log; the service loads everything once into its index.
 */
export interface TranslationMemoryStore {
  /** Every stored entry, in the order they were added. */
  all(): Promise<MemoryEntry[]>;
  /** Add entries; resolves only when they are durable. */
  add(entries: readonly MemoryEntry[]): Promise<void>;
  /**
   * The index snapshot last saved with `writeIndex` (bytes the memory service wrote, opaque here), or null when there
   * is none. Optional, with `writeIndex`: a store without them has its index built from every entry at each load.
   */
  readIndex?(): Promise<Uint8Array | null>;
  /** Replace the saved index snapshot; a crash leaves the old one or the new one whole, never a mix. */
  writeIndex?(bytes: Uint8Array): Promise<void>;
  /** Flush and release files. */
  close(): Promise<void>;
}

/** A translation unit read from an exchange file: one source and its translations by locale. */
export interface ExchangeUnit {
  readonly sourceLocale: Locale;
  readonly source: string;
  /** Translations by locale, texts with inline tags like segment text. */
  readonly targets: Readonly<Record<Locale, string>>;
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
