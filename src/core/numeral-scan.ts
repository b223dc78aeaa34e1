/**
 * Scanning text for numbers (numbers.ts and its readers): the character classes they test one UTF-16 code unit at a
 * time, without making substrings, and the shape of a number read at some offset.
 */

/** A number read at some offset: its value and the UTF-16 offset where it ends. */
export interface Reading {
  readonly value: number;
  readonly end: number;
}

export const SPACE = 0x20;
export const DOT = 0x2e;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LETTER = /\p{L}/u;

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

/** True when the unit at `i` is a letter of any script (false past either end). */
export function isLetterAt(text: string, i: number): boolean {
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
