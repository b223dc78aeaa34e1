import type { InputProblem } from '../core/errors.ts';
import type { GlossaryEntryDetails } from '../core/ports/mt-store.ts';
import { stripIgnorables } from '../core/segment-text.ts';

/** The columns of a glossary CSV, in their default order. */
export const GLOSSARY_COLUMNS = ['source', 'target', 'forbidden', 'note', 'case_sensitive'] as const;

// C0 and C1 controls (tab, line feed, carriage return included) and the Unicode line and paragraph separators: DeepL
// refuses glossary entries containing them, and a tab or line break would also break the TSV the entries travel in.
const UNSENDABLE = /[\p{Cc}\u2028\u2029]/u;
const WHITESPACE_RUN = /\p{White_Space}+/gu;

/** Why a term cannot be stored: nothing left once normalised, or a character a glossary cannot hold (`U+0009`). */
export type TermFault =
  | { readonly error: string; readonly reason: 'empty' }
  | { readonly error: string; readonly reason: 'unsendable'; readonly codePoint: string };

/**
 * A glossary term in the form it is stored and sent: NFC, ignorable code points removed (`stripIgnorables`, the one
 * definition), Unicode white space (U+3000 ideographic space and U+00A0 included) trimmed at both ends and collapsed
 * to one space inside. Resolves to a fault instead when the term cannot be sent: empty, or a control character, tab or
 * line break inside it (DeepL refuses the whole glossary for one such entry); `error` is its English sentence.
 */
export function normaliseTerm(raw: string): { readonly term: string } | TermFault {
  const stripped = stripIgnorables(raw.normalize('NFC')).replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
  if (stripped === '') return { error: 'is empty', reason: 'empty' };
  const bad = UNSENDABLE.exec(stripped);
  if (bad) {
    const codePoint = `U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return { error: `contains ${describeCodePoint(bad[0], codePoint)}, which a glossary cannot hold`, reason: 'unsendable', codePoint };
  }
  return { term: stripped.replace(WHITESPACE_RUN, ' ').normalize('NFC') };
}

function describeCodePoint(ch: string, codePoint: string): string {
  const names: Record<string, string> = {
    '\t': 'a tab',
    '\n': 'a line break',
    '\r': 'a line break',
    '\u2028': 'a line break',
    '\u2029': 'a line break',
  };
  return `${names[ch] ?? 'a control character'} (${codePoint})`;
}

/** One refused row or form entry: its stable code and values (`InputProblem`) and the English sentence the CLI prints. */
export interface GlossaryProblem extends InputProblem {
  readonly text: string;
}

/** An entry as read from a row or a form: normalised terms, and details when it has any. */
export interface GlossaryRow {
  readonly source: string;
  readonly target: string;
  readonly detail: GlossaryEntryDetails | null;
}

function termProblem(side: 'source' | 'target' | 'forbidden', fault: TermFault): GlossaryProblem {
  const subject = side === 'forbidden' ? 'a forbidden rendering' : `the ${side} term`;
  return {
    code: `${side}-${fault.reason}`,
    values: 'codePoint' in fault ? { codePoint: fault.codePoint } : {},
    text: `${subject} ${fault.error}`,
  };
}

/**
 * Read one entry given as cells named by `order` (a CSV row, or the fields of the web form in GLOSSARY_COLUMNS order):
 * terms normalised (`normaliseTerm`), forbidden renderings separated by `|`, case_sensitive `true`, `false` or empty.
 * `seen` maps source terms already read to their line, so a term given twice is refused. Resolves to the entry or to
 * the problem that refuses it.
 */
export function readGlossaryRow(
  record: readonly string[],
  order: readonly string[],
  seen: ReadonlyMap<string, number> = new Map(),
): GlossaryRow | GlossaryProblem {
  if (record.length > order.length) {
    return {
      code: 'too-many-columns',
      values: { count: record.length, max: order.length, columns: order.join(', ') },
      text: `has ${record.length} columns; expected at most ${order.length} (${order.join(', ')})`,
    };
  }
  const cell = (name: string) => (order.indexOf(name) >= 0 ? (record[order.indexOf(name)] ?? '') : '');
  const source = normaliseTerm(cell('source'));
  if ('error' in source) return termProblem('source', source);
  const target = normaliseTerm(cell('target'));
  if ('error' in target) return termProblem('target', target);
  const forbidden: string[] = [];
  for (const raw of cell('forbidden').split('|')) {
    if (raw.trim() === '') continue;
    const f = normaliseTerm(raw);
    if ('error' in f) return termProblem('forbidden', f);
    forbidden.push(f.term);
  }
  const note = cell('note').normalize('NFC').trim();
  const flag = cell('case_sensitive').trim().toLowerCase();
  if (!['', 'true', 'false'].includes(flag)) {
    const value = cell('case_sensitive').trim();
    return { code: 'case-flag', values: { value }, text: `case_sensitive must be true or false, not "${value}"` };
  }
  if (forbidden.includes(target.term)) {
    return { code: 'forbids-target', values: { target: target.term }, text: `forbids its own required rendering "${target.term}"` };
  }
  const earlier = seen.get(source.term);
  if (earlier !== undefined) {
    return {
      code: 'duplicate-source',
      values: { source: source.term, earlier },
      text: `the source term "${source.term}" is already on line ${earlier} (a source term may appear once; keep one line)`,
    };
  }
  const detail: GlossaryEntryDetails = {
    ...(forbidden.length ? { forbidden } : {}),
    ...(note ? { note } : {}),
    ...(flag === 'true' ? { caseSensitive: true } : {}),
  };
  return { source: source.term, target: target.term, detail: Object.keys(detail).length ? detail : null };
}

/** Whether `readGlossaryRow` refused the row. */
export function isGlossaryProblem(row: GlossaryRow | GlossaryProblem): row is GlossaryProblem {
  return 'code' in row;
}
