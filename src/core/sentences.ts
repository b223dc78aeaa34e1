import type { Locale } from './locale.ts';

/**
 * How much a text says, measured the same way in every language: its sentences and its content characters. Plain text
 * in (segment-text.ts `plainText`: no tags, escapes decoded). Both run in time linear in the text.
 */

const segmenters = new Map<string, Intl.Segmenter>();

function sentenceSegmenter(locale: Locale): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    } catch {
      segmenter = new Intl.Segmenter('und', { granularity: 'sentence' });
    }
    if (segmenters.size < 100) segmenters.set(locale, segmenter);
  }
  return segmenter;
}

// V8's Intl.Segmenter takes time quadratic in the text for sentences (100,000 Korean characters: 9 s, 4,000: 15 ms),
// so a long text is segmented in chunks of at most CHUNK code units, cut where a sentence most likely ends.
const CHUNK = 4000;
const TERMINATOR_THEN_SPACE = /[.!?。！？][\s"'”’」』)）]*\s$/u;

/** Where to cut `text` at or before `end` (> start + CHUNK / 2): after a sentence end, else after a space, else at `end`. */
function cutPoint(text: string, start: number, end: number): number {
  const floor = start + CHUNK / 2;
  let space = -1;
  for (let i = end; i > floor; i--) {
    const ch = text[i - 1]!;
    if ('。！？'.includes(ch) || (/\s/.test(ch) && TERMINATOR_THEN_SPACE.test(text.slice(Math.max(i - 8, start), i)))) return i;
    if (space === -1 && /\s/.test(ch)) space = i;
  }
  if (space !== -1) return space;
  // Never between the two halves of a surrogate pair.
  return /[\uDC00-\uDFFF]/.test(text[end] ?? '') ? end - 1 : end;
}

function* pieces(text: string, locale: Locale): Generator<string> {
  const segmenter = sentenceSegmenter(locale);
  for (let start = 0; start < text.length; ) {
    const end = text.length - start <= CHUNK ? text.length : cutPoint(text, start, start + CHUNK);
    for (const { segment } of segmenter.segment(text.slice(start, end))) yield segment;
    start = end;
  }
}

const CONTENT = /[\p{L}\p{N}]/u;
// Titles written with a full stop before a name (`Mr. Kim`, `Gen. Pak`, `St. Petersburg`). Intl.Segmenter applies
// Unicode's sentence rules (UAX #29) without ICU's abbreviation list, so it ends a sentence at `Mr. ` before a capital.
// Months, `Co.`, `Inc.` and `a.m.` are left out: before a capital they end a sentence as often as not.
const TITLE_BEFORE_NAME = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'cmdr',
  'sgt',
  'adm',
  'gov',
  'sen',
  'rep',
  'rev',
  'hon',
  'pres',
  'amb',
  'vs',
]);
// The word before the final full stop of a piece, with what precedes it: `… Mr.` → `mr`; `… U.S.` → `s` after a dot.
const LAST_WORD = /(^|[^\p{L}])(\p{L}+)\.\s*$/u;

/** True when a piece Intl.Segmenter cut ends in an abbreviation rather than a sentence: a title or an initial (`J.`, `U.S.`). */
function endsInAbbreviation(piece: string): boolean {
  // The tail is enough to see the last word, and keeps the match linear however long the piece is.
  const m = LAST_WORD.exec(piece.slice(-16));
  if (!m) return false;
  const word = m[2]!;
  return TITLE_BEFORE_NAME.has(word.toLowerCase()) || (word.length === 1 && word === word.toUpperCase() && word !== word.toLowerCase());
}

/**
 * The sentences of a plain text in a locale, in order: Unicode sentence boundaries (Intl.Segmenter, so `다.`, `。`,
 * `？`, `!` end sentences and `3.5` does not), rejoined after a title or an initial (`Mr. Kim`, `U.S. President`),
 * and without pieces that hold no letter or digit (a stray closing quote). An empty list for a text without content.
 * A text over 4,000 code units is segmented in chunks cut after a sentence end where there is one near, else after a
 * space: a sentence is split in two only where neither is within 2,000 code units.
 */
export function sentences(text: string, locale: Locale): string[] {
  const out: string[] = [];
  // Pieces of the sentence being built, joined once: a string grown with += and read at its end on every piece
  // would be flattened each time, quadratic on a text of ten thousand titles.
  let pending: string[] = [];
  let content = false;
  for (const segment of pieces(text, locale)) {
    pending.push(segment);
    content ||= CONTENT.test(segment);
    // Intl.Segmenter cuts only after a terminator, so the abbreviated word is inside this piece.
    if (endsInAbbreviation(segment)) continue;
    if (content) out.push(pending.join(''));
    else if (out.length > 0) out[out.length - 1] += pending.join('');
    pending = [];
    content = false;
  }
  if (content) out.push(pending.join(''));
  return out;
}

const NOT_CONTENT = /[^\p{L}\p{N}]+/gu;

/**
 * Content characters of a plain text: letters and digits in code points, without spaces, punctuation and symbols, so
 * languages that write spaces and those that do not are measured alike (`쌀값이 18% 올랐다.` → 8).
 */
export function contentLength(text: string): number {
  let n = 0;
  for (const _ of text.replace(NOT_CONTENT, '')) n += 1;
  return n;
}
