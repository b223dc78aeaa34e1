/**
 * Numbers as a reader understands them, across Korean, Japanese, Chinese and English writing: `2만` and `20,000`,
 * `1억` and `100 million`, `1월 22일` and `January 22`, full-width `１２３`. Used by the numbers check.
 */

import { plainText } from './segment-text.ts';

/** Numbers found in a text. `hard` are written with digits; `soft` are spelled out (`two`, `January`) and may stand in for a digit but never count as extra. */
export interface ExtractedNumbers {
  readonly hard: readonly number[];
  readonly soft: readonly number[];
}

// East Asian multipliers written after digits. 만/万/萬 and above group by ten thousand; 천/백 only scale the digits before them.
const BIG_UNITS: Readonly<Record<string, number>> = {
  조: 1e12,
  兆: 1e12,
  억: 1e8,
  億: 1e8,
  亿: 1e8,
  만: 1e4,
  万: 1e4,
  萬: 1e4,
};
const SMALL_UNITS: Readonly<Record<string, number>> = { 천: 1e3, 千: 1e3, 백: 1e2, 百: 1e2 };

const SCALE_WORDS: Readonly<Record<string, number>> = {
  thousand: 1e3,
  million: 1e6,
  mn: 1e6,
  billion: 1e9,
  bn: 1e9,
  trillion: 1e12,
  tn: 1e12,
};

const WORD_NUMBERS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  once: 1,
  twice: 2,
  dozen: 12,
  decade: 10,
  decades: 10,
  dozens: 12,
};

const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const NUMBER_AT = /\d+(?:,\d{3})*(?:\.\d+)?/y;
const SCALE_AFTER = /\s?(thousand|million|billion|trillion|mn|bn|tn)(?![\p{L}\p{N}])/iuy;
const WORDS = /[\p{L}]+/gu;

/** Full-width digits and separators (`１２，０００`) as ASCII, inline tags replaced by a space and XML escapes decoded. */
export function plainDigits(text: string): string {
  return plainText(text, ' ')
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/\uFF0C/g, ',')
    .replace(/\uFF0E/g, '.');
}

function parseDigits(raw: string): number {
  return Number(raw.replace(/,/g, ''));
}

/** Reads `2만5천`, `1억 2000만`, `3천5백만`, `20 million`, `1.5bn` starting at `start`; returns the value and where it ends. */
function readCompound(text: string, start: number): { value: number; end: number } {
  let i = start;
  let total = 0;
  let section = 0;
  for (;;) {
    NUMBER_AT.lastIndex = i;
    const m = NUMBER_AT.exec(text);
    if (!m) break;
    const n = parseDigits(m[0]);
    i = NUMBER_AT.lastIndex;
    const small = SMALL_UNITS[text[i] ?? ''];
    let afterSmall = false;
    if (small) {
      section += n * small;
      i += 1;
      afterSmall = true;
    } else {
      SCALE_AFTER.lastIndex = i;
      const scale = SCALE_AFTER.exec(text);
      if (scale) {
        section += n * (SCALE_WORDS[scale[1]!.toLowerCase()] ?? 1);
        i = SCALE_AFTER.lastIndex;
        break;
      }
      section += n;
    }
    const big = BIG_UNITS[text[i] ?? ''];
    if (big) {
      total += section * big;
      section = 0;
      i += 1;
      // `2만 5000명`: after a ten-thousand group the next group may follow a space.
      if (text[i] === ' ' && /\d/.test(text[i + 1] ?? '')) i += 1;
      if (/\d/.test(text[i] ?? '')) continue;
      break;
    }
    if (afterSmall && /\d/.test(text[i] ?? '')) continue;
    break;
  }
  return { value: total + section, end: i };
}

/** Every number in `text`, digits and East Asian units combined into values, spelled-out English numbers kept apart as soft. */
export function extractNumbers(text: string): ExtractedNumbers {
  const plain = plainDigits(text);
  const hard: number[] = [];
  for (let i = 0; i < plain.length; ) {
    if (/\d/.test(plain[i]!)) {
      const { value, end } = readCompound(plain, i);
      hard.push(roundValue(value));
      i = Math.max(end, i + 1);
    } else {
      i += 1;
    }
  }
  const soft: number[] = [];
  for (const m of plain.matchAll(WORDS)) {
    const word = m[0];
    const lower = word.toLowerCase();
    const month = MONTHS[lower];
    // Month names count only capitalized (`may` is a verb); an abbreviation only before a dot or a digit (`Jan. 22`).
    if (month && word[0] === word[0]!.toUpperCase()) {
      const after = plain.slice(m.index + word.length, m.index + word.length + 2);
      if (lower.length > 4 || lower === 'may' || lower === 'june' || lower === 'july' || /^\.|^ \d/.test(after)) {
        soft.push(month);
        continue;
      }
    }
    const n = WORD_NUMBERS[lower];
    if (n !== undefined) {
      const scale = /^\s(thousand|million|billion|trillion)\b/i.exec(plain.slice(m.index + word.length));
      soft.push(scale ? n * SCALE_WORDS[scale[1]!.toLowerCase()]! : n);
    }
  }
  return { hard, soft };
}

function roundValue(n: number): number {
  return Number(n.toPrecision(12));
}

/** How a value is shown in check details: plain digits, no exponent, no separators. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

/**
 * Source numbers the target lacks and target numbers the source lacks. A source number is found when the target has
 * it in digits or spelled out; spelled-out target numbers never count as extra (Korean counts `두 명` are not parsed).
 */
export function compareNumbers(source: string, target: string): { missing: string[]; extra: string[] } {
  const src = extractNumbers(source);
  const tgt = extractNumbers(target);
  const hard = countOf(tgt.hard);
  const soft = countOf(tgt.soft);
  const missing: number[] = [];
  for (const n of src.hard) {
    if (take(hard, n) || take(soft, n)) continue;
    missing.push(n);
  }
  // Whatever hard target numbers were not consumed by the source are extra; the source's soft numbers excuse them.
  const srcSoft = countOf(src.soft);
  const extra: number[] = [];
  for (const [n, count] of hard) {
    for (let k = 0; k < count; k++) if (!take(srcSoft, n)) extra.push(n);
  }
  return { missing: missing.map(formatNumber), extra: extra.map(formatNumber) };
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
