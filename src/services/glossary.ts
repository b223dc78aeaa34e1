import { Mutex } from 'async-mutex';
import { parse } from 'csv-parse/sync';
import { type InputProblem, ValidationError } from '../core/errors.ts';
import { canonicalLocale } from '../core/locale.ts';
import type { GlossaryEntryDetails, GlossaryRecord, MtSettingsStore } from '../core/ports/mt-store.ts';
import { stripBom } from '../core/text.ts';
import { GLOSSARY_COLUMNS, isGlossaryProblem, normaliseTerm, readGlossaryRow } from './glossary-rows.ts';

import {
  type GlossaryEntryInput,
  type GlossaryPage,
  glossaryCsv,
  putGlossaryEntry,
  removeGlossaryEntry,
  searchGlossary,
} from './glossary-entries.ts';

export { normaliseTerm } from './glossary-rows.ts';

export interface GlossaryDeps {
  readonly settings: MtSettingsStore;
  readonly now?: () => Date;
}

/** Most entries a pair's glossary holds. */
export const GLOSSARY_MAX_ENTRIES = 10_000;
const MAX_ENTRIES = GLOSSARY_MAX_ENTRIES;
/** Largest glossary CSV read: 10,000 entries with notes and forbidden renderings stay far below it (4 MiB). */
export const GLOSSARY_FILE_MAX_BYTES = 4 * 1024 * 1024;
// Shown at most in one error message; the rest are counted.
const MAX_REPORTED = 10;

/**
 * A glossary read from a file: source → target, plus the optional per-term details the glossary check uses. Both are
 * prototype-free objects, so `__proto__`, `constructor` or `toString` are ordinary terms.
 */
export interface ParsedGlossary {
  readonly entries: Record<string, string>;
  readonly details: Record<string, GlossaryEntryDetails>;
}

/** A dictionary without a prototype: every string, `__proto__` included, is an ordinary own key. */
export function termRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * Read a glossary CSV: columns source, target and optionally forbidden (renderings separated by `|`), note and
 * case_sensitive (true/false), in that order, or in any order when a header row names them. Terms are normalised
 * (`normaliseTerm`). Every row is checked before anything is returned: empty sides, control characters, tabs or line
 * breaks inside a term and a source term given twice (after normalisation) are refused. Throws one ValidationError
 * naming every refused line (`glossary: terms.csv line 7: the source term is empty`; `details` holds one sentence per
 * line), so a bad file stores nothing; also for invalid CSV and more than 10,000 entries.
 */
export function parseGlossaryFile(text: string, file = 'glossary.csv'): ParsedGlossary {
  let rows: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    // No csv-parse trim: it knows ASCII white space only; normaliseTerm trims Unicode white space.
    rows = parse(stripBom(text), {
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      // A header, the entries allowed and one more to know there are too many: a 200,000-line file is not read whole.
      to: MAX_ENTRIES + 2,
    }) as unknown as typeof rows;
  } catch (cause) {
    const reason = (cause as Error).message;
    throw new ValidationError(`glossary: ${file} is not valid CSV: ${reason}`, [], {
      cause,
      reason: 'glossary.invalid-csv',
      params: { file, reason },
      problems: [{ code: 'invalid-csv', values: { reason } }],
    });
  }
  // Parsing stopped at its limit: there is more, and whatever it is, the file is too long.
  const cutShort = rows.length === MAX_ENTRIES + 2;
  rows = rows.filter((r) => r.record.some((c) => c.trim() !== ''));
  const tooMany = () =>
    new ValidationError(`glossary: ${file} has more than ${MAX_ENTRIES} entries; split it and import the parts with --merge`, [], {
      reason: 'glossary.too-many',
      params: { max: MAX_ENTRIES },
      problems: [{ code: 'too-many', values: { max: MAX_ENTRIES } }],
    });
  let order: readonly string[] = GLOSSARY_COLUMNS;
  const first = rows[0]?.record.map((c) =>
    c
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  if (first?.includes('source') && first.includes('target')) {
    const unknown = first.filter((c) => !(GLOSSARY_COLUMNS as readonly string[]).includes(c));
    if (unknown.length) {
      throw new ValidationError(
        `glossary: ${file} line ${rows[0]!.info.lines} has unknown column(s) ${unknown.join(', ')}; use ${GLOSSARY_COLUMNS.join(', ')}`,
        [],
        {
          reason: 'glossary.unknown-columns',
          params: { columns: unknown.join(', '), expected: GLOSSARY_COLUMNS.join(', ') },
          problems: [
            {
              code: 'unknown-columns',
              line: rows[0]!.info.lines,
              values: { columns: unknown.join(', '), expected: GLOSSARY_COLUMNS.join(', ') },
            },
          ],
        },
      );
    }
    order = first;
    rows = rows.slice(1);
  }
  if (cutShort || rows.length > MAX_ENTRIES) throw tooMany();
  // csv-parse counts lines up to a record's end; a quoted line break makes the record start earlier than that.
  const startLine = (row: (typeof rows)[number]) =>
    row.info.lines -
    (row.raw
      .replace(/^[\r\n]+/, '')
      .replace(/\r?\n$/, '')
      .match(/\n/g)?.length ?? 0);
  const entries = termRecord<string>();
  const details = termRecord<GlossaryEntryDetails>();
  const lineOf = new Map<string, number>();
  const problems: string[] = [];
  const coded: InputProblem[] = [];
  for (const row of rows) {
    const line = startLine(row);
    const read = readGlossaryRow(row.record, order, lineOf);
    if (isGlossaryProblem(read)) {
      problems.push(`${file} line ${line}: ${read.text}`);
      coded.push({ code: read.code, line, ...(read.values ? { values: read.values } : {}) });
      continue;
    }
    const { source, target, detail } = read;
    lineOf.set(source, line);
    entries[source] = target;
    if (detail) details[source] = detail;
  }
  if (problems.length) {
    const more = problems.length > MAX_REPORTED ? `; and ${problems.length - MAX_REPORTED} more line(s)` : '';
    throw new ValidationError(
      `glossary: ${problems.slice(0, MAX_REPORTED).join('; ')}${more}. Nothing was imported; fix the file and import it again`,
      problems,
      { reason: 'glossary.bad-rows', params: { count: problems.length }, problems: coded },
    );
  }
  if (lineOf.size > MAX_ENTRIES) throw tooMany();
  return { entries, details };
}

