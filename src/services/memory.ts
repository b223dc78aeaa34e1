import { randomUUID } from 'node:crypto';
import { Mutex } from 'async-mutex';
import { diffChars, diffWordsWithSpace } from 'diff';
import { ValidationError } from '../core/errors.ts';
import { FuzzyIndex, matchForm } from '../core/fuzzy-index.ts';
import { canonicalLocale, DEFAULT_SOURCE_LOCALE, type Locale } from '../core/locale.ts';
import type { ExchangeUnit, MemoryEntry, MemoryExchangeFormat, TranslationMemoryStore } from '../core/ports/translation-memory-store.ts';
import { renumberTags } from '../core/segment-text.ts';
import { normalizeForMatch, sourceHash } from '../core/text.ts';
import type { TranslationEvent } from './types.ts';

export const DEFAULT_FUZZY_THRESHOLD = 75;
export const DEFAULT_MATCH_LIMIT = 5;

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

export interface ImportSummary {
  readonly units: number;
  /** Entries added (one per unit and target language). */
  readonly added: number;
  /** Pairs already in the memory or repeated in the file. */
  readonly duplicates: number;
  /** Units without a source-language text, and empty translations. */
  readonly skipped: number;
  readonly locales: readonly Locale[];
}

export interface MemoryServiceDeps {
  readonly store: TranslationMemoryStore;
  /** TMX reader/writer; needed for import and export only. */
  readonly exchange?: MemoryExchangeFormat;
  readonly now?: () => Date;
}

interface PairIndex {
  readonly fuzzy: FuzzyIndex<MemoryEntry>;
  /** sourceHash → live entries, newest last. */
  readonly exact: Map<string, MemoryEntry[]>;
  readonly entries: Map<string, MemoryEntry>;
}

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

const SPACELESS = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Character diff for Korean, Japanese and Chinese (particles change inside words), word diff otherwise. */
export function sourceDiff(memorySource: string, source: string): DiffPart[] {
  const a = normalizeForMatch(memorySource);
  const b = normalizeForMatch(source);
  const changes = SPACELESS.test(a + b) ? diffChars(a, b) : diffWordsWithSpace(a, b);
  return changes.map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
}

function newId(): string {
  return `tm-${randomUUID()}`;
}

/**
 * Translation memory: approved pairs per language pair, exact and fuzzy lookup, concordance search, TMX exchange.
 * Everything is loaded into an in-memory index at start (`MemoryService.open`); the store only appends.
 */
export class MemoryService {
  readonly #deps: MemoryServiceDeps;
  readonly #pairs = new Map<string, PairIndex>();
  /** Approvals check the index, append, then index: two at once (the hook and start-up recovery) would both append. */
  readonly #approvals = new Mutex();
  #count = 0;

  private constructor(deps: MemoryServiceDeps) {
    this.#deps = deps;
  }

  /** Load every stored entry into the index. */
  static async open(deps: MemoryServiceDeps): Promise<MemoryService> {
    const service = new MemoryService(deps);
    for (const entry of await deps.store.all()) service.#index(entry);
    return service;
  }

