import { escapeText, foldForComparison, isIgnorable } from './segment-text.ts';

// Matching happens on a folded copy of the tag-free view: each cluster (a base code point with the combining marks,
// conjoining Hangul jamo and ignorable code points that follow it) folded with foldForComparison, whitespace dropped.
// A cluster is folded as a unit so `e` + U+034F + U+0301 still becomes `é`. Every folded code unit remembers its
// cluster, so a match maps back to the view. Building the copy is one pass; each term is then found with indexOf.
// No regular expression runs over the text, so no input can make matching backtrack: a name followed by 32,000
// zero-width spaces used to block the event loop for seconds.
const CONTINUES_CLUSTER = /[\p{M}\u1160-\u11FF\uD7B0-\uD7FF]/u;
const WHITESPACE = /\s/u;

/** A folded copy of a text and, for each of its UTF-16 units, where its cluster lies in the text. */
export interface FoldedView {
  /** The folded text. */
  readonly text: string;
  /** For each UTF-16 unit of `text`, the view offset where its cluster starts. */
  readonly starts: Int32Array;
  /** For each UTF-16 unit of `text`, the view offset after the last code point of its cluster that is not ignorable. */
  readonly ends: Int32Array;
}

/** Fold a term as the text is folded: whitespace dropped (spacing of names varies), escaped as segment text. */
export function foldTerm(term: string): string {
  return foldForComparison(escapeText(term.normalize('NFC'))).replace(/\s+/gu, '');
}

// Folded clusters of up to four code units, kept while there are few of them: text repeats the same characters, and
// folding one (NFKC twice, case mapping, pattern replaces) costs far more than a map lookup.
const FOLDED = new Map<string, string>();
const FOLDED_MAX = 8192;

function foldCluster(cluster: string): string {
  const known = FOLDED.get(cluster);
  if (known !== undefined) return known;
  const piece = foldForComparison(cluster).replace(/\s+/gu, '');
  if (cluster.length <= 4) {
    if (FOLDED.size >= FOLDED_MAX) FOLDED.clear();
    FOLDED.set(cluster, piece);
  }
  return piece;
}

// Lone code units folded, by code unit: no one-character string is made to look one up.
const FOLDED_UNITS = new Map<number, string>();

function foldUnit(unit: number): string {
  let piece = FOLDED_UNITS.get(unit);
  if (piece === undefined) {
    piece = foldCluster(String.fromCharCode(unit));
    if (FOLDED_UNITS.size >= FOLDED_MAX) FOLDED_UNITS.clear();
    FOLDED_UNITS.set(unit, piece);
  }
  return piece;
}

/** `\s` for one code point; beyond ASCII only U+00A0…U+3000 and U+FEFF hold any, so most text needs no pattern. */
function isWhitespace(cp: number): boolean {
  if (cp < 0x80) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  return (cp <= 0x3000 || cp === 0xfeff) && WHITESPACE.test(String.fromCodePoint(cp));
}

/** Whether a code point joins the cluster before it; Hangul syllables and CJK ideographs, the bulk of text, never do. */
function continuesCluster(cp: number): boolean {
  if (cp < 0x300 || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x4e00 && cp <= 0x9fff)) return false;
  return CONTINUES_CLUSTER.test(String.fromCodePoint(cp));
}

/** True when a lone code point folds to itself: ASCII other than capitals and whitespace, and Hangul syllables. */
function foldsToItself(cp: number): boolean {
  return (cp > 0x20 && cp < 0x7f && !(cp >= 0x41 && cp <= 0x5a)) || (cp >= 0xac00 && cp <= 0xd7a3);
}

/**
 * The folded copy of `text` (a tag-free view of segment text) that terms are found in with indexOf: each cluster folded
 * with foldForComparison, whitespace dropped, every folded unit mapped back to its cluster's offsets in `text`.
 */
export function foldView(text: string): FoldedView {
  let folded = '';
  // Typed arrays, grown by doubling: folding rarely makes text longer (NFKC of `ﷺ` does), and a plain array of
  // numbers pushed one by one costs many times more.
  let starts = new Int32Array(text.length + 16);
  let ends = new Int32Array(text.length + 16);
  let count = 0;
  const push = (start: number, end: number) => {
    if (count === starts.length) {
      const grownStarts = new Int32Array(count * 2);
      const grownEnds = new Int32Array(count * 2);
      grownStarts.set(starts);
      grownEnds.set(ends);
      starts = grownStarts;
      ends = grownEnds;
    }
    starts[count] = start;
    ends[count] = end;
    count += 1;
  };
  // Clusters that fold to themselves are copied from the text a run at a time instead of one by one.
  let same = -1;
  let sameEnd = -1;
  const copySame = () => {
    if (same !== -1) folded += text.slice(same, sameEnd);
    same = -1;
  };
  let clusterStart = 0;
  let clusterEnd = 0;
  let space = false;
  const flush = (to: number) => {
    if (to === clusterStart || space) return;
    if (to === clusterStart + 1 && clusterEnd === to && foldsToItself(text.charCodeAt(clusterStart))) {
      if (same === -1 || sameEnd !== clusterStart) {
        copySame();
        same = clusterStart;
      }
      sameEnd = to;
      push(clusterStart, to);
      return;
    }
    copySame();
    const piece = to === clusterStart + 1 ? foldUnit(text.charCodeAt(clusterStart)) : foldCluster(text.slice(clusterStart, to));
    for (let k = 0; k < piece.length; k++) push(clusterStart, clusterEnd);
    folded += piece;
  };
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const next = i + (cp > 0xffff ? 2 : 1);
    const ignorable = isIgnorable(cp);
    const continues = i > clusterStart && !space && (ignorable || continuesCluster(cp));
    if (!continues) {
      flush(i);
      clusterStart = i;
      clusterEnd = i;
      space = isWhitespace(cp);
    }
    i = next;
    if (!ignorable) clusterEnd = i;
  }
  flush(i);
  copySame();
  return { text: folded, starts: starts.subarray(0, count), ends: ends.subarray(0, count) };
}