/** Source → target only (see `parseGlossaryFile` for the columns read). */
export function parseGlossaryCsv(text: string, file = 'glossary.csv'): Record<string, string> {
  return parseGlossaryFile(text, file).entries;
}

/** What `importGlossary` stores for a language pair. */
export interface GlossaryImport {
  readonly from: string;
  readonly to: string;
  /** Source term → target term; normalised and checked like a file's terms (`normaliseTerm`). */
  readonly entries: Readonly<Record<string, string>>;
  readonly details?: Readonly<Record<string, GlossaryEntryDetails>>;
  /** Keep the entries already there (terms given again take the new rendering and details). */
  readonly merge?: boolean;
  /** Allow an empty entry list to empty the pair's glossary; without it an empty import changes nothing. */
  readonly replace?: boolean;
}

/** A glossary file to parse (`parseGlossaryFile`) and import, as the CLI and the API hand it over. */
export type GlossaryFileImport = Omit<GlossaryImport, 'entries' | 'details'> & {
  /** The file's text (already decoded). */
  readonly content: string;
  /** Its name, for the refusals' wording (default `glossary.csv`). */
  readonly file?: string;
};

/** The pair a file went to (canonical locales) and how many entries its glossary has afterwards. */
export interface GlossaryImported {
  readonly sourceLocale: string;
  readonly targetLocale: string;
  readonly entries: number;
}

/**
 * Replace (or, with `merge`, extend) the glossary of a language pair; `details` replace those of the same terms.
 * Throws ValidationError, storing nothing, when a term cannot be sent (see `normaliseTerm`), when two source terms
 * become the same once normalised, when `merge` and `replace` are both set, and when there are no entries and
 * `replace` is not set (an empty file must not wipe a glossary by accident).
 */
export async function importGlossary(deps: GlossaryDeps, input: GlossaryImport): Promise<GlossaryRecord> {
  const sourceLocale = canonicalLocale(input.from);
  const targetLocale = canonicalLocale(input.to);
  if (sourceLocale === targetLocale) {
    throw new ValidationError(`glossary: a glossary pairs two languages; --from and --to are both ${sourceLocale}`, [], {
      reason: 'glossary.same-locales',
      params: { locale: sourceLocale },
      problems: [{ code: 'same-locales', values: { locale: sourceLocale } }],
    });
  }
  if (input.merge && input.replace)
    throw new ValidationError('glossary: --merge keeps the entries and --replace drops them; pass one of them', [], {
      reason: 'glossary.merge-and-replace',
    });
  const incoming = normaliseEntries(input.entries, input.details);
  if (Object.keys(incoming.entries).length === 0 && !input.replace) {
    throw new ValidationError(
      `glossary: no entries to import; the ${sourceLocale} → ${targetLocale} glossary was left as it is. To empty it, import with --replace`,
      [],
      { reason: 'glossary.empty', params: { from: sourceLocale, to: targetLocale }, problems: [{ code: 'empty' }] },
    );
  }
  const current = input.merge ? await deps.settings.glossary(sourceLocale, targetLocale) : null;
  const entries = Object.assign(termRecord<string>(), current?.entries, incoming.entries);
  const details = Object.assign(termRecord<GlossaryEntryDetails>(), current?.details);
  for (const source of Object.keys(incoming.entries)) {
    const d = incoming.details[source];
    if (d) details[source] = d;
    else delete details[source];
  }
  return storeGlossary(deps, sourceLocale, targetLocale, entries, details);
}

/**
 * Store a language pair's whole glossary (entries by source term, their details) stamped now (ISO 8601 UTC); an empty
 * entry list removes the pair's glossary (MtSettingsStore.putGlossary). The one place a glossary record is built.
 */
