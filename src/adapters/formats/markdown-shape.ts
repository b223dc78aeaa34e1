// A linear pre-scan of Markdown, run before micromark sees it. micromark is slow on a few shapes: deeply nested
// emphasis or links (each closing mark re-resolves everything inside it), deeply nested lists and quotes, marks that
// open and never close (a backtick run, `](`, `<!--`, `{{<`, `www.` inside a long word), each of which makes it search to the
// end of the paragraph again, and `]` without a `[`, each of which makes it search back to the paragraph's start. The parse tree of deep nesting also overflows the stack of every recursive walk
// after it. This scan estimates both from the text alone, in one pass, and refuses what passes LIMITS; the estimates
// err on the high side, and real articles stay far below the limits. The exact nesting of what passes is counted
// again on the parsed tree (markdown-tree.ts).
import { LimitError } from '../../core/errors.ts';
import { LIMITS } from '../../core/limits.ts';
import { MAX_SHORTCODE_LENGTH } from '../../core/shortcode.ts';

const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;
// Where an autolink literal's domain and path end: micromark scans to here from every `www.` and `://`.
const LINK_END = /[\s<]/g;

/**
 * Refuse Markdown whose size, nesting or unclosed markup would make parsing it slow or deep. Throws LimitError
 * `markdownLines` past LIMITS.markdownLines lines, `markupMarks` past LIMITS.markupMarks marks, `nestingDepth` (with
 * the line where the estimate passed LIMITS.nestingDepth) or `markupRereads` (with the line where the estimate passed
 * LIMITS.markupRereads). Nesting and marks are read from `from` on, the end of the front matter block (which has
 * limits of its own); `file` labels messages. Linear in the text's length.
 */
export function checkMarkdownShape(text: string, file: string, from = 0): void {
  let work = 0;
  let previousDepth = 0;
  let marks = 0;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < from; i = text.indexOf('\n', i + 1)) line++;
  let chunk = new Chunk(text, from, line);
  const endChunk = (end: number): void => {
    work += chunk.lookahead(end);
    if (work > LIMITS.markupRereads) throw tooMuchRereading(file, chunk.line);
    marks += chunk.marks;
    if (marks > LIMITS.markupMarks) {
      throw new LimitError(
        'markupMarks',
        `markdown: ${file} has more than ${LIMITS.markupMarks} emphasis marks, brackets, backticks, escapes and other markup by line ${chunk.line}; an article has a few thousand at most`,
        { file, line: chunk.line },
      );
    }
  };
  let start = from;
  while (start <= text.length) {
    if (line > LIMITS.markdownLines) {
      throw new LimitError(
        'markdownLines',
        `markdown: ${file} has more than ${LIMITS.markdownLines} lines; the limit is ${LIMITS.markdownLines}; split the article`,
        { file },
      );
    }
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const prefix = blockPrefix(text, start, end);
    if (prefix.depth > LIMITS.nestingDepth) throw tooDeep(file, line, prefix.depth);
    // A list item that ends a nested list, or is in one, makes micromark copy every event of the document so far
    // (micromark-util-edit-map in its document tokenizer): the cost is the text before it.
    if (prefix.listMarkers > 0 && Math.max(prefix.depth, previousDepth) >= 2) {
      work += start;
      if (work > LIMITS.markupRereads) throw tooMuchRereading(file, line);
    }
    if (isBlank(text, start, end)) {
      endChunk(start);
      chunk = new Chunk(text, end + 1, line + 1);
    } else {
      chunk.scanLine(prefix, end, line, file);
      previousDepth = prefix.depth;
    }
    if (newline === -1) break;
    start = newline + 1;
    line++;
  }
  endChunk(text.length);
}

function tooMuchRereading(file: string, line: number): LimitError {
  return new LimitError(
    'markupRereads',
    `markdown: ${file} has too much markup the parser must read again and again by line ${line} (unclosed backtick runs, "](", "<!--", "{{<", "www." in long words, "]" without "[", or nested lists in a long text); close or escape it, or split the article`,
    { file, line },
  );
}