  /** Live entries in the memory, all language pairs. */
  get size(): number {
    return this.#count;
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
   * replaces the earlier entry in lookups (both stay in the log).
   */
  recordApproval(input: ApprovalInput): Promise<MemoryEntry | null> {
    return this.#approvals.runExclusive(async () => {
      if (input.target.trim() === '' || input.source.trim() === '') return null;
      const sourceLocale = canonicalLocale(input.sourceLocale);
      const targetLocale = canonicalLocale(input.targetLocale);
      const pair = this.#pair(sourceLocale, targetLocale);
      const hash = sourceHash(input.source);
      const same = pair.exact.get(hash) ?? [];
      if (same.some((e) => e.target === input.target && (e.segmentId === input.segmentId || e.slug === null))) return null;
      const previous = same.find((e) => e.slug === input.slug && e.segmentId === input.segmentId);
      const entry: MemoryEntry = {
        id: newId(),
        sourceLocale,
        targetLocale,
        source: input.source,
        target: input.target,
        slug: input.slug,
        segmentId: input.segmentId,
        approvedAt: input.approvedAt ?? this.#now(),
        approvedBy: input.approvedBy,
        origin: 'approval',
        ...(previous ? { replaces: previous.id } : {}),
      };
      await this.#deps.store.add([entry]);
      this.#index(entry);
      return entry;
    });
  }

  /** Exact matches first (newest first), then fuzzy ones at or above the threshold, best first; at most `limit`. */
  lookup(source: string, options: LookupOptions): MemoryMatch[] {
    const threshold = options.threshold ?? DEFAULT_FUZZY_THRESHOLD;
    const limit = options.limit ?? DEFAULT_MATCH_LIMIT;
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
      throw new ValidationError(`memory: threshold ${threshold} is out of range; give a number from 0 to 100`);
    }
    const pair = this.#pairs.get(this.#key(options.sourceLocale ?? DEFAULT_SOURCE_LOCALE, options.targetLocale));
    if (!pair || limit <= 0) return [];
    const exact = [...(pair.exact.get(sourceHash(source)) ?? [])].reverse();
    const seen = new Set(exact.map((e) => e.id));
    const matches: MemoryMatch[] = exact.map((entry) => this.#match(entry, source, 100, true));
    if (matches.length < limit) {
      for (const hit of pair.fuzzy.search(source, threshold, limit + exact.length)) {
        if (seen.has(hit.item.id)) continue;
        // Same letters but a different normalized source (case, tag numbers in a different order): near, not exact.
        matches.push(this.#match(hit.item, source, Math.min(hit.score, 99), false));
      }
    }
    return matches.slice(0, limit);
  }

  /** The newest exact match as a ready draft (tags renumbered), or null. Call before spending machine translation. */
  async findExact(sourceText: string, sourceLocale: Locale, targetLocale: Locale): Promise<MemoryMatch | null> {
    return this.lookup(sourceText, { sourceLocale, targetLocale, threshold: 100, limit: 1 }).find((m) => m.exact) ?? null;
  }

  /**
   * The newest approved translation of a source with this hash (`sourceHash`), or null; the shape the MT service's
   * `findApprovedTranslation` dependency expects. Tags are not renumbered: the hash does not carry the source text.
   */
  readonly findApprovedTranslation = async (
    hash: string,
    targetLocale: Locale,
    sourceLocale: Locale = DEFAULT_SOURCE_LOCALE,
  ): Promise<string | null> => {
    const pair = this.#pairs.get(this.#key(sourceLocale, targetLocale));
    const entries = pair?.exact.get(hash);
    return entries?.[entries.length - 1]?.target ?? null;
  };

  /**
   * The newest approved translation of a source with this hash, with the article it came from, or null; the shape
   * the MT service's `findExactMatch` dependency expects. With `slug`, that article's own newest entry wins over newer
   * ones from elsewhere, so a repeated paragraph reads the same throughout its article. Tags are not renumbered.
   */
  readonly findExactMatch = async (
    hash: string,
    targetLocale: Locale,
    slug?: string,
    sourceLocale: Locale = DEFAULT_SOURCE_LOCALE,
  ): Promise<{ readonly target: string; readonly slug: string | null } | null> => {
    const entries = this.#pairs.get(this.#key(sourceLocale, targetLocale))?.exact.get(hash) ?? [];
    const own = slug === undefined ? undefined : entries.findLast((e) => e.slug === slug);
    const entry = own ?? entries[entries.length - 1];
    return entry ? { target: entry.target, slug: entry.slug } : null;
  };

  /** Entries whose source or target contains `text` (case-insensitive, spacing-insensitive), newest first. */
  concordance(text: string, options: ConcordanceOptions): MemoryEntry[] {
    const needle = matchForm(text).replace(/\s+/g, '');
    if (needle === '') throw new ValidationError('memory: the search text is empty; give a word or phrase to look for');
    const pair = this.#pairs.get(this.#key(options.sourceLocale ?? DEFAULT_SOURCE_LOCALE, options.targetLocale));
    if (!pair) return [];
    const where = options.in ?? 'both';
    const limit = options.limit ?? 20;
    const out: MemoryEntry[] = [];
    const entries = [...pair.entries.values()];
    for (let i = entries.length - 1; i >= 0 && out.length < limit; i--) {
      const e = entries[i]!;
      const inSource = where !== 'target' && matchForm(e.source).replace(/\s+/g, '').includes(needle);
      const inTarget = !inSource && where !== 'source' && matchForm(e.target).replace(/\s+/g, '').includes(needle);
      if (inSource || inTarget) out.push(e);
    }
    return out;
  }

  /** Live entries of one language pair, oldest first. */
  entries(targetLocale: Locale, sourceLocale: Locale = DEFAULT_SOURCE_LOCALE): MemoryEntry[] {
    return [...(this.#pairs.get(this.#key(sourceLocale, targetLocale))?.entries.values() ?? [])];
  }

  /** Import a TMX file: every translation of a unit becomes an entry of its language pair; pairs already known are skipped. */
  async importFile(text: string, file?: string, importedBy?: string): Promise<ImportSummary> {
    const exchange = this.#exchange();
    const { units, tool } = await exchange.parse(text, file);
    return this.importUnits(units, importedBy ?? (tool ? `import:${tool}` : 'import'));
  }

  /** Add exchange units (already parsed) as entries. */
  async importUnits(units: readonly ExchangeUnit[], importedBy: string): Promise<ImportSummary> {
    const at = this.#now();
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
        const key = `${this.#key(sourceLocale, targetLocale)}\u0000${hash}\u0000${target}`;
        const known = this.#pairs
          .get(this.#key(sourceLocale, targetLocale))
          ?.exact.get(hash)
          ?.some((e) => e.target === target);
        if (known || keys.has(key)) {
          duplicates += 1;
          continue;
        }
        keys.add(key);
        locales.add(targetLocale);
        fresh.push({
          id: newId(),
          sourceLocale,
          targetLocale,
          source: unit.source,
          target,
          slug: unit.slug ?? null,
          segmentId: null,
          approvedAt: at,
          approvedBy: importedBy,
          origin: 'import',
          ...(unit.note ? { note: unit.note } : {}),
        });
      }
    }
    await this.#deps.store.add(fresh);
    for (const entry of fresh) this.#index(entry);
    return { units: units.length, added: fresh.length, duplicates, skipped, locales: [...locales].sort() };
  }

  /** The language pair's live entries as a TMX document. */
  async exportFile(targetLocale: Locale, sourceLocale: Locale = DEFAULT_SOURCE_LOCALE): Promise<string> {
    return this.#exchange().serialize(
      this.entries(canonicalLocale(targetLocale), canonicalLocale(sourceLocale)),
      canonicalLocale(sourceLocale),
    );
  }

  #exchange(): MemoryExchangeFormat {
    if (!this.#deps.exchange) throw new ValidationError('memory: no exchange format configured; main.ts must pass the TMX format');
    return this.#deps.exchange;
  }

  #match(entry: MemoryEntry, source: string, score: number, exact: boolean): MemoryMatch {
    return { entry, score, exact, text: renumberTags(entry.source, source, entry.target), diff: sourceDiff(entry.source, source) };
  }

  #key(sourceLocale: Locale, targetLocale: Locale): string {
    return `${memoryLocale(sourceLocale)}>${memoryLocale(targetLocale)}`;
  }

  #pair(sourceLocale: Locale, targetLocale: Locale): PairIndex {
    const key = this.#key(sourceLocale, targetLocale);
    let pair = this.#pairs.get(key);
    if (!pair) {
      pair = { fuzzy: new FuzzyIndex<MemoryEntry>(), exact: new Map(), entries: new Map() };
      this.#pairs.set(key, pair);
    }
    return pair;
  }

  #index(entry: MemoryEntry): void {
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
    this.#count += 1;
  }

  #now(): string {
    return (this.#deps.now?.() ?? new Date()).toISOString();
  }
}
