import { Mutex } from 'async-mutex';
import { ValidationError } from '../core/errors.ts';
import { canonicalLocale } from '../core/locale.ts';
import type { GlossaryEntryDetails, GlossaryRecord } from '../core/ports/mt-store.ts';
import { GLOSSARY_MAX_REPORTED, type ParsedGlossary, parseGlossaryFile } from './glossary-file.ts';
import { type GlossaryDeps, type GlossaryEntry, glossaryEntries, listGlossaries, storeGlossary, termRecord } from './glossary-record.ts';
import { normaliseTerm } from './glossary-rows.ts';
import {
  type GlossaryEntryInput,
  type GlossaryPage,
  glossaryCsv,
  putGlossaryEntry,
  removeGlossaryEntry,
  searchGlossary,
} from './glossary-entries.ts';

// The glossary's public surface stays importable from here; CSV reading and the stored record have modules of their own.
export { normaliseTerm } from './glossary-rows.ts';
export { GLOSSARY_FILE_MAX_BYTES, type ParsedGlossary, parseGlossaryCsv, parseGlossaryFile } from './glossary-file.ts';
export {
  GLOSSARY_MAX_ENTRIES,
  type GlossaryDeps,
  type GlossaryEntry,
  glossaryEntries,
  listGlossaries,
  storeGlossary,
  termDetails,
  termRecord,
} from './glossary-record.ts';

const MAX_REPORTED = GLOSSARY_MAX_REPORTED;

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
