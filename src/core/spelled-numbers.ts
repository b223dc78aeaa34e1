/**
 * Numbers spelled in words, read for numbers.ts (whose module comment gives the rules): English number words and month
 * names, Han numerals, Korean native numerals before a counter and Sino-Korean numerals in Hangul; and the Korean
 * counters a digit 1 may be carried by. Every reader looks at a bounded stretch of text after where it starts.
 */

import { isParticleChain } from './glossary-match.ts';
import {
  COUNTER_SUFFIXES,
  COUNTERS,
  DIGIT_COUNTERS,
  HANGUL_NUMERALS,
  MONTHS,
  NATIVE_TENS,
  NATIVE_UNITS,
  type NumeralToken,
  QUANTITY_WORDS,
  type QuantityWord,
  SCALE_WORDS,
  SINO_UNITS,
  SPACED_COUNTERS,
  WORD_NUMBERS,
} from './number-words.ts';

/** A number read at some offset: its value and the UTF-16 offset where it ends. */
export interface Reading {
  readonly value: number;
  readonly end: number;
}

const SPACE = 0x20;
const DOT = 0x2e;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LETTER = /\p{L}/u;
// Particles and endings after a Korean number are short; a longer Hangul run is another word.
const MAX_TAIL = 8;

/** True when the UTF-16 unit at `i` is an ASCII digit (false past the end). */
export function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** True when code unit `c` is an ASCII letter. */
export function isAsciiLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** True when code unit `c` is a precomposed Hangul syllable (U+AC00–U+D7A3). */
export function isHangulSyllable(c: number): boolean {
  return c >= 0xac00 && c <= 0xd7a3;
}

function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c)) return false;
  return c < 0x80 ? isAsciiLetter(c) : LETTER.test(text[i]!);
}

/** True when the unit at `i` is a letter or digit of any script (false past either end): no word starts right after it. */
export function isWordAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c)) return false;
  return c < 0x80 ? isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) : LETTER_OR_DIGIT.test(text[i]!);
}

/** An English scale word at `at`, after an optional space (`million`, `bn`). */
export function scaleAt(text: string, at: number): Reading | null {
  const start = text.charCodeAt(at) === SPACE ? at + 1 : at;
  let end = start;
  while (end - start <= 8 && isAsciiLetter(text.charCodeAt(end))) end += 1;
  if (end === start || isLetterAt(text, end)) return null;
  const value = SCALE_WORDS.get(text.slice(start, end).toLowerCase());
  return value === undefined ? null : { value, end };
}

/** A spelled numeral read from a table (HAN_NUMERALS, HANGUL_NUMERALS). */
export interface Spelled extends Reading {
  /** It has a unit character (`十`, `천`, `万`), not digits alone. */
  readonly scaled: boolean;
}

/**
 * The numeral spelled at `start`, one table character at a time: `二十` 20, `三千五百万` 35,000,000, `一亿零二万`
 * 100,020,000 (零 fills a gap), `三万亿` 3×10^12 (stacked units multiply), `千亿` 10^11. With `sequences`, digits alone
 * are read positionally (`二〇二四` 2024). Where a unit does not fit (`三千二千`) the number ends before it.
 */
export function readSpelled(text: string, start: number, table: NumeralTable, sequences: boolean): Spelled {
  if (sequences) {
    let i = start;
    let value = 0;
    for (let t = table.get(text.charCodeAt(i)); t?.kind === 'digit'; t = table.get(text.charCodeAt(i))) {
      value = value * 10 + t.value;
      i += 1;
    }
    if (i - start >= 2) return { value, end: i, scaled: false };
  }
  let total = 0;
  let group = 0;
  let section = 0;
  let digit = -1; // none
  let lastSmall = Number.POSITIVE_INFINITY;
  let lastBig = Number.POSITIVE_INFINITY;
  let afterBig = false;
  let scaled = false;
  // Where to end when a unit does not fit: before the digit it follows, or before the section it ends.
  let digitValue = 0;
  let digitEnd = start;
  let sectionValue = 0;
  let sectionEnd = start;
  let i = start;
  for (let t = table.get(text.charCodeAt(i)); t; t = table.get(text.charCodeAt(i))) {
    if (t.kind === 'digit') {
      if (digit > 0) break;
      if (digit === -1) {
        digitValue = total + group + section;
        digitEnd = i;
      }
      digit = t.value;
      afterBig = false;
    } else if (t.kind === 'small') {
      if (t.value >= lastSmall) {
        return digit === -1 ? { value: total + group + section, end: i, scaled } : { value: digitValue, end: digitEnd, scaled };
      }
      section += (digit === -1 ? 1 : digit) * t.value;
      digit = -1;
      lastSmall = t.value;
      afterBig = false;
      scaled = true;
    } else if (afterBig) {
      group *= t.value;
      lastBig *= t.value;
      sectionValue = total + group;
      sectionEnd = i + 1;
    } else {
      if (t.value >= lastBig) return { value: sectionValue, end: sectionEnd, scaled };
      total += group;
      group = (section + Math.max(digit, 0) || 1) * t.value;
      section = 0;
      digit = -1;
      lastSmall = Number.POSITIVE_INFINITY;
      lastBig = t.value;
      afterBig = true;
      scaled = true;
      sectionValue = total + group;
      sectionEnd = i + 1;
    }
    i += 1;
  }
  return { value: total + group + section + Math.max(digit, 0), end: i, scaled };
}

