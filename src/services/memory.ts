import { randomUUID } from 'node:crypto';
import { Mutex } from 'async-mutex';
import { ConfigError, NotFoundError, ValidationError } from '../core/errors.ts';
import { matchForm } from '../core/fuzzy-index.ts';
import { canonicalLocale, DEFAULT_SOURCE_LOCALE, type Locale, memoryLocale } from '../core/locale.ts';
import type {
  ExchangeUnit,
  MemoryEntry,
  MemoryExchangeFormat,
  MemoryTombstone,
  SharedMemoryStore,
  TranslationMemoryStore,
} from '../core/ports/translation-memory-store.ts';
import { sourceHash } from '../core/text.ts';
import { type ImportSummary, type KnownPair, planImport, summarizeImport } from './memory-import.ts';
import { MemoryIndex } from './memory-index.ts';
import {
  type ConcordanceOptions,
  concordanceIn,
  DEFAULT_FUZZY_THRESHOLD,
  DEFAULT_MATCH_LIMIT,
  type LookupOptions,
  MatchCache,
  type MemoryMatch,
  mergeMatches,
} from './memory-matches.ts';
import { isSharedMemoryStore, newId, sharedKnownPairs, sharedLookup } from './memory-shared.ts';
import type { ExactMatch } from './mt/types.ts';
import type { TranslationEvent } from './types.ts';

export { memoryLocale } from '../core/locale.ts';
export type { ImportSummary, PairImport } from './memory-import.ts';
export {
  type ConcordanceOptions,
  DEFAULT_FUZZY_THRESHOLD,
  DEFAULT_MATCH_LIMIT,
  type DiffPart,
  type LookupOptions,
  type MemoryMatch,
  sourceDiff,
} from './memory-matches.ts';

export interface ApprovalInput {
  readonly slug: string;
  readonly segmentId: string;
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  readonly source: string;
  readonly target: string;
  readonly approvedBy: string | null;
  readonly approvedAt?: string;
}

export interface MemoryServiceDeps {
  readonly store: TranslationMemoryStore;
  /** TMX reader/writer; needed for import and export only. */
  readonly exchange?: MemoryExchangeFormat;
  /** The installation's source locale: the source of every imported unit. Default DEFAULT_SOURCE_LOCALE. */
  readonly sourceLocale?: Locale;
  readonly now?: () => Date;
}

/** Whether an approval at `approvedAt` is not newer than a deletion at `deletedAt` (both ISO timestamps). */
function notAfter(approvedAt: string, deletedAt: string): boolean {
  return Date.parse(approvedAt) <= Date.parse(deletedAt);
}

/** How many entries the saved index may lag behind the log before `saveIndex` writes a new one. */
export const INDEX_SAVE_AFTER = 1_000;

/**
 * Translation memory: approved pairs per language pair, exact and fuzzy lookup, concordance search, TMX exchange.
 * Nothing is read until first use: the first call loads every stored entry into an in-memory index (the server starts
 * that with `load()` after it listens), so a command that never touches the memory never reads it. The index is
 * read from the snapshot the store keeps beside the entries when it is of the same log, and only the entries appended
 * since are indexed; `saveIndex` writes a new snapshot when it lags by INDEX_SAVE_AFTER entries or more. After that,
 * each new entry is appended to the store and added to the index; lookups are cached per language-pair generation.
 * A store shared by several processes (`isSharedMemoryStore`: PostgreSQL) is never loaded: every lookup, duplicate
 * check and deletion asks it, so what one process adds or deletes is seen by the others at once.
 */
export class MemoryService {
  readonly #deps: MemoryServiceDeps;
  /** The store, when it answers lookups itself; then the index stays empty. */
  readonly #shared: SharedMemoryStore | null;
  #index = new MemoryIndex();
  readonly #matches = new MatchCache();
  /**
   * Writes check the index, append, then index: two at once (the hook and start-up recovery) would both append. Over
   * a shared store they also hold its lock (`exclusive`), as another process may write the same pair.
   */
  readonly #writes = new Mutex();
  #loading: Promise<void> | null = null;
  /** The generation of the snapshot the store holds (0: none known). */
  #savedGeneration = 0;
  #saving: Promise<boolean> | null = null;

  /** A memory over `deps.store`; nothing is read until the first call that needs the entries. */
  constructor(deps: MemoryServiceDeps) {
    this.#deps = deps;
    this.#shared = isSharedMemoryStore(deps.store) ? deps.store : null;
  }

