/**
 * English numbers in words, read for numbers.ts (whose module comment gives the rules): number words (`twenty-one`),
 * scale words (`a million`, `3 bn`), quantity words (`a tenth`, `half`, `doubled`), articles and month names.
 */

import { MONTHS, QUANTITY_WORDS, SCALE_WORDS, WORD_NUMBERS } from './number-words.ts';
import { DOT, isAsciiLetter, isDigit, isLetterAt, type Reading, SPACE } from './numeral-scan.ts';

/** An English scale word at `at`, after an optional space (`million`, `bn`). */
export function scaleAt(text: string, at: number): Reading | null {
  const start = text.charCodeAt(at) === SPACE ? at + 1 : at;
  let end = start;
  while (end - start <= 8 && isAsciiLetter(text.charCodeAt(end))) end += 1;
  if (end === start || isLetterAt(text, end)) return null;
  const value = SCALE_WORDS.get(text.slice(start, end).toLowerCase());
  return value === undefined ? null : { value, end };
}

/** The ASCII word after `end` and one space or hyphen (`a tenth`, `one-tenth`), lowercased, or ''. */
function nextWord(text: string, end: number): string {
  const sep = text.charCodeAt(end);
  if (sep !== SPACE && sep !== 0x2d) return '';
  let stop = end + 1;
  while (stop - end <= 12 && isAsciiLetter(text.charCodeAt(stop))) stop += 1;
  return text.slice(end + 1, stop).toLowerCase();
}

/** The ASCII word before `start` and one space (`such a`), lowercased, or ''. */
function previousWord(text: string, start: number): string {
  if (text.charCodeAt(start - 1) !== SPACE) return '';
  let from = start - 1;
  while (start - 1 - from <= 12 && isAsciiLetter(text.charCodeAt(from - 1))) from -= 1;
  return isLetterAt(text, from - 1) ? '' : text.slice(from, start - 1).toLowerCase();
}

// Where `a`/`an` never means one: a quantity (`a few`, `a lot of`, `a number of`, `a couple of`), or an exclamation
// or degree (`such a`, `what a`, `quite a`, `many a`). Such an article carries no counted 1 (`1명` is not `a few people`).
const NOT_ONE_AFTER: ReadonlySet<string> = new Set([
  'few',
  'lot',
  'lots',
  'little',
  'bit',
  'number',
  'couple',
  'variety',
  'range',
  'series',
  'host',
  'handful',
  'majority',
  'minority',
  'bunch',
  'myriad',
  'plethora',
  'slew',
]);
const NOT_ONE_BEFORE: ReadonlySet<string> = new Set(['such', 'what', 'quite', 'rather', 'many']);

/**
 * `a`/`an` at `[start, end)`: before a scale word its value (`a million`), before a fraction its 1 (`a tenth`, read
 * with the fraction after it), in a phrase where it never means one (`a few`, `such a`) nothing, else one more
 * article in `articles` (`a person`, for a counted 1 only).
 */
function readArticle(text: string, start: number, end: number, soft: number[], articles: number[]): number {
  const scale = scaleAt(text, end);
  if (scale) {
    soft.push(scale.value);
    return scale.end;
  }
  const next = nextWord(text, end);
  if (QUANTITY_WORDS.get(next)?.kind === 'fraction') soft.push(1);
  else if (!NOT_ONE_AFTER.has(next) && !NOT_ONE_BEFORE.has(previousWord(text, start))) articles.push(1);
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
  if (quantity?.kind === 'article') return readArticle(text, start, end, soft, articles);
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
