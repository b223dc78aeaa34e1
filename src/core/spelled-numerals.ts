/**
 * Numerals spelled with a table of characters (number-words.ts HAN_NUMERALS, HANGUL_NUMERALS): digits and units read
 * one code unit at a time, as Chinese, Japanese and Sino-Korean write them.
 */

import type { NumeralToken } from './number-words.ts';
import type { Reading } from './numeral-scan.ts';

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
