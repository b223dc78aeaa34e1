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
const CLOSERS = /[\s"'”’」』》〉）)\]】]+$/u;

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

function endClass(text: string): string {
  const plain = plainText(text).replace(CLOSERS, '');
  if (/(\.\.\.|…|⋯)$/.test(plain)) return '…';
  const last = [...plain].pop() ?? '';
  return END_CLASSES[last] ?? '';
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

function unbalancedMarks(text: string): string[] {
  const plain = plainText(text);
  const out: string[] = [];
  for (const [open, close] of PAIRS) {
    let depth = 0;
    let broken = false;
    for (const ch of plain) {
      if (ch === open) depth += 1;
      else if (ch === close && --depth < 0) broken = true;
    }
    if (broken || depth !== 0) out.push(open + close);
  }
  if ((plain.match(/"/g) ?? []).length % 2 === 1) out.push('""');
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
