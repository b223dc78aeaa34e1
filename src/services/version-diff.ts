import { diffArrays } from 'diff';
import { splitFrontMatterBlock } from '../core/front-matter-syntax.ts';
import type { Locale } from '../core/locale.ts';

/** A run of text on one side of a changed row: kept on both sides, or only on this side (removed before / added after). */
export interface DiffPart {
  readonly text: string;
  readonly changed: boolean;
}

/**
 * One block of two documents aligned side by side: a front matter line or a body paragraph (blocks are separated by
 * blank lines). `same` rows hold the text once in both sides; `changed` rows hold word-level parts on each side;
 * `added` has an empty `before`, `removed` an empty `after`.
 */
export interface DiffRow {
  readonly kind: 'same' | 'changed' | 'added' | 'removed';
  readonly before: readonly DiffPart[];
  readonly after: readonly DiffPart[];
}

/** The blocks a document is compared in: each front matter line, then each paragraph of the body (blank-line separated). */
export function documentBlocks(document: string): string[] {
  const { text, body, present } = splitFrontMatterBlock(document.replace(/\r\n?/g, '\n'));
  const frontMatter = present ? text.split('\n').filter((line) => line.trim() !== '') : [];
  const paragraphs = body
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+|\s+$/g, ''))
    .filter((p) => p !== '');
  return [...frontMatter, ...paragraphs];
}

const segmenters = new Map<string, Intl.Segmenter>();

/** Word boundaries of the language (Korean eojeol, Japanese and Chinese words via the ICU dictionary), cached per locale. */
function wordSegmenter(locale: Locale): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (!segmenter) segmenters.set(locale, (segmenter = new Intl.Segmenter(locale, { granularity: 'word' })));
  return segmenter;
}

/** A run of changes with the parts kept between them; whitespace alone is not worth keeping between two changes. */
type Change = { readonly value: readonly string[]; readonly added?: boolean; readonly removed?: boolean };

function foldLoneSpaces(changes: readonly Change[]): Change[] {
  const out: Change[] = [];
  changes.forEach((change, i) => {
    const between = i > 0 && i < changes.length - 1 && !change.added && !change.removed;
    if (between && change.value.every((token) => token.trim() === '')) {
      // The same spaces on both sides: shown as removed on the left and added on the right, so the change reads as one.
      out.push({ value: change.value, removed: true }, { value: change.value, added: true });
    } else {
      out.push(change);
    }
  });
  return out;
}

/**
 * Word-level parts of one changed block on each side, words cut as `locale` cuts them (Intl.Segmenter: spaces for
 * Korean and English, the ICU dictionary for Japanese and Chinese). Each side's parts join to exactly its text.
 */
export function wordDiff(before: string, after: string, locale: Locale): { before: DiffPart[]; after: DiffPart[] } {
  const segmenter = wordSegmenter(locale);
  const tokens = (text: string) => Array.from(segmenter.segment(text), (s) => s.segment);
  const left: DiffPart[] = [];
  const right: DiffPart[] = [];
  const push = (parts: DiffPart[], text: string, changed: boolean) => {
    const last = parts.at(-1);
    if (last && last.changed === changed) parts[parts.length - 1] = { text: last.text + text, changed };
    else parts.push({ text, changed });
  };
  for (const change of foldLoneSpaces(diffArrays(tokens(before), tokens(after)))) {
    const text = change.value.join('');
    if (!change.added) push(left, text, change.removed === true);
    if (!change.removed) push(right, text, change.added === true);
  }
  return { before: left, after: right };
}

/** How a document is cut into the blocks compared: the text readers see (PublishDeps.readerBlocks) or its source. */
export type BlocksOf = (document: string) => readonly string[];

/**
 * Two documents aligned block by block (`blocksOf`, the Markdown source's `documentBlocks` by default), older on the
 * left; a run of removed blocks followed by added ones is paired up into `changed` rows with a word-level diff, the
 * rest stay `removed` or `added`.
 */
export function documentDiff(older: string, newer: string, locale: Locale, blocksOf: BlocksOf = documentBlocks): DiffRow[] {
  const rows: DiffRow[] = [];
  let removed: string[] = [];
  const flush = (added: readonly string[]) => {
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i += 1) rows.push({ kind: 'changed', ...wordDiff(removed[i]!, added[i]!, locale) });
    for (const text of removed.slice(pairs)) rows.push({ kind: 'removed', before: [{ text, changed: true }], after: [] });
    for (const text of added.slice(pairs)) rows.push({ kind: 'added', before: [], after: [{ text, changed: true }] });
    removed = [];
  };
  for (const change of diffArrays([...blocksOf(older)], [...blocksOf(newer)])) {
    if (change.removed) {
      removed.push(...change.value);
    } else if (change.added) {
      flush(change.value);
    } else {
      flush([]);
      for (const text of change.value) rows.push({ kind: 'same', before: [{ text, changed: false }], after: [{ text, changed: false }] });
    }
  }
  flush([]);
  return rows;
}

/** How many rows of a document diff are not `same`. */
export function changedRows(rows: readonly DiffRow[]): number {
  return rows.filter((r) => r.kind !== 'same').length;
}
