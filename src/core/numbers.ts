/**
 * Numbers as a reader understands them, across Korean, Japanese, Chinese and English writing: `2만` and `20,000`,
 * `1억` and `100 million`, `3.5万亿` and `3.5 trillion`, `1월 22일` and `January 22`, full-width `１２３`, `세 명` and
 * `three people`. Used by the numbers checks. One pass over the text, linear in its length.
 *
 * A text has three kinds of numbers (ExtractedNumbers):
 * - hard: written with digits, with the units that follow them (`2만5천`, `3천5백만`, `1亿零2万`, `3.5万亿`, `1.5 billion`).
 *   A later group joins only if it is smaller than the unit before it (`1억 2000만` is one number, `1만1만` two).
 *   `兆` is 10^12 (Japanese, Korean 조, traditional Chinese), but 10^6 before a unit of measure (`兆瓦`, `兆字节`), as
 *   mainland Chinese writes 10^12 as 万亿 (number-words.ts MEGA_UNITS).
 * - soft: spelled out. They may stand in for a number of the other text, are never required and never extra:
 *   - English number words and capitalized month names (`two`, `twenty-one`, `two million`, `January`);
 *   - words for fractions, halves and multiples in any of the languages (number-words.ts QUANTITY_WORDS): `a tenth`
 *     and `十分之一` give 1 and 10 as `10분의 1` has them, `half`, `절반` and `一半` 1, 2 and 50, `doubled` and `倍増` 2;
 *   - Han numerals (`二十`, `千亿`, `二〇二四`); a lone one only before a counter (`三人`, `一つ`), as 一 is in many words;
 *   - Korean native numerals right before a counter, with or without a space (`세 명`, `스무 살`, `열두 시`, `두세 명`
 *     gives 2 and 3), never alone: 한, 세, 네, 열 are also words and word parts (한국, 한다, 세계, 네가, 열린);
 *   - Sino-Korean numerals in Hangul, at a word start and with a unit syllable (십, 백, 천, 만, 억, 조): two syllables or
 *     more (`삼십`, `이백`, `삼천에`) or one before a counter (`백 명`, `천 년`). A digit syllable alone (`이`, `오`, `일`)
 *     is never read: 이 건 is "this matter". Either Korean reading must be followed by nothing but particles or a
 *     counter suffix (`세 명이`, `두 번째`, `삼십여`), so 사천성 (Sichuan) is no 4000; a false reading only excuses a
 *     number, it never raises one.
 * - counted: a digit 1 right before a Korean counter (`1명`, `1박`, `1인당`). Translations often carry it as an article
 *   or a preposition ("a person", "per night"): each bare `a`/`an` of the other text carries one (`articles`), except
 *   where it never means one (`a few`, `a lot of`, `such a`: english-numbers.ts); any other absence is reported apart
 *   (compareNumbers `missingCounted`).
 */

import { FRACTION_MARKS, HAN_COUNTERS, HAN_NUMERALS, MEGA_UNITS, UNITS_AFTER_DIGITS } from './number-words.ts';
import { plainText } from './segment-text.ts';
import { readWord, scaleAt } from './english-numbers.ts';
import { counterFollows, quantityAt, readKorean } from './korean-numbers.ts';
import { isAsciiLetter, isDigit, isHangulSyllable, isWordAt, type Reading } from './numeral-scan.ts';
import { byCodeUnit, readSpelled } from './spelled-numerals.ts';

/** Numbers found in a text, as values (see the module comment for the three kinds). */
export interface ExtractedNumbers {
  readonly hard: readonly number[];
  readonly soft: readonly number[];
  readonly counted: readonly number[];
  /** English articles (`a person`) standing for nothing else: each may carry a counted 1 of the other text. */
  readonly articles: number;
}

const COMMA = 0x2c;
const DOT = 0x2e;
const ONE = 0x31;

/** Full-width digits and separators (`１２，０００`) as ASCII, inline tags replaced by a space and XML escapes decoded. */
export function plainDigits(text: string): string {
  const plain = plainText(text, ' ');
  if (!/[\uFF0C\uFF0E-\uFF19]/.test(plain)) return plain;
  return plain
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/\uFF0C/g, ',')
    .replace(/\uFF0E/g, '.');
}

