// The inline part of markdown-shape.ts's pre-scan: one paragraph-like run of lines at a time, how deeply its inline
// markup is open at each point, how many marks micromark will build events for, and how much it will read again.
import { MAX_SHORTCODE_LENGTH } from '../../core/shortcode.ts';

const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;
// Where an autolink literal's domain and path end: micromark scans to here from every `www.` and `://`.
const LINK_END = /[\s<]/g;

/** The code point before `i` (whitespace at the start of a line, where the newline is). */
function charBefore(text: string, lineStart: number, i: number): string {
  if (i <= lineStart) return ' ';
  const low = text.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && i - 2 >= lineStart ? text.slice(i - 2, i) : text.charAt(i - 1);
}

/** The code point at `i` (whitespace at the end of a line). */
function charAt(text: string, lineEnd: number, i: number): string {
  if (i >= lineEnd) return ' ';
  return String.fromCodePoint(text.codePointAt(i) ?? 0x20);
}

/**
 * One paragraph-like run of lines between blank lines: how deeply its inline markup is open at each point, and where
 * its look-ahead marks start.
 */
export class Chunk {
  readonly line: number;
  readonly #text: string;
  readonly #start: number;
  /** Open delimiter characters (`*`, `_`, `~~`) and `[`: each can add one level of nesting. */
  #star = 0;
  #underscore = 0;
  #tilde = 0;
  /** Positions of the `[` still open, innermost last. */
  readonly #brackets: number[] = [];
  /** How far micromark walks back from each `]` to find its `[`: to the paragraph's start when there is none. */
  #lookbehind = 0;
  readonly #backticks: { readonly at: number; readonly length: number }[] = [];
  /** Positions of marks that search ahead for a fixed closing string, by that string. */
  readonly #searches = new Map<string, number[]>();
  /** Positions of `www.` and `://`, which search ahead to the end of the address. */
  readonly #addresses: number[] = [];
  /** Marks micromark builds events for: delimiter runs, brackets, backtick runs, escapes, `<`, `&`, `|`, shortcodes. */
  marks = 0;
  /** Emphasis delimiter runs (`*`, `_`, `~`): micromark's attention resolver pairs them at a cost quadratic in their count. */
  delimiterRuns = 0;

  constructor(text: string, start: number, line: number) {
    this.#text = text;
    this.#start = start;
    this.line = line;
  }

