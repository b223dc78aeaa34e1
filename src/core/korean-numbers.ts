/**
 * Korean numbers in Hangul, read for numbers.ts (whose module comment gives the rules): native numerals before a
 * counter (`스물두 명`), Sino-Korean numerals with a unit (`삼천`), Hangul and Han quantity words (`절반`, `一半`), and
 * the counters a digit 1 may be carried by (`1명`). Every reader looks at a bounded stretch of text after where it starts.
 */

import { isParticleChain } from './glossary-match.ts';
import {
  COUNTER_SUFFIXES,
  COUNTERS,
  DIGIT_COUNTERS,
  HANGUL_NUMERALS,
  NATIVE_TENS,
  NATIVE_UNITS,
  QUANTITY_WORDS,
  type QuantityWord,
  SINO_UNITS,
  SPACED_COUNTERS,
} from './number-words.ts';
import { isHangulSyllable, SPACE } from './numeral-scan.ts';
import { byCodeUnit, readSpelled } from './spelled-numerals.ts';

// Particles and endings after a Korean number are short; a longer Hangul run is another word.
const MAX_TAIL = 8;

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