/** A numeral table keyed by code unit (every numeral character is one). */
export type NumeralTable = ReadonlyMap<number, NumeralToken>;

/** A table of number-words.ts keyed by code unit: indexing a string makes a new string for each Hangul or Han character. */
export function byCodeUnit(table: ReadonlyMap<string, NumeralToken>): NumeralTable {
  return new Map([...table].map(([ch, token]) => [ch.charCodeAt(0), token]));
}

const HANGUL = byCodeUnit(HANGUL_NUMERALS);

type CounterIndex = ReadonlyMap<number, readonly string[]>;

/** Counters by first code unit, longest first. */
function indexCounters(counters: readonly string[]): CounterIndex {
  const index = new Map<number, string[]>();
  for (const c of new Set(counters)) index.set(c.charCodeAt(0), [...(index.get(c.charCodeAt(0)) ?? []), c]);
  for (const list of index.values()) list.sort((a, b) => b.length - a.length);
  return index;
}

const COUNTER_INDEX = indexCounters(COUNTERS);
const SINO_COUNTER_INDEX = indexCounters([...COUNTERS, ...SINO_UNITS]);
const DIGIT_COUNTER_INDEX = indexCounters(DIGIT_COUNTERS);

/** True when a Korean counter a digit 1 may be carried by starts at `at`, after an optional space (`1명`, `1박`, `1인당`). */
export function counterFollows(text: string, at: number): boolean {
  return counterEnd(text, at, DIGIT_COUNTER_INDEX, 'any') !== -1;
}

/** Where the counter at `at` (after an optional space) ends, or -1. Without a space only counters not in SPACED_COUNTERS. */
function counterEnd(text: string, at: number, index: CounterIndex, glued: 'any' | 'unspaced-only'): number {
  const spaced = text.charCodeAt(at) === SPACE;
  const start = spaced ? at + 1 : at;
  for (const c of index.get(text.charCodeAt(start)) ?? []) {
    if (text.startsWith(c, start) && (spaced || glued === 'any' || !SPACED_COUNTERS.has(c))) return start + c.length;
  }
  return -1;
}

/** True when the Hangul right after `at` is nothing, particles, or a counter suffix and particles (`째`, `여 명의`). */
function tailOk(text: string, at: number): boolean {
  let end = at;
  while (end - at <= MAX_TAIL && isHangulSyllable(text.charCodeAt(end))) end += 1;
  if (end - at > MAX_TAIL) return false;
  const tail = text.slice(at, end);
  const suffix = COUNTER_SUFFIXES.find((s) => tail.startsWith(s)) ?? '';
  return isParticleChain(tail.slice(suffix.length));
}

/** Forms by first code unit, longest first, so a form is found with startsWith and no substring is made. */
function byFirstUnit<T>(forms: ReadonlyMap<string, T>): ReadonlyMap<number, readonly (readonly [string, T])[]> {
  const index = new Map<number, [string, T][]>();
  for (const entry of forms) index.set(entry[0].charCodeAt(0), [...(index.get(entry[0].charCodeAt(0)) ?? []), entry]);
  for (const list of index.values()) list.sort((a, b) => b[0].length - a[0].length);
  return index;
}

const TENS_INDEX = byFirstUnit(NATIVE_TENS);
const UNITS_INDEX = byFirstUnit(NATIVE_UNITS);

function formAt<T>(text: string, at: number, index: ReadonlyMap<number, readonly (readonly [string, T])[]>) {
  return index.get(text.charCodeAt(at))?.find(([form]) => text.startsWith(form, at));
}

