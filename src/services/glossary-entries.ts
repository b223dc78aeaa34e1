import { type ErrorReason, type InputProblem, ValidationError } from '../core/errors.ts';
import { canonicalLocale } from '../core/locale.ts';
import type { GlossaryEntryDetails, GlossaryRecord } from '../core/ports/mt-store.ts';
import {
  type GlossaryDeps,
  type GlossaryEntry,
  glossaryEntries,
  GLOSSARY_MAX_ENTRIES,
  storeGlossary,
  termRecord,
} from './glossary-record.ts';
import { GLOSSARY_COLUMNS, isGlossaryProblem, normaliseTerm, readGlossaryRow } from './glossary-rows.ts';

/** One entry as a person types it on the glossary page: the same cells as a CSV row. */
export interface GlossaryEntryInput {
  readonly from: string;
  readonly to: string;
  /** The source term of the entry being edited; absent when adding. */
  readonly was?: string;
  readonly source: string;
  readonly target: string;
  /** Forbidden renderings separated by `|`, as in the CSV column. */
  readonly forbidden?: string;
  readonly note?: string;
  readonly caseSensitive?: boolean;
}

// Refusals of the whole entry with a sentence of their own; a refused cell is `glossary.bad-entry` with its problem.
const ENTRY_REASONS: Readonly<Record<string, ErrorReason>> = {
  exists: 'glossary.exists',
  'too-many': 'glossary.too-many',
  'same-locales': 'glossary.same-locales',
};

function refuse(problem: InputProblem & { readonly text: string }): ValidationError {
  return new ValidationError(`glossary: ${problem.text}`, [problem.text], {
    reason: ENTRY_REASONS[problem.code] ?? 'glossary.bad-entry',
    params: problem.values ?? {},
    problems: [{ code: problem.code, ...(problem.values ? { values: problem.values } : {}) }],
  });
}

/** The two locales of a pair, canonical; ValidationError (`same-locales`) when they are the same. */
export function glossaryPair(from: string, to: string): { readonly sourceLocale: string; readonly targetLocale: string } {
  const sourceLocale = canonicalLocale(from);
  const targetLocale = canonicalLocale(to);
  if (sourceLocale === targetLocale) {
    throw refuse({
      code: 'same-locales',
      values: { locale: sourceLocale },
      text: `a glossary pairs two languages; --from and --to are both ${sourceLocale}`,
    });
  }
  return { sourceLocale, targetLocale };
}

/**
 * Add an entry to a pair's glossary, or replace the entry `was` (keeping its place), checked exactly like a CSV row
 * (`readGlossaryRow`). Throws ValidationError, storing nothing, with one coded problem: the row's, `exists` when the
 * source term is already another entry's, `too-many` beyond 10,000 entries, `same-locales`. Resolves with the stored
 * record. Callers serialise writes (GlossaryService does).
 */
export async function putGlossaryEntry(deps: GlossaryDeps, input: GlossaryEntryInput): Promise<GlossaryRecord> {
  const { sourceLocale, targetLocale } = glossaryPair(input.from, input.to);
  const row = readGlossaryRow(
    [input.source, input.target, input.forbidden ?? '', input.note ?? '', input.caseSensitive ? 'true' : ''],
    GLOSSARY_COLUMNS,
  );
  if (isGlossaryProblem(row)) throw refuse(row);
  const current = await deps.settings.glossary(sourceLocale, targetLocale);
  const was = input.was === undefined ? undefined : normaliseTerm(input.was);
  const replacing = was && 'term' in was && current && Object.hasOwn(current.entries, was.term) ? was.term : undefined;
  if (current && Object.hasOwn(current.entries, row.source) && row.source !== replacing) {
    throw refuse({ code: 'exists', values: { source: row.source }, text: `"${row.source}" is already in the glossary; edit that entry` });
  }
  const size = current ? Object.keys(current.entries).length : 0;
  if (replacing === undefined && size >= GLOSSARY_MAX_ENTRIES) {
    throw refuse({
      code: 'too-many',
      values: { max: GLOSSARY_MAX_ENTRIES },
      text: `a glossary holds at most ${GLOSSARY_MAX_ENTRIES} entries`,
    });
  }
  const entries = termRecord<string>();
  const details = termRecord<GlossaryEntryDetails>();
  let placed = false;
  for (const [source, target] of Object.entries(current?.entries ?? {})) {
    if (source === replacing) {
      entries[row.source] = row.target;
      if (row.detail) details[row.source] = row.detail;
      placed = true;
      continue;
    }
    entries[source] = target;
    const d = current?.details && Object.hasOwn(current.details, source) ? current.details[source] : undefined;
    if (d) details[source] = d;
  }
  if (!placed) {
    entries[row.source] = row.target;
    if (row.detail) details[row.source] = row.detail;
  }
  return storeGlossary(deps, sourceLocale, targetLocale, entries, details);
}

