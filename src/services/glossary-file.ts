import { parse } from 'csv-parse/sync';
import { type InputProblem, ValidationError } from '../core/errors.ts';
import type { GlossaryEntryDetails } from '../core/ports/mt-store.ts';
import { stripBom } from '../core/text.ts';
import { GLOSSARY_MAX_ENTRIES, termRecord } from './glossary-record.ts';
import { GLOSSARY_COLUMNS, isGlossaryProblem, readGlossaryRow } from './glossary-rows.ts';

const MAX_ENTRIES = GLOSSARY_MAX_ENTRIES;
/** Largest glossary CSV read: 10,000 entries with notes and forbidden renderings stay far below it (4 MiB). */
export const GLOSSARY_FILE_MAX_BYTES = 4 * 1024 * 1024;
/** Refused lines named at most in one error message; the rest are counted. */
export const GLOSSARY_MAX_REPORTED = 10;
const MAX_REPORTED = GLOSSARY_MAX_REPORTED;

/**
 * A glossary read from a file: source → target, plus the optional per-term details the glossary check uses. Both are
 * prototype-free objects, so `__proto__`, `constructor` or `toString` are ordinary terms.
 */
export interface ParsedGlossary {
  readonly entries: Record<string, string>;
  readonly details: Record<string, GlossaryEntryDetails>;
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