function tooDeep(file: string, line: number, depth: number): LimitError {
  return new LimitError(
    'nestingDepth',
    `markdown: ${file} nests lists, quotes, emphasis or links about ${depth} levels deep at line ${line}; the limit is ${LIMITS.nestingDepth}`,
    { file, line },
  );
}

/** Blank lines (also `>` alone, blank inside a quote) end a paragraph, and with it micromark's inline scanning. */
function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x3e) return false;
  }
  return true;
}

const isSpaceOrTab = (c: number): boolean => c === 0x20 || c === 0x09;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * The estimated block nesting of one line: container markers (`>`, and `-`, `+`, `*`, `1.`, `1)` before a space or the
 * end of the line, which opens an empty item) before its text, plus
 * one level for every two columns of further indentation (a nested list item is indented by at least two).
 * Returns the depth and where the line's text starts.
 */
interface BlockPrefix {
  readonly depth: number;
  /** List item markers among the line's container markers. */
  readonly listMarkers: number;
  readonly textStart: number;
}

function blockPrefix(text: string, start: number, end: number): BlockPrefix {
  let i = start;
  let columns = 0;
  let markers = 0;
  let listMarkers = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      columns++;
      i++;
    } else if (c === 0x09) {
      columns += 4;
      i++;
    } else if (c === 0x3e) {
      markers++;
      i++;
    } else if ((c === 0x2d || c === 0x2b || c === 0x2a) && (i + 1 === end || isSpaceOrTab(text.charCodeAt(i + 1)))) {
      markers++;
      listMarkers++;
      i++;
    } else if (isDigit(c)) {
      let j = i;
      while (j < end && j - i < 9 && isDigit(text.charCodeAt(j))) j++;
      const mark = text.charCodeAt(j);
      if (!((mark === 0x2e || mark === 0x29) && (j + 1 === end || isSpaceOrTab(text.charCodeAt(j + 1))))) break;
      markers++;
      listMarkers++;
      i = j + 1;
    } else {
      break;
    }
  }
  // Each marker is followed by the one space it needs; the rest is indentation.
  return { depth: markers + Math.floor(Math.max(0, columns - markers) / 2), listMarkers, textStart: i };
}

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
class Chunk {
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

  constructor(text: string, start: number, line: number) {
    this.#text = text;
    this.#start = start;
    this.line = line;
  }

  /** Scan one line's text (after its container prefix); throws when the nesting estimate passes the limit. */
  scanLine(prefix: BlockPrefix, end: number, line: number, file: string): void {
    const text = this.#text;
    const { depth: blockDepth, textStart } = prefix;
    const check = () => {
      const depth = blockDepth + this.#star + this.#underscore + this.#tilde + this.#brackets.length;
      if (depth > LIMITS.nestingDepth) throw tooDeep(file, line, depth);
    };
    check();
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

    let found = -1;
    for (const at of this.#addresses) {
      if (found < at - offset) {
        LINK_END.lastIndex = at - offset;
        found = LINK_END.exec(text)?.index ?? text.length;
      }
      work += found - (at - offset);
    }
    return work;
  }
}

/** The node types that add a level of nesting (a list item adds none: its list did). */
const NESTING = new Set(['blockquote', 'list', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'footnoteDefinition']);

interface TreeNode {
  readonly type: string;
  readonly children?: readonly TreeNode[];
  readonly position?: { readonly start: { readonly line: number } } | undefined;
}

/**
 * The exact check on a parsed (or converted) tree: throws LimitError `nestingDepth` at the first node nested deeper
 * than LIMITS.nestingDepth, with its line when the tree has positions. Iterative, so no tree can overflow the stack.
 */
export function checkNestingDepth(root: TreeNode, file: string): void {
  const stack: [TreeNode, number][] = [[root, 0]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, outer] = entry;
    const depth = NESTING.has(node.type) ? outer + 1 : outer;
    if (depth > LIMITS.nestingDepth) {
      const line = node.position?.start.line;
      throw new LimitError(
        'nestingDepth',
        `markdown: ${file} nests lists, quotes, emphasis or links more than ${LIMITS.nestingDepth} levels deep${line === undefined ? '' : ` at line ${line}`}; flatten it`,
        { file, ...(line === undefined ? {} : { line }) },
      );
    }
    for (const child of node.children ?? []) stack.push([child, depth]);
  }
}