// Lookups by code unit: indexing a string by position makes a new one-character string for Hangul and Han.
const AFTER_DIGITS = new Map([...UNITS_AFTER_DIGITS].map(([ch, token]) => [ch.charCodeAt(0), token]));
const HAN = byCodeUnit(HAN_NUMERALS);
const JE = '제'.charCodeAt(0);
const JO = '조'.charCodeAt(0);
const ZHAO = '兆'.charCodeAt(0);
const LING = '零'.charCodeAt(0);
const ZERO_SIGN = '〇'.charCodeAt(0);
// Up to 15 digits, a number is summed exactly as it is read; longer runs go through Number().
const EXACT_DIGITS = 15;

/** `12`, `20,000`, `1.5` at `start` (a digit). */
function readDigits(text: string, start: number): Reading {
  let i = start;
  let value = 0;
  while (isDigit(text, i)) {
    value = value * 10 + text.charCodeAt(i) - 0x30;
    i += 1;
  }
  const long = i - start > EXACT_DIGITS;
  // A thousands separator is a comma before exactly three digits.
  let grouped = false;
  while (text.charCodeAt(i) === COMMA && isDigit(text, i + 1) && isDigit(text, i + 2) && isDigit(text, i + 3) && !isDigit(text, i + 4)) {
    grouped = true;
    i += 4;
  }
  if (text.charCodeAt(i) === DOT && isDigit(text, i + 1)) {
    i += 1;
    while (isDigit(text, i)) i += 1;
  } else if (!long && !grouped) {
    return { value, end: i };
  }
  return { value: Number(text.slice(start, i).replaceAll(',', '')), end: i };
}

/** The ten-thousand group unit at `i` (`만`, `亿`), or 0. In `제3조` (article 3 of a law) 조 is no unit. */
function bigUnitAt(text: string, i: number, article: boolean): number {
  const c = text.charCodeAt(i);
  const unit = AFTER_DIGITS.get(c);
  if (unit?.kind !== 'big' || (article && c === JO)) return 0;
  if (c === ZHAO && MEGA_UNITS.some((u) => text.startsWith(u, i + 1))) return 1e6;
  return unit.value;
}

/** One group after digits: `3천5백`, `2`, `1.5`, then stacked group units (`万亿`) or an English scale word. */
interface Group extends Reading {
  /** The group unit it ended with (product of stacked ones, or the scale word's value); 1 when none. */
  readonly unit: number;
  /** Ended by an English scale word: nothing joins it. */
  readonly final: boolean;
}

function readGroup(text: string, start: number, article: boolean): Group {
  let section = 0;
  let lastSmall = Number.POSITIVE_INFINITY;
  let i = start;
  for (;;) {
    const n = readDigits(text, i);
    const small = AFTER_DIGITS.get(text.charCodeAt(n.end));
    if (small?.kind === 'small') {
      // `3천2천` is two numbers.
      if (small.value >= lastSmall) return { value: section, end: i, unit: 1, final: false };
      section += n.value * small.value;
      lastSmall = small.value;
      i = n.end + 1;
      if (isDigit(text, i)) continue;
      break;
    }
    const scale = scaleAt(text, n.end);
    if (scale) return { value: (section + n.value) * scale.value, end: scale.end, unit: scale.value, final: true };
    section += n.value;
    i = n.end;
    break;
  }
  let unit = 1;
  for (let big = bigUnitAt(text, i, article); big > 0; big = bigUnitAt(text, i, article)) {
    unit *= big;
    i += 1;
  }
  return { value: section * unit, end: i, unit, final: false };
}

/** A number written with digits at `start`, with its units: `2만 5000`, `1억 2000만`, `1亿零2万`, `3.5万亿`, `$1.5bn`. */
function readDigitLed(text: string, start: number): Reading {
  const article = text.charCodeAt(start - 1) === JE;
  let group = readGroup(text, start, article);
  let value = group.value;
  let end = group.end;
  while (group.unit > 1 && !group.final) {
    // `2만 5000명`: a smaller group may follow a space; 零 fills a gap (`1亿零2万`).
    const gap = text.charCodeAt(end);
    const at = gap === 0x20 || gap === LING || gap === ZERO_SIGN ? end + 1 : end;
    if (!isDigit(text, at)) break;
    const next = readGroup(text, at, article);
    if (next.unit >= group.unit || next.value >= group.unit) break;
    value += next.value;
    end = next.end;
    group = next;
  }
  return { value, end };
}

