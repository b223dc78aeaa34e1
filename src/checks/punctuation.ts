import type { Check } from '../core/ports/check.ts';
import { plainText } from '../core/segment-text.ts';

// Ending punctuation by meaning, so Korean `.`, Japanese `。` and Chinese `。` count as the same full stop.
const END_CLASSES: Readonly<Record<string, string>> = {
  '.': '.',
  '。': '.',
  '．': '.',
  '｡': '.',
  '?': '?',
  '？': '?',
  '!': '!',
  '！': '!',
  ':': ':',
  '：': ':',
  ';': ';',
  '；': ';',
  ',': ',',
  '，': ',',
  '、': ',',
  '…': '…',
  '⋯': '…',
};

// Closing quotes and brackets after the final mark (`…했다.”`) are skipped to reach it.
const CLOSER = /[\s"'”’」』》〉）)\]】]/u;

/** The class of the last mark, read from the end (a pattern anchored at `$` would rescan a long run from each start). */
function endClass(text: string): string {
  const plain = plainText(text);
  let end = plain.length;
  while (end > 0 && CLOSER.test(plain[end - 1]!)) end -= 1;
  if (end >= 3 && plain.startsWith('...', end - 3)) return '…';
  // Every mark in END_CLASSES is one UTF-16 unit; an astral last character is simply no mark.
  return END_CLASSES[plain[end - 1] ?? ''] ?? '';
}

/** The target ends with a different kind of punctuation than the source (a full stop, question, exclamation…). */
export const endPunctuationCheck = {
  id: 'end-punctuation',
  name: 'end-punctuation.name',
  description: 'end-punctuation.description',
  severity: 'warning',
  run(source, target, _ctx) {
    if (target.trim() === '') return null;
    const s = endClass(source);
    const t = endClass(target);
    return s === t ? null : { source: s, target: t };
  },
} satisfies Check<{ source: string; target: string }>;

// Pairs that must balance. Single curly quotes are left out: ’ is also the English apostrophe (don’t).
const PAIRS: readonly (readonly [string, string])[] = [
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
  ['（', '）'],
  ['「', '」'],
  ['『', '』'],
  ['《', '》'],
  ['〈', '〉'],
  ['【', '】'],
  ['“', '”'],
];

// Each mark (all one UTF-16 unit) → its pair's index and +1 for an opener, -1 for a closer.
const MARKS = new Map<string, { readonly pair: number; readonly step: number }>(
  PAIRS.flatMap(([open, close], pair) => [
    [open, { pair, step: 1 }],
    [close, { pair, step: -1 }],
  ]),
);

/** The pairs a text leaves open or closes too often, and `""` for an odd number of straight quotes: one pass. */
function unbalancedMarks(text: string): string[] {
  const plain = plainText(text);
  const depth = PAIRS.map(() => 0);
  const broken = PAIRS.map(() => false);
  let straightQuotes = 0;
  for (let i = 0; i < plain.length; i++) {
    const ch = plain[i]!;
    if (ch === '"') straightQuotes += 1;
    const mark = MARKS.get(ch);
    if (!mark) continue;
    depth[mark.pair]! += mark.step;
    if (depth[mark.pair]! < 0) broken[mark.pair] = true;
  }
  const out = PAIRS.filter((_, i) => broken[i] || depth[i] !== 0).map(([open, close]) => open + close);
  if (straightQuotes % 2 === 1) out.push('""');
  return out;
}

/** Quotes or brackets the target leaves open or closes twice, when the source has them balanced. */
export const bracketsCheck = {
  id: 'brackets',
  name: 'brackets.name',
  description: 'brackets.description',
  severity: 'warning',
  run(source, target, _ctx) {
    // A quotation that spans paragraphs is unbalanced in the source too; only new imbalance counts.
    const inSource = new Set(unbalancedMarks(source));
    const unbalanced = unbalancedMarks(target).filter((p) => !inSource.has(p));
    return unbalanced.length ? { unbalanced } : null;
  },
} satisfies Check<{ unbalanced: string[] }>;

/** Double spaces, or leading/trailing whitespace the source does not have. */
export const spacingCheck = {
  id: 'spacing',
  name: 'spacing.name',
  description: 'spacing.description',
  severity: 'warning',
  run(source, target, _ctx) {
    if (target === '') return null;
    const doubleSpaces = (plainText(target).match(/[^\S\n]{2,}/g) ?? []).length;
    const sourceDoubles = (plainText(source).match(/[^\S\n]{2,}/g) ?? []).length;
    const leading = /^\s/.test(target) && !/^\s/.test(source);
    const trailing = /\s$/.test(target) && !/\s$/.test(source);
    const extraDoubles = Math.max(0, doubleSpaces - sourceDoubles);
    return extraDoubles || leading || trailing ? { doubleSpaces: extraDoubles, leading, trailing } : null;
  },
} satisfies Check<{ doubleSpaces: number; leading: boolean; trailing: boolean }>;
