// A linear pre-scan of Markdown, run before micromark sees it. micromark is slow on a few shapes: deeply nested
// emphasis or links (each closing mark re-resolves everything inside it), deeply nested lists and quotes, marks that
// open and never close (a backtick run, `](`, `<!--`, `{{<`, `www.` inside a long word), each of which makes it
// search to the end of the paragraph again, `]` without a `[` (searched back to the paragraph's start), and the items
// of nested lists and every line that leaves a quote or a list (each copies everything parsed so far). The parse tree of deep nesting also overflows the stack of
// every recursive walk after it. This scan estimates all of it from the text alone, in one pass, and refuses what
// passes LIMITS; the estimates err on the high side, and real articles stay far below the limits. The exact nesting
// of what passes is counted again on the parsed tree (checkNestingDepth).
import { LimitError } from '../../core/errors.ts';
import { LIMITS } from '../../core/limits.ts';
import { Chunk } from './markdown-paragraph-scan.ts';

/**
 * What one line before a copy of the document's events costs, in characters read again: measured, micromark takes
 * about as long per line there as it takes to scan 12 characters ahead for an unclosed mark.
 */
const LINE_COPY_WEIGHT = 12;
/** The same for a line that leaves a quote or a list, measured on short quotes between paragraphs. */
const CONTAINER_EXIT_WEIGHT = 20;

/**
 * Refuse Markdown whose size, nesting or unclosed markup would make parsing it slow or deep. Throws LimitError
 * `markdownLines`, `listItems` or `markupMarks` past those limits, `nestingDepth` (with the line where the estimate
 * passed LIMITS.nestingDepth) or `markupRereads` (with the line where the estimate passed LIMITS.markupRereads).
 * Nesting, list items and marks are read from `from` on, the end of the front matter block (which has limits of its
 * own); `file` labels messages. Linear in the text's length.
 */
export function checkMarkdownShape(text: string, file: string, from = 0): void {
  let work = 0;
  let previousDepth = 0;
  /** The nesting of the line before, blank or not: a line below it leaves a quote or a list. */
  let lastDepth = 0;
  let marks = 0;
  let listItems = 0;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < from; i = text.indexOf('\n', i + 1)) line++;
  let chunk = new Chunk(text, from, line);
  const endChunk = (end: number): void => {
    // micromark pairs a paragraph's emphasis delimiters (resolveAllAttention), splicing its event list as it goes: the
    // cost grows with the square of the runs in one paragraph. `*{{%` 3,946 times in one line (found by the fuzz test)
    // took 1.2 s alone and over 2 s under load, where 5,000 unclosed shortcodes without emphasis take 0.9 s.
    work += chunk.delimiterRuns * chunk.delimiterRuns;
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
    listItems += prefix.listMarkers;
    if (listItems > LIMITS.listItems) {
      throw new LimitError(
        'listItems',
        `markdown: ${file} has more than ${LIMITS.listItems} list items by line ${line}; the limit is ${LIMITS.listItems}; split the article`,
        { file, line },
      );
    }
    // A list item that ends a nested list, or is in one, makes micromark copy every event of the document so far
    // (micromark-util-edit-map in its document tokenizer): the cost grows with the lines before it.
    if (prefix.listMarkers > 0 && Math.max(prefix.depth, previousDepth) >= 2) {
      work += LINE_COPY_WEIGHT * line;
      if (work > LIMITS.markupRereads) throw tooMuchRereading(file, line);
    }
    // So does a line that leaves a quote or a list item (blank, lazy or outside it: micromark moves the exits of the
    // containers it closes back before that line): thousands of short quotes (`> ` and a blank line, 1,874 times)
    // took 2 s, twice as many 13 s. Counted at every drop in nesting, which errs high for a loose list.
    if (prefix.depth < lastDepth) {
      work += CONTAINER_EXIT_WEIGHT * line;
      if (work > LIMITS.markupRereads) throw tooMuchRereading(file, line);
    }
    lastDepth = prefix.depth;
    if (isBlank(text, start, end)) {
      endChunk(start);
      chunk = new Chunk(text, end + 1, line + 1);
    } else {
      const depth = chunk.scanLine(prefix, end);
      if (depth > LIMITS.nestingDepth) throw tooDeep(file, line, depth);
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
    `markdown: ${file} has too much markup the parser must read again and again by line ${line} (unclosed backtick runs, "](", "<!--", "{{<", "www." in long words, "]" without "[", or many nested lists or quotes in a long text); close or escape it, or split the article`,
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
 * The estimated block nesting of one line: its container markers (`>`; `-`, `+`, `*`, `1.`, `1)` before a space or
 * the line's end, which opens an empty item), plus one level for every two columns of further indentation (a nested
 * list item is indented by at least two); and where the line's text starts.
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