  /**
   * Scan one line's text, from `prefix.textStart` (after its container markers) to `end`; returns the deepest nesting
   * estimated on it (the line's block depth plus the inline marks open).
   */
  scanLine(prefix: { readonly depth: number; readonly textStart: number }, end: number): number {
    const text = this.#text;
    const { depth: blockDepth, textStart } = prefix;
    let deepest = blockDepth + this.#star + this.#underscore + this.#tilde + this.#brackets.length;
    const check = () => {
      deepest = Math.max(deepest, blockDepth + this.#star + this.#underscore + this.#tilde + this.#brackets.length);
    };
    let i = textStart;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) {
        this.marks++;
        i += 2; // a backslash escapes the next mark
        continue;
      }
      if (c === 0x2a || c === 0x5f || c === 0x7e) {
        this.marks++;
        this.delimiterRuns++;
        let j = i + 1;
        while (j < end && text.charCodeAt(j) === c) j++;
        this.#delimiterRun(c, j - i, charBefore(text, textStart, i), charAt(text, end, j));
        check();
        i = j;
        continue;
      }
      if (c === 0x60) {
        this.marks++;
        let j = i + 1;
        while (j < end && text.charCodeAt(j) === 0x60) j++;
        this.#backticks.push({ at: i, length: j - i });
        i = j;
        continue;
      }
      if (c === 0x5b || c === 0x5d || c === 0x3c || c === 0x26 || c === 0x7c) this.marks++;
      if (c === 0x5b) {
        this.#brackets.push(i);
        check();
      } else if (c === 0x5d) {
        this.#lookbehind += i - (this.#brackets.pop() ?? this.#start);
        if (text.charCodeAt(i + 1) === 0x28) this.#search(')', i);
      } else if (c === 0x3c && text.charCodeAt(i + 1) === 0x21) {
        this.#search(text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : '>', i);
      } else if (c === 0x3c && text.charCodeAt(i + 1) === 0x3f) {
        this.#search('?>', i);
      } else if (c === 0x7b && text.charCodeAt(i + 1) === 0x7b) {
        const delimiter = text.charCodeAt(i + 2);
        if (delimiter === 0x3c || delimiter === 0x25) {
          this.marks++;
          this.#search(delimiter === 0x3c ? '>}}' : '%}}', i);
        }
      } else if ((c === 0x77 || c === 0x57) && text.slice(i, i + 4).toLowerCase() === 'www.') {
        this.#addresses.push(i);
      } else if (c === 0x3a && text.startsWith('://', i)) {
        this.#addresses.push(i);
      }
      i++;
    }
    return deepest;
  }

  /**
   * CommonMark's flanking rules (spec 6.2): a run can open when the next character is not whitespace (and, for `_`,
   * not inside a word), close when the previous one is not. Runs that can only open add their length, runs that can
   * only close take it away, runs that can do both close what is open or else open.
   */
  #delimiterRun(c: number, length: number, before: string, after: string): void {
    // Korean writes ranges with one tilde (3~5일); strikethrough takes exactly two (singleTilde is off).
    if (c === 0x7e && length !== 2) return;
    const spaceBefore = WHITESPACE.test(before);
    const spaceAfter = WHITESPACE.test(after);
    const punctBefore = PUNCTUATION.test(before);
    const punctAfter = PUNCTUATION.test(after);
    const left = !spaceAfter && (!punctAfter || spaceBefore || punctBefore);
    const right = !spaceBefore && (!punctBefore || spaceAfter || punctAfter);
    const open = c === 0x5f ? left && (!right || punctBefore) : left;
    const close = c === 0x5f ? right && (!left || punctAfter) : right;
    const weight = c === 0x7e ? 1 : length;
    const current = c === 0x2a ? this.#star : c === 0x5f ? this.#underscore : this.#tilde;
    let next = current;
    if (open && !close) next = current + weight;
    else if (close && !open) next = Math.max(0, current - weight);
    else if (open && close) next = current >= weight ? current - weight : current + weight;
    if (c === 0x2a) this.#star = next;
    else if (c === 0x5f) this.#underscore = next;
    else this.#tilde = next;
  }

  #search(closing: string, at: number): void {
    const list = this.#searches.get(closing);
    if (list) list.push(at);
    else this.#searches.set(closing, [at]);
  }

  /**
   * Characters micromark may read ahead in this chunk, which ends at `end`: from each opening mark to what closes it,
   * or to the end when nothing does; and back from each `]` to its `[`. Linear: each search resumes where the last one
   * stopped.
   */
  lookahead(end: number): number {
    const text = this.#text.slice(this.#start, end);
    const offset = this.#start;
    let work = this.#lookbehind;

    // A backtick run is closed by the next run of the same length; the runs between are inside the code span.
    const runs = this.#backticks;
    const nextSame = new Array<number>(runs.length).fill(-1);
    const seen = new Map<number, number>();
    for (let k = runs.length - 1; k >= 0; k--) {
      const run = runs[k]!;
      nextSame[k] = seen.get(run.length) ?? -1;
      seen.set(run.length, k);
    }
    for (let k = 0; k < runs.length; ) {
      const close = nextSame[k]!;
      work += (close === -1 ? end : runs[close]!.at) - runs[k]!.at;
      k = close === -1 ? k + 1 : close + 1;
    }

    for (const [closing, positions] of this.#searches) {
      let found = -1;
      for (const at of positions) {
        if (found < at - offset) {
          found = text.indexOf(closing, at - offset + 1);
          if (found === -1) found = text.length;
        }
        // A Hugo shortcode is looked for over MAX_SHORTCODE_LENGTH characters at most (shortcode-syntax.ts).
        work += closing.endsWith('}}') ? Math.min(found - (at - offset), MAX_SHORTCODE_LENGTH) : found - (at - offset);
      }
    }

    // An autolink literal costs micromark about twice as much per character as the other searches.
    let found = -1;
    for (const at of this.#addresses) {
      if (found < at - offset) {
        LINK_END.lastIndex = at - offset;
        found = LINK_END.exec(text)?.index ?? text.length;
      }
      work += 2 * (found - (at - offset));
    }
    return work;
  }
}