/** Remove one entry from a pair's glossary; resolves false when it was not there. */
export async function removeGlossaryEntry(deps: GlossaryDeps, from: string, to: string, source: string): Promise<boolean> {
  const { sourceLocale, targetLocale } = glossaryPair(from, to);
  const current = await deps.settings.glossary(sourceLocale, targetLocale);
  const term = normaliseTerm(source);
  if (!current || !('term' in term) || !Object.hasOwn(current.entries, term.term)) return false;
  const entries = termRecord<string>();
  const details = termRecord<GlossaryEntryDetails>();
  for (const [s, t] of Object.entries(current.entries)) {
    if (s === term.term) continue;
    entries[s] = t;
    if (current.details && Object.hasOwn(current.details, s)) details[s] = current.details[s]!;
  }
  await storeGlossary(deps, sourceLocale, targetLocale, entries, details);
  return true;
}

/** One page of a glossary search. */
export interface GlossaryPage {
  readonly entries: readonly GlossaryEntry[];
  /** Entries matching the search, all pages. */
  readonly total: number;
  /** 1-based, clamped to the last page. */
  readonly page: number;
  readonly pages: number;
}

/**
 * The entries of `record` whose source, target, forbidden renderings or note contain `query` (normalised like a term,
 * case-insensitive; every entry when it is empty), `perPage` at a time in stored order. A glossary holds at most
 * 10,000 entries, so one pass over them bounds the cost.
 */
export function searchGlossary(record: GlossaryRecord | null, query: string, page: number, perPage: number): GlossaryPage {
  const normalised = normaliseTerm(query);
  const needle = 'term' in normalised ? normalised.term.toLowerCase() : '';
  const all = glossaryEntries(record);
  const found = needle
    ? all.filter((e) => [e.source, e.target, e.note ?? '', ...(e.forbidden ?? [])].some((text) => text.toLowerCase().includes(needle)))
    : all;
  const pages = Math.max(1, Math.ceil(found.length / perPage));
  const current = Math.min(Math.max(1, page), pages);
  return { entries: found.slice((current - 1) * perPage, current * perPage), total: found.length, page: current, pages };
}

// Every field quoted, quotes doubled (RFC 4180): csv-parse reads it back as written, line breaks in notes included.
const csvField = (value: string) => `"${value.replaceAll('"', '""')}"`;

/**
 * A pair's glossary as the CSV `parseGlossaryFile` reads: a header row naming the columns, then one row per entry
 * (forbidden renderings joined by `|`, case_sensitive `true` or empty), CRLF line ends. Only the header when empty.
 */
export function glossaryCsv(record: GlossaryRecord | null): string {
  const lines = [GLOSSARY_COLUMNS.join(',')];
  for (const [source, target] of Object.entries(record?.entries ?? {})) {
    const d = record?.details && Object.hasOwn(record.details, source) ? record.details[source] : undefined;
    lines.push([source, target, (d?.forbidden ?? []).join('|'), d?.note ?? '', d?.caseSensitive ? 'true' : ''].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
