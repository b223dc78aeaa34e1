import { parse } from 'csv-parse/sync';
import { ValidationError } from '../core/errors.ts';
import { canonicalLocale } from '../core/locale.ts';
import type { GlossaryEntryDetails, GlossaryRecord, MtSettingsStore } from '../core/ports/mt-store.ts';
import { stripIgnorables } from '../core/segment-text.ts';
import { stripBom } from '../core/text.ts';

export interface GlossaryDeps {
  readonly settings: MtSettingsStore;
  readonly now?: () => Date;
}

const MAX_ENTRIES = 10_000;
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

const COLUMNS = ['source', 'target', 'forbidden', 'note', 'case_sensitive'] as const;

// C0 and C1 controls (tab, line feed, carriage return included) and the Unicode line and paragraph separators: DeepL
// refuses glossary entries containing them, and a tab or line break would also break the TSV the entries travel in.
const UNSENDABLE = /[\p{Cc}\u2028\u2029]/u;
const WHITESPACE_RUN = /\p{White_Space}+/gu;

/** A dictionary without a prototype: every string, `__proto__` included, is an ordinary own key. */
export function termRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * A glossary term in the form it is stored and sent: NFC, ignorable code points removed (`stripIgnorables`, the one
 * definition), Unicode white space (U+3000 ideographic space and U+00A0 included) trimmed at both ends and collapsed
 * to one space inside. Resolves to an error sentence instead when the term cannot be sent: empty, or a control
 * character, tab or line break inside it (DeepL refuses the whole glossary for one such entry).
 */
export function normaliseTerm(raw: string): { readonly term: string } | { readonly error: string } {
  const stripped = stripIgnorables(raw.normalize('NFC')).replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
  if (stripped === '') return { error: 'is empty' };
  const bad = UNSENDABLE.exec(stripped);
  if (bad) return { error: `contains ${describeCodePoint(bad[0])}, which a glossary cannot hold` };
  return { term: stripped.replace(WHITESPACE_RUN, ' ').normalize('NFC') };
}

function describeCodePoint(ch: string): string {
  const names: Record<string, string> = {
    '\t': 'a tab',
    '\n': 'a line break',
    '\r': 'a line break',
    '\u2028': 'a line break',
    '\u2029': 'a line break',
  };
  const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `${names[ch] ?? 'a control character'} (U+${hex})`;
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
    throw new ValidationError(`glossary: ${file} is not valid CSV: ${(cause as Error).message}`, [], { cause });
  }
  // Parsing stopped at its limit: there is more, and whatever it is, the file is too long.
  const cutShort = rows.length === MAX_ENTRIES + 2;
  rows = rows.filter((r) => r.record.some((c) => c.trim() !== ''));
  const tooMany = () =>
    new ValidationError(`glossary: ${file} has more than ${MAX_ENTRIES} entries; split it and import the parts with --merge`);
  let order: readonly string[] = COLUMNS;
  const first = rows[0]?.record.map((c) =>
    c
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  if (first?.includes('source') && first.includes('target')) {
    const unknown = first.filter((c) => !(COLUMNS as readonly string[]).includes(c));
    if (unknown.length) {
      throw new ValidationError(
        `glossary: ${file} line ${rows[0]!.info.lines} has unknown column(s) ${unknown.join(', ')}; use ${COLUMNS.join(', ')}`,
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
  for (const row of rows) {
    const line = startLine(row);
    const problem = readRow(row.record, order, lineOf);
    if (typeof problem === 'string') {
      problems.push(`${file} line ${line}: ${problem}`);
      continue;
    }
    const { source, target, detail } = problem;
    lineOf.set(source, line);
    entries[source] = target;
    if (detail) details[source] = detail;
  }
  if (problems.length) {
    const more = problems.length > MAX_REPORTED ? `; and ${problems.length - MAX_REPORTED} more line(s)` : '';
    throw new ValidationError(
      `glossary: ${problems.slice(0, MAX_REPORTED).join('; ')}${more}. Nothing was imported; fix the file and import it again`,
      problems,
    );
  }
  if (lineOf.size > MAX_ENTRIES) throw tooMany();
  return { entries, details };
}

/** One row as an entry, or the sentence saying why it is refused. */
function readRow(
  record: readonly string[],
  order: readonly string[],
  seen: ReadonlyMap<string, number>,
): string | { source: string; target: string; detail: GlossaryEntryDetails | null } {
  if (record.length > order.length) return `has ${record.length} columns; expected at most ${order.length} (${order.join(', ')})`;
  const cell = (name: string) => (order.indexOf(name) >= 0 ? (record[order.indexOf(name)] ?? '') : '');
  const source = normaliseTerm(cell('source'));
  if ('error' in source) return `the source term ${source.error}`;
  const target = normaliseTerm(cell('target'));
  if ('error' in target) return `the target term ${target.error}`;
  const forbidden: string[] = [];
  for (const raw of cell('forbidden').split('|')) {
    if (raw.trim() === '') continue;
    const f = normaliseTerm(raw);
    if ('error' in f) return `a forbidden rendering ${f.error}`;
    forbidden.push(f.term);
  }
  const note = cell('note').normalize('NFC').trim();
  const flag = cell('case_sensitive').trim().toLowerCase();
  if (!['', 'true', 'false'].includes(flag)) return `case_sensitive must be true or false, not "${cell('case_sensitive').trim()}"`;
  if (forbidden.includes(target.term)) return `forbids its own required rendering "${target.term}"`;
  const earlier = seen.get(source.term);
  if (earlier !== undefined)
    return `the source term "${source.term}" is already on line ${earlier} (a source term may appear once; keep one line)`;
  const detail: GlossaryEntryDetails = {
    ...(forbidden.length ? { forbidden } : {}),
    ...(note ? { note } : {}),
    ...(flag === 'true' ? { caseSensitive: true } : {}),
  };
  return { source: source.term, target: target.term, detail: Object.keys(detail).length ? detail : null };
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
    throw new ValidationError(`glossary: a glossary pairs two languages; --from and --to are both ${sourceLocale}`);
  }
  if (input.merge && input.replace)
    throw new ValidationError('glossary: --merge keeps the entries and --replace drops them; pass one of them');
  const incoming = normaliseEntries(input.entries, input.details);
  if (Object.keys(incoming.entries).length === 0 && !input.replace) {
    throw new ValidationError(
      `glossary: no entries to import; the ${sourceLocale} → ${targetLocale} glossary was left as it is. To empty it, import with --replace`,
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
  if (problems.length) throw new ValidationError(`glossary: ${problems.slice(0, MAX_REPORTED).join('; ')}. Nothing was imported`, problems);
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
}

/** The entries of a stored glossary record, in stored order; none for null. */
export function glossaryEntries(record: GlossaryRecord | null): GlossaryEntry[] {
  if (!record) return [];
  return Object.entries(record.entries).map(([source, target]) => {
    const d = termDetails(record, source);
    return { source, target, ...(d?.note ? { note: d.note } : {}), ...(d?.forbidden?.length ? { forbidden: d.forbidden } : {}) };
  });
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

  /** Replace or extend a pair's glossary (see `importGlossary` for what is refused). */
  import(input: GlossaryImport): Promise<GlossaryRecord> {
    return importGlossary(this.#deps, input);
  }
}