  /**
   * Read every stored entry into the index, once; later calls wait for the same load. A failed load (an unreadable
   * store) rejects with the store's error and is tried again on the next call. A snapshot that cannot be used (of
   * another log or version, or damaged) is ignored and the index built from the entries. Nothing to do (resolves at
   * once) over a shared store.
   */
  load(): Promise<void> {
    if (this.#shared) return Promise.resolve();
    this.#loading ??= (async () => {
      const { store } = this.#deps;
      const [entries, snapshot] = await Promise.all([store.all(), store.readIndex?.() ?? null]);
      const { index, restored } = await MemoryIndex.build(entries, snapshot);
      this.#index = index;
      this.#savedGeneration = restored;
    })().catch((error: unknown) => {
      this.#loading = null;
      throw error;
    });
    return this.#loading;
  }

  /** Whether the entries have been read (or are being read). */
  get loaded(): boolean {
    return this.#loading !== null;
  }

  /**
   * Save the index beside the entries when the memory is loaded, the store can keep it, and the saved one lags the
   * log by INDEX_SAVE_AFTER entries or more (or there is none and the memory has that many). The server calls it
   * after loading and every process at close. Resolves to whether it wrote; rejects with the store's write error
   * (the entries are unharmed: the next load indexes them again).
   */
  saveIndex(): Promise<boolean> {
    this.#saving ??= (async () => {
      if (this.#shared || !this.#loading || !this.#deps.store.writeIndex) return false;
      await this.load();
      const generation = this.#index.generation;
      if (generation - this.#savedGeneration < INDEX_SAVE_AFTER) return false;
      await this.#deps.store.writeIndex(this.#index.snapshot());
      this.#savedGeneration = generation;
      return true;
    })().finally(() => {
      this.#saving = null;
    });
    return this.#saving;
  }

  /** Live entries in the memory, all language pairs. */
  async size(): Promise<number> {
    // A shared store is counted from its log (tests and diagnostics only: no page asks for it).
    if (this.#shared) return (await MemoryIndex.build(await this.#shared.all(), null)).index.size;
    await this.load();
    return this.#index.size;
  }

  /** The hook for the review service (`onApproved`): every approved pair goes into the memory. */
  readonly onApproved = async (event: TranslationEvent): Promise<void> => {
    await this.recordApproval({
      slug: event.slug,
      segmentId: event.segment.id,
      sourceLocale: event.record.article.sourceLocale,
      targetLocale: event.translation.locale,
      source: event.segment.source,
      target: event.translation.text,
      approvedBy: event.actor.name,
      approvedAt: event.translation.updatedAt,
    });
  };

  /**
   * Add an approved pair. The same pair again is a no-op (returns null); a new text for the same segment and source
   * replaces the earlier entry in lookups (both stay in the log). A pair that was deleted (`deleteEntry`) is not added
   * again by an approval dated at or before the deletion (returns null): start-up reconciliation re-reads approvals
   * made long ago and must not bring a wrong entry back; an approval made after the deletion adds it again.
   */
  async recordApproval(input: ApprovalInput): Promise<MemoryEntry | null> {
    await this.load();
    return this.#write(async () => {
      if (input.target.trim() === '' || input.source.trim() === '') return null;
      const sourceLocale = canonicalLocale(input.sourceLocale);
      const targetLocale = canonicalLocale(input.targetLocale);
      const approvedAt = input.approvedAt ?? this.#now();
      const hash = sourceHash(input.source);
      const same = await this.#exact(sourceLocale, targetLocale, hash);
      if (same.some((e) => e.target === input.target && (e.segmentId === input.segmentId || e.slug === null))) return null;
      const deletedAt = this.#shared
        ? await this.#shared.deletedAt(sourceLocale, targetLocale, hash, input.target)
        : this.#index.deletedAt(sourceLocale, targetLocale, hash, input.target);
      if (deletedAt != null && notAfter(approvedAt, deletedAt)) return null;
      const previous = same.find((e) => e.slug === input.slug && e.segmentId === input.segmentId);
      const entry: MemoryEntry = {
        id: newId(),
        sourceLocale,
        targetLocale,
        source: input.source,
        target: input.target,
        slug: input.slug,
        segmentId: input.segmentId,
        approvedAt,
        approvedBy: input.approvedBy,
        origin: 'approval',
        ...(previous ? { replaces: previous.id } : {}),
      };
      await this.#deps.store.add([entry]);
      if (!this.#shared) this.#index.add(entry);
      return entry;
    });
  }

  /**
   * Delete a wrong entry: a tombstone is appended to the log (who and when; nothing is erased) and the entry leaves
   * lookups, concordance and exports at once, and after a restart. `id` is the entry's id (`tm-…`, shown on the memory
   * page and by `tandem memory search --json`). Throws NotFoundError when no live entry has that id (never added,
   * already deleted, or replaced by a re-approval). Callers check the permission: `memory.manage` on the web, the
   * local operator on the command line. The same pair is not added back by approvals dated at or before the deletion
   * (see `recordApproval`); a later approval or a TMX import adds it again.
   */
  async deleteEntry(id: string, deletedBy: string): Promise<MemoryTombstone> {
    await this.load();
    return this.#write(async () => {
      const entry = this.#shared ? await this.#shared.live(id) : this.#index.find(id);
      if (!entry) {
        throw new NotFoundError(`memory: no entry ${id}; it may have been deleted or replaced already (search the memory for its id)`, {
          reason: 'memory.no-entry',
          params: { id },
        });
      }
      const tombstone: MemoryTombstone = {
        kind: 'tombstone',
        id: `tmd-${randomUUID()}`,
        deletes: entry.id,
        sourceLocale: entry.sourceLocale,
        targetLocale: entry.targetLocale,
        source: entry.source,
        target: entry.target,
        deletedAt: this.#now(),
        deletedBy,
      };
      await this.#deps.store.delete(tombstone);
      if (!this.#shared) this.#index.add(tombstone);
      return tombstone;
    });
  }

  /**
   * Exact matches first (newest first), then fuzzy ones at or above the threshold, best first; at most `limit`.
   * Throws ValidationError for a threshold outside 0–100. Results are cached until the language pair changes.
   */
  async lookup(source: string, options: LookupOptions): Promise<MemoryMatch[]> {
    const threshold = options.threshold ?? DEFAULT_FUZZY_THRESHOLD;
    const limit = options.limit ?? DEFAULT_MATCH_LIMIT;
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
      throw new ValidationError(`memory: threshold ${threshold} is out of range; give a number from 0 to 100`, [], {
        reason: 'memory.threshold',
        params: { threshold },
      });
    }
    const sourceLocale = options.sourceLocale ?? DEFAULT_SOURCE_LOCALE;
    if (this.#shared) return sharedLookup(this.#shared, source, { sourceLocale, targetLocale: options.targetLocale }, threshold, limit);
    await this.load();
    const pair = this.#index.get(sourceLocale, options.targetLocale);
    if (!pair || limit <= 0) return [];
    return this.#matches.get({ source, pair: pair.key, threshold, limit }, pair.generation, () => {
      const exact = pair.exact.get(sourceHash(source)) ?? [];
      const hits = exact.length < limit ? pair.fuzzy.search(source, threshold, limit + exact.length) : [];
      return mergeMatches(exact, hits, source, limit);
    });
  }

  /** The newest exact match as a ready draft (tags renumbered), or null. Call before spending machine translation. */
  async findExact(sourceText: string, sourceLocale: Locale, targetLocale: Locale): Promise<MemoryMatch | null> {
    return (await this.lookup(sourceText, { sourceLocale, targetLocale, threshold: 100, limit: 1 })).find((m) => m.exact) ?? null;
  }

  /**
   * The newest approved translation of a source with this hash (`sourceHash`), or null; the shape the MT service's
   * `findApprovedTranslation` dependency expects. Tags are not renumbered: the hash does not carry the source text.
   */
  readonly findApprovedTranslation = async (hash: string, locale: Locale, sourceLocale?: Locale): Promise<string | null> =>
    (await this.findExactMatches([{ hash, locale }], sourceLocale))[0]?.target ?? null;

  /**
   * The newest approved translation of a source with this hash, with the article it came from, or null; the shape
   * the MT service's `findExactMatch` dependency expects. With `slug`, that article's own newest entry wins over newer
   * ones from elsewhere, so a repeated paragraph reads the same throughout its article. Tags are not renumbered.
   */
  readonly findExactMatch = async (hash: string, locale: Locale, slug?: string, sourceLocale?: Locale): Promise<ExactMatch | null> =>
    (await this.findExactMatches([{ hash, locale, ...(slug === undefined ? {} : { slug }) }], sourceLocale))[0]!;

  /**
   * `findExactMatch` for many segments at once, the answers in the order of `keys`: one round trip to a shared store
   * (an MT round asks for every item it claimed), the in-process index otherwise.
   */
  readonly findExactMatches = async (
    keys: readonly { readonly hash: string; readonly locale: Locale; readonly slug?: string }[],
    sourceLocale: Locale = DEFAULT_SOURCE_LOCALE,
  ): Promise<(ExactMatch | null)[]> => {
    const entries = this.#shared
      ? await this.#shared.exactMany(
          sourceLocale,
          keys.map((k) => ({ targetLocale: k.locale, hash: k.hash })),
        )
      : await Promise.all(keys.map((k) => this.#exact(sourceLocale, k.locale, k.hash)));
    return keys.map(({ slug }, i) => {
      const found = entries[i]!;
      const entry = (slug === undefined ? undefined : found.findLast((e) => e.slug === slug)) ?? found.at(-1);
      return entry ? { target: entry.target, slug: entry.slug } : null;
    });
  };

  /**
   * Entries whose source or target contains `text` (case-insensitive, spacing-insensitive), newest first. Throws
   * ValidationError when `text` has nothing to search for.
   */
  async concordance(text: string, options: ConcordanceOptions): Promise<MemoryEntry[]> {
    const needle = matchForm(text).replace(/\s+/g, '');
    if (needle === '') {
      throw new ValidationError('memory: the search text is empty; give a word or phrase to look for', [], {
        reason: 'memory.empty-search',
        problems: [{ code: 'empty-search' }],
      });
    }
    const entries = await this.entries(options.targetLocale, options.sourceLocale ?? DEFAULT_SOURCE_LOCALE);
    return concordanceIn(entries, needle, options.in ?? 'both', options.limit ?? 20);
  }

  /** Live entries of one language pair, oldest first. */
  async entries(targetLocale: Locale, sourceLocale: Locale = DEFAULT_SOURCE_LOCALE): Promise<MemoryEntry[]> {
    if (this.#shared) return this.#shared.pairEntries(sourceLocale, targetLocale);
    await this.load();
    return [...(this.#index.get(sourceLocale, targetLocale)?.entries.values() ?? [])];
  }

  /**
   * Import a TMX file: in every unit, the text in the installation's source locale is the source and every other
   * text a translation, each an entry of its language pair; pairs already known are skipped, and so are units without
   * source-locale text (counted in `withoutSource`).
   */
  async importFile(text: string, file?: string, importedBy?: string): Promise<ImportSummary> {
    const exchange = this.#exchange();
    const { units, tool } = await exchange.parse(text, file);
    return this.importUnits(units, importedBy ?? (tool ? `import:${tool}` : 'import'));
  }

  /** Add exchange units (already parsed) as entries. */
  async importUnits(units: readonly ExchangeUnit[], importedBy: string): Promise<ImportSummary> {
    await this.load();
    return this.#write(async () => {
      const sourceLocale = memoryLocale(this.#deps.sourceLocale ?? DEFAULT_SOURCE_LOCALE);
      const index = this.#index;
      const known: KnownPair = this.#shared
        ? await sharedKnownPairs(this.#shared, units, sourceLocale)
        : (s, t, hash, target) =>
            !!index
              .get(s, t)
              ?.exact.get(hash)
              ?.some((e) => e.target === target);
      const plan = planImport(units, known, { sourceLocale, at: this.#now(), importedBy, newId });
      await this.#deps.store.add(plan.fresh);
      if (!this.#shared) for (const entry of plan.fresh) index.add(entry);
      return summarizeImport(plan, units.length, sourceLocale);
    });
  }

  /** The language pair's live entries as a TMX document. */
  async exportFile(targetLocale: Locale, sourceLocale: Locale = DEFAULT_SOURCE_LOCALE): Promise<string> {
    const exchange = this.#exchange();
    const entries = await this.entries(canonicalLocale(targetLocale), canonicalLocale(sourceLocale));
    return exchange.serialize(entries, canonicalLocale(sourceLocale));
  }

  /** Run a check-then-append write alone: in this process (the mutex) and, over a shared store, in every process. */
  #write<T>(task: () => Promise<T>): Promise<T> {
    return this.#writes.runExclusive(() => (this.#shared ? this.#shared.exclusive(task) : task()));
  }

  /** Live entries of the pair with this source hash, oldest first: asked of a shared store, else of the index. */
  async #exact(sourceLocale: Locale, targetLocale: Locale, hash: string): Promise<readonly MemoryEntry[]> {
    if (this.#shared) return this.#shared.exact(sourceLocale, targetLocale, hash);
    await this.load();
    return this.#index.get(sourceLocale, targetLocale)?.exact.get(hash) ?? [];
  }

  #exchange(): MemoryExchangeFormat {
    // A wiring fault of the composition root, never a person's input.
    if (!this.#deps.exchange) throw new ConfigError('memory: no exchange format configured; main.ts must pass the TMX format');
    return this.#deps.exchange;
  }

  #now(): string {
    return (this.#deps.now?.() ?? new Date()).toISOString();
  }
}
