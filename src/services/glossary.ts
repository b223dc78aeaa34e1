import { parse } from 'csv-parse/sync';
import { ValidationError } from '../core/errors.ts';
import { canonicalLocale, type Locale } from '../core/locale.ts';
import type { GlossaryEntryDetails, GlossaryRecord, MtSettingsStore } from '../core/ports/mt-store.ts';

export interface GlossaryDeps {
  readonly settings: MtSettingsStore;
  readonly now?: () => Date;
}

const MAX_ENTRIES = 10_000;

/** A glossary read from a file: source → target, plus the optional per-term details the glossary check uses. */
export interface ParsedGlossary {
  readonly entries: Record<string, string>;
  readonly details: Record<string, GlossaryEntryDetails>;
}

const COLUMNS = ['source', 'target', 'forbidden', 'note', 'case_sensitive'] as const;

/**
 * Read a glossary CSV: columns source, target and optionally forbidden (renderings separated by `|`), note and
 * case_sensitive (true/false), in that order, or in any order when a header row names them. Every row is checked
 * before anything is returned; errors name the line, so a bad file stores nothing.
 */
export function parseGlossaryFile(text: string, file = 'glossary.csv'): ParsedGlossary {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof rows;
  } catch (cause) {
    throw new ValidationError(`glossary: ${file} is not valid CSV: ${(cause as Error).message}`, [], { cause });
  }
  let order: readonly string[] = COLUMNS;
  const first = rows[0]?.record.map((c) => c.toLowerCase().replace(/[\s-]+/g, '_'));
  if (first && first.includes('source') && first.includes('target')) {
    const unknown = first.filter((c) => !(COLUMNS as readonly string[]).includes(c));
    if (unknown.length) {
      throw new ValidationError(`glossary: ${file} line ${rows[0]!.info.lines} has unknown column(s) ${unknown.join(', ')}; use ${COLUMNS.join(', ')}`);
    }
    order = first;
    rows = rows.slice(1);
  }
  const entries: Record<string, string> = {};
  const details: Record<string, GlossaryEntryDetails> = {};
  for (const { record, info } of rows) {
    const where = `${file} line ${info.lines}`;
    if (record.length > order.length) throw new ValidationError(`glossary: ${where} has ${record.length} columns; expected at most ${order.length} (${order.join(', ')})`);
    const cell = (name: string) => (order.indexOf(name) >= 0 ? (record[order.indexOf(name)] ?? '') : '').normalize('NFC');
    const source = cell('source');
    const target = cell('target');
    if (!source || !target) throw new ValidationError(`glossary: ${where} needs a source term and a target term`);
    const forbidden = cell('forbidden').split('|').map((f) => f.trim()).filter(Boolean);
    const note = cell('note');
    const flag = cell('case_sensitive').toLowerCase();
    if (!['', 'true', 'false'].includes(flag)) throw new ValidationError(`glossary: ${where}: case_sensitive must be true or false, not "${cell('case_sensitive')}"`);
    if (/[\t\n\r]/.test(source + target + forbidden.join(''))) throw new ValidationError(`glossary: ${where} has a tab or line break inside a term`);
    if (forbidden.includes(target)) throw new ValidationError(`glossary: ${where} forbids its own required rendering "${target}"`);
    if (source in entries && entries[source] !== target) {
      throw new ValidationError(`glossary: ${where} gives "${source}" a second rendering ("${entries[source]}" before, "${target}" now); keep one`);
    }
    entries[source] = target;
    const d: GlossaryEntryDetails = {
      ...(forbidden.length ? { forbidden } : {}),
      ...(note ? { note } : {}),
      ...(flag === 'true' ? { caseSensitive: true } : {}),
    };
    if (Object.keys(d).length) details[source] = d;
    else delete details[source];
  }
  if (Object.keys(entries).length > MAX_ENTRIES) throw new ValidationError(`glossary: ${file} has more than ${MAX_ENTRIES} entries`);
  return { entries, details };
}

/** Source → target only (see `parseGlossaryFile` for the columns read). */
export function parseGlossaryCsv(text: string, file = 'glossary.csv'): Record<string, string> {
  return parseGlossaryFile(text, file).entries;
}

/** Replace (or, with `merge`, extend) the glossary of a language pair; `details` replace those of the same terms. */
export async function importGlossary(
  deps: GlossaryDeps,
  input: {
    readonly from: string;
    readonly to: string;
    readonly entries: Readonly<Record<string, string>>;
    readonly details?: Readonly<Record<string, GlossaryEntryDetails>>;
    readonly merge?: boolean;
  },
): Promise<GlossaryRecord> {
  const sourceLocale = canonicalLocale(input.from);
  const targetLocale = canonicalLocale(input.to);
  const current = input.merge ? await deps.settings.glossary(sourceLocale, targetLocale) : null;
  const details: Record<string, GlossaryEntryDetails> = { ...(current?.details ?? {}) };
  for (const source of Object.keys(input.entries)) {
    const d = input.details?.[source];
    if (d) details[source] = d;
    else delete details[source];
  }
  const record: GlossaryRecord = {
    sourceLocale,
    targetLocale,
    entries: { ...(current?.entries ?? {}), ...input.entries },
    ...(Object.keys(details).length ? { details } : {}),
    updatedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  await deps.settings.putGlossary(record);
  return record;
}

export function listGlossaries(deps: GlossaryDeps): Promise<GlossaryRecord[]> {
  return deps.settings.glossaries();
}

/** A glossary entry as pages show it: the required rendering, and optionally a note and forbidden renderings. */
export interface GlossaryEntry {
  readonly source: string;
  readonly target: string;
  readonly note?: string;
  readonly forbidden?: readonly string[];
}

/** The entries of a stored glossary record, in stored order; none for null. */
export function glossaryEntries(record: GlossaryRecord | null): GlossaryEntry[] {
  if (!record) return [];
  const details = record.details ?? {};
  return Object.entries(record.entries).map(([source, target]) => ({
    source,
    target,
    ...(details[source]?.note ? { note: details[source]!.note! } : {}),
    ...(details[source]?.forbidden?.length ? { forbidden: details[source]!.forbidden! } : {}),
  }));
}

/**
 * The per-language-pair glossaries as the web and the CLI see them (they live in the MT settings store, where
 * `tandem glossary import` puts them). Locales are canonicalised; a malformed one is a ValidationError.
 */
export class GlossaryService {
  readonly #deps: GlossaryDeps;

  constructor(deps: GlossaryDeps) {
    this.#deps = deps;
  }

  /** The glossary of a language pair, or null when it has none. */
  get(sourceLocale: string, targetLocale: string): Promise<GlossaryRecord | null> {
    return this.#deps.settings.glossary(canonicalLocale(sourceLocale), canonicalLocale(targetLocale));
  }

  /** The entries of a language pair's glossary (none when it has no glossary). */
  async terms(sourceLocale: string, targetLocale: string): Promise<GlossaryEntry[]> {
    return glossaryEntries(await this.get(sourceLocale, targetLocale));
  }

  /** Every glossary. */
  list(): Promise<GlossaryRecord[]> {
    return listGlossaries(this.#deps);
  }

  /** Replace or extend a pair's glossary (see `importGlossary`). */
  import(input: Parameters<typeof importGlossary>[1]): Promise<GlossaryRecord> {
    return importGlossary(this.#deps, input);
  }
}