/** A native Korean numeral at `at` (`스물두`, `열`, `두세`): its values and end, or null. */
function readNative(text: string, at: number): { readonly values: readonly number[]; readonly end: number } | null {
  const tens = formAt(text, at, TENS_INDEX);
  const i = at + (tens?.[0].length ?? 0);
  const units = formAt(text, i, UNITS_INDEX);
  if (!tens && !units) return null;
  const base = tens?.[1] ?? 0;
  return { values: units ? units[1].map((u) => base + u) : [base], end: i + (units?.[0].length ?? 0) };
}

/** The soft numbers of a Korean word starting at `at` (see the module comment for when one is read). */
export function readKorean(text: string, at: number, soft: number[]): void {
  const native = readNative(text, at);
  if (native) {
    const end = counterEnd(text, native.end, COUNTER_INDEX, 'unspaced-only');
    if (end !== -1 && tailOk(text, end)) {
      soft.push(...native.values);
      return;
    }
  }
  if (!HANGUL.has(text.charCodeAt(at))) return;
  const sino = readSpelled(text, at, HANGUL, false);
  if (!sino.scaled) return;
  const end = counterEnd(text, sino.end, SINO_COUNTER_INDEX, 'unspaced-only');
  if ((end !== -1 && tailOk(text, end)) || (sino.end - at >= 2 && tailOk(text, sino.end))) soft.push(sino.value);
}

const NON_ASCII_QUANTITIES = byFirstUnit(new Map([...QUANTITY_WORDS].filter(([w]) => w.charCodeAt(0) >= 0x80)));

/** The Hangul or Han quantity word at `at` (`절반`, `一半`, `倍増`; QUANTITY_WORDS) and where it ends, or null. */
export function quantityAt(text: string, at: number): (QuantityWord & { readonly end: number }) | null {
  const form = formAt(text, at, NON_ASCII_QUANTITIES);
  return form ? { ...form[1], end: at + form[0].length } : null;
}

/** The ASCII word after `end` and one space or hyphen (`a tenth`, `one-tenth`), lowercased, or ''. */
function nextWord(text: string, end: number): string {
  const sep = text.charCodeAt(end);
  if (sep !== SPACE && sep !== 0x2d) return '';
  let stop = end + 1;
  while (stop - end <= 12 && isAsciiLetter(text.charCodeAt(stop))) stop += 1;
  return text.slice(end + 1, stop).toLowerCase();
}

/**
 * `a`/`an` at `[start, end)`: before a scale word its value (`a million`), before a fraction its 1 (`a tenth`, read
 * with the fraction after it), else one more article in `articles` (`a person`, for a counted 1 only).
 */
function readArticle(text: string, end: number, soft: number[], articles: number[]): number {
  const scale = scaleAt(text, end);
  if (scale) {
    soft.push(scale.value);
    return scale.end;
  }
  if (QUANTITY_WORDS.get(nextWord(text, end))?.kind === 'fraction') soft.push(1);
  else articles.push(1);
  return end;
}

/**
 * English number words, quantity words (QUANTITY_WORDS) and month names in the ASCII word `[start, end)`, into `soft`
 * (and bare articles into `articles`); returns where reading goes on.
 */
export function readWord(text: string, start: number, end: number, soft: number[], articles: number[] = []): number {
  if (end - start > 11 || isLetterAt(text, start - 1) || isLetterAt(text, end)) return end;
  const word = text.slice(start, end);
  const lower = word.toLowerCase();
  const quantity = QUANTITY_WORDS.get(lower);
  if (quantity?.kind === 'article') return readArticle(text, end, soft, articles);
  if (quantity) {
    soft.push(...quantity.values);
    return end;
  }
  const month = MONTHS.get(lower);
  // Month names count only capitalized (`may` is a verb); an abbreviation only before a dot or a digit (`Jan. 22`).
  if (month !== undefined && word[0] !== lower[0]) {
    const full = lower.length > 4 || lower === 'may' || lower === 'june' || lower === 'july';
    if (full || text.charCodeAt(end) === DOT || (text.charCodeAt(end) === SPACE && isDigit(text, end + 1))) {
      soft.push(month);
      return end;
    }
  }
  let value = WORD_NUMBERS.get(lower);
  if (value === undefined) return end;
  let next = end;
  // `twenty-one`
  if (value >= 20 && value < 100 && text[end] === '-') {
    let unitEnd = end + 1;
    while (unitEnd - end <= 6 && isAsciiLetter(text.charCodeAt(unitEnd))) unitEnd += 1;
    const unit = WORD_NUMBERS.get(text.slice(end + 1, unitEnd).toLowerCase());
    if (unit !== undefined && unit < 10 && !isLetterAt(text, unitEnd)) {
      value += unit;
      next = unitEnd;
    }
  }
  const scale = scaleAt(text, next);
  soft.push(scale ? value * scale.value : value);
  return scale ? scale.end : next;
}