/** Every number in `text` (segment text: tags and escapes allowed), sorted into hard, soft and counted. */
export function extractNumbers(text: string): ExtractedNumbers {
  const plain = plainDigits(text);
  const hard: number[] = [];
  const soft: number[] = [];
  const counted: number[] = [];
  const articles: number[] = [];
  let i = 0;
  while (i < plain.length) {
    const c = plain.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      const { value, end } = readDigitLed(plain, i);
      const alone = end === i + 1 && c === ONE;
      if (alone && counterFollows(plain, end)) counted.push(1);
      else hard.push(roundValue(value));
      i = end;
    } else if (isAsciiLetter(c)) {
      let end = i + 1;
      while (isAsciiLetter(plain.charCodeAt(end))) end += 1;
      i = readWord(plain, i, end, soft, articles);
    } else if (isHangulSyllable(c)) {
      let end = i + 1;
      while (isHangulSyllable(plain.charCodeAt(end))) end += 1;
      if (!isWordAt(plain, i - 1)) {
        const quantity = quantityAt(plain, i);
        if (quantity) soft.push(...quantity.values);
        else readKorean(plain, i, soft);
      }
      i = end;
    } else if (c >= 0x3007 && quantityAt(plain, i)) {
      const quantity = quantityAt(plain, i)!;
      soft.push(...quantity.values);
      i = quantity.end;
    } else if (c >= 0x3007 && HAN.has(c)) {
      const { value, end } = readSpelled(plain, i, HAN, true);
      const mark = FRACTION_MARKS.find((m) => plain.startsWith(m, end));
      if (mark && HAN.has(plain.charCodeAt(end + mark.length))) {
        // `十分之一`: the denominator, then the numerator after the mark.
        const part = readSpelled(plain, end + mark.length, HAN, true);
        soft.push(value, part.value);
        i = part.end;
        continue;
      }
      if (end - i >= 2 || HAN_COUNTERS.has(plain[end] ?? '')) soft.push(value);
      i = Math.max(end, i + 1);
    } else {
      i += 1;
    }
  }
  return { hard, soft: soft.map(roundValue), counted, articles: articles.length };
}

function roundValue(n: number): number {
  return Number.isInteger(n) ? n : Number(n.toPrecision(12));
}

/** How a value is shown in check details: plain digits, no exponent, no separators. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

/** What compareNumbers finds, as formatNumber strings. */
export interface NumberComparison {
  /** Source numbers the target lacks, in digits or spelled out. */
  readonly missing: string[];
  /** Target numbers written with digits that the source lacks, even spelled out. */
  readonly extra: string[];
  /** Counted source numbers (`1명`, `1박`) the target lacks: often rendered as "a" or "per", so only worth a look. */
  readonly missingCounted: string[];
}

/**
 * Source numbers the target lacks and target numbers the source lacks. A source number is found when the target has
 * it in digits or spelled out; spelled-out numbers are never missing nor extra, and excuse a target number of their
 * value (`세 명` and `3人`). Linear in the length of both texts.
 */
export function compareNumbers(source: string, target: string): NumberComparison {
  const src = extractNumbers(source);
  const tgt = extractNumbers(target);
  const hard = countOf(tgt.hard);
  const soft = countOf(tgt.soft);
  const found = (n: number) => take(hard, n) || take(soft, n);
  // Plain numbers first, so that a target 1 goes to a plain source 1 before a counted one.
  const missing = src.hard.filter((n) => !found(n));
  // A counted 1 (`1명`) is often an article in English (`a person`): each bare `a`/`an` carries one.
  let articles = tgt.articles;
  const missingCounted = src.counted.filter((n) => !found(n) && !(n === 1 && articles-- > 0));
  // Whatever hard target numbers were not consumed by the source are extra; the source's soft numbers excuse them.
  const srcSoft = countOf(src.soft);
  const extra: number[] = [];
  for (const [n, count] of hard) {
    for (let k = 0; k < count; k++) if (!take(srcSoft, n)) extra.push(n);
  }
  return { missing: missing.map(formatNumber), extra: extra.map(formatNumber), missingCounted: missingCounted.map(formatNumber) };
}

function countOf(values: readonly number[]): Map<number, number> {
  const map = new Map<number, number>();
  for (const v of values) map.set(v, (map.get(v) ?? 0) + 1);
  return map;
}

function take(map: Map<number, number>, n: number): boolean {
  const count = map.get(n) ?? 0;
  if (count === 0) return false;
  map.set(n, count - 1);
  return true;
}
