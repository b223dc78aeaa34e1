import type { Check } from '../core/ports/check.ts';
import { plainText } from '../core/segment-text.ts';
import { strings } from './describe.ts';

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

// The i18next key (checks:end-punctuation.mark.*) of each class; '' is a text that ends without punctuation.
const MARK_NAMES: Readonly<Record<string, string>> = {
  '.': 'period',
  '?': 'question',
  '!': 'exclamation',
  ':': 'colon',
  ';': 'semicolon',
  ',': 'comma',
  '…': 'ellipsis',
  '': 'none',
};

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
  describe(detail, t) {
    if (!(String(detail.source) in MARK_NAMES && String(detail.target) in MARK_NAMES)) return '';
    const mark = (cls: unknown) => t(`checks:end-punctuation.mark.${MARK_NAMES[String(cls)] ?? 'none'}`);
    return t('checks:end-punctuation.result', { source: mark(detail.source), target: mark(detail.target) });
  },
  examples: [
    { source: '그는 돌아왔다.', target: 'Did he come back?' },
    { source: '그가 돌아왔나?', target: 'He came back' },
  ],
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
  describe(detail, t) {
    // A pair reads as its two marks around an ellipsis: `(…)`, `“…”`, `"…"`.
    const list = strings(detail.unbalanced).map((pair) => [...pair].join('…'));
    if (!list.length) return '';
    return t('checks:brackets.result', { list, count: list.length });
  },
  examples: [
    { source: '그는 (웃으며) 말했다.', target: 'He said (smiling.' },
    { source: '“좋다”고 그는 말했다.', target: '"Good, he said.' },
    { source: '「좋다」고 그는 말했다.', target: '「良い」」と彼は言った。', ctx: { targetLocale: 'ja' } },
  ],
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
  describe(detail, t) {
    const count = typeof detail.doubleSpaces === 'number' ? detail.doubleSpaces : 0;
    const list = [
      ...(count > 0 ? [t('checks:spacing.double', { count })] : []),
      ...(detail.leading === true ? [t('checks:spacing.leading')] : []),
      ...(detail.trailing === true ? [t('checks:spacing.trailing')] : []),
    ];
    return list.length ? t('checks:spacing.result', { list }) : '';
  },
  examples: [
    { source: '그는 돌아왔다.', target: 'He  came back.' },
    { source: '그는 돌아왔다.', target: ' He  came   back. ' },
    { source: '그는 돌아왔다.', target: 'He came back. ' },
  ],
} satisfies Check<{ doubleSpaces: number; leading: boolean; trailing: boolean }>;