export async function storeGlossary(
  deps: GlossaryDeps,
  sourceLocale: string,
  targetLocale: string,
  entries: Record<string, string>,
  details: Record<string, GlossaryEntryDetails>,
): Promise<GlossaryRecord> {
  const record: GlossaryRecord = {
    sourceLocale,
    targetLocale,
    entries,
    ...(Object.keys(details).length ? { details } : {}),
    updatedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  await deps.settings.putGlossary(record);
  return record;
}

/** Entries given as data, normalised like a file's (a file's are already, so this changes nothing for them). */
function normaliseEntries(
  raw: Readonly<Record<string, string>>,
  rawDetails: Readonly<Record<string, GlossaryEntryDetails>> | undefined,
): ParsedGlossary {
  const entries = termRecord<string>();
  const details = termRecord<GlossaryEntryDetails>();
  const problems: string[] = [];
  for (const [rawSource, rawTarget] of Object.entries(raw)) {
    const source = normaliseTerm(rawSource);
    const target = normaliseTerm(rawTarget);
    if ('error' in source) problems.push(`the source term ${JSON.stringify(rawSource)} ${source.error}`);
    else if ('error' in target) problems.push(`the target term of "${source.term}" ${target.error}`);
    else if (Object.hasOwn(entries, source.term)) problems.push(`the source term "${source.term}" is given twice once normalised`);
    else {
      entries[source.term] = target.term;
      const d = rawDetails && Object.hasOwn(rawDetails, rawSource) ? rawDetails[rawSource] : undefined;
      if (d) details[source.term] = d;
    }
  }
  if (problems.length) {
    throw new ValidationError(`glossary: ${problems.slice(0, MAX_REPORTED).join('; ')}. Nothing was imported`, problems, {
      reason: 'glossary.bad-rows',
      params: { count: problems.length },
    });
  }
  return { entries, details };
}

/** The details of one term of a stored glossary (own keys only: `constructor` is a term, not Object's). */
export function termDetails(record: Pick<GlossaryRecord, 'details'> | null, source: string): GlossaryEntryDetails | undefined {
  return record?.details && Object.hasOwn(record.details, source) ? record.details[source] : undefined;
}

/** Every stored glossary, one per language pair. */
export function listGlossaries(deps: GlossaryDeps): Promise<GlossaryRecord[]> {
  return deps.settings.glossaries();
}

/** A glossary entry as pages show it: the required rendering, and optionally a note and forbidden renderings. */
export interface GlossaryEntry {
  readonly source: string;
  readonly target: string;
  readonly note?: string;
  readonly forbidden?: readonly string[];
  /** Latin-script terms matched case-sensitively. */
  readonly caseSensitive?: boolean;
}

/** The entries of a stored glossary record, in stored order; none for null. */
export function glossaryEntries(record: GlossaryRecord | null): GlossaryEntry[] {
  if (!record) return [];
  return Object.entries(record.entries).map(([source, target]) => {
    const d = termDetails(record, source);
    return {
      source,
      target,
      ...(d?.note ? { note: d.note } : {}),
      ...(d?.forbidden?.length ? { forbidden: d.forbidden } : {}),
      ...(d?.caseSensitive ? { caseSensitive: true } : {}),
    };
  });
}

/**
 * The per-language-pair glossaries as the web and the CLI see them (they live in the MT settings store, where
 * `tandem glossary import` puts them). Locales are canonicalised; a malformed one is a ValidationError.
 */
export class GlossaryService {
  readonly #deps: GlossaryDeps;
  /** Entry edits read, change and store a pair's whole record: two at once would lose one. */
  readonly #writes = new Mutex();

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

  /** Replace or extend a pair's glossary (see `importGlossary` for what is refused). */
  import(input: GlossaryImport): Promise<GlossaryRecord> {
    return this.#writes.runExclusive(() => importGlossary(this.#deps, input));
  }

  /** Parse a glossary file and import it (see `parseGlossaryFile` and `importGlossary` for what is refused). */
  async importFile(input: GlossaryFileImport): Promise<GlossaryImported> {
    const { content, file, ...pair } = input;
    const record = await this.import({ ...pair, ...parseGlossaryFile(content, file) });
    return { sourceLocale: record.sourceLocale, targetLocale: record.targetLocale, entries: Object.keys(record.entries).length };
  }

  /** Add or edit one entry, checked like a CSV row (see `putGlossaryEntry` for what is refused). */
  putEntry(input: GlossaryEntryInput): Promise<GlossaryRecord> {
    return this.#writes.runExclusive(() => putGlossaryEntry(this.#deps, input));
  }

  /** Remove one entry; false when it was not there. */
  removeEntry(from: string, to: string, source: string): Promise<boolean> {
    return this.#writes.runExclusive(() => removeGlossaryEntry(this.#deps, from, to, source));
  }

  /** One page of the pair's entries matching `query` (see `searchGlossary`). */
  async search(from: string, to: string, query: string, page: number, perPage: number): Promise<GlossaryPage> {
    return searchGlossary(await this.get(from, to), query, page, perPage);
  }

  /** The pair's glossary as a CSV that `parseGlossaryFile` reads back (see `glossaryCsv`). */
  async exportCsv(from: string, to: string): Promise<string> {
    return glossaryCsv(await this.get(from, to));
  }
}
