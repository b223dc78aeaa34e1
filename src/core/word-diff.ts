import { diffArrays } from 'diff';
import { WORD_DIFF_MAX_EDITS } from './limits.ts';
import { tagString, tokenize } from './segment-text.ts';

/** One run of a word-level difference: kept, added in the second text, or removed from the first. */
export interface WordDiffPart {
  readonly op: 'equal' | 'insert' | 'delete';
  readonly text: string;
}

// Word segmentation from ICU: it splits Japanese and Chinese into words, which a whitespace split cannot.
const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(locale: string | undefined): Intl.Segmenter {
  const key = locale ?? '';
  let found = segmenters.get(key);
  if (!found) {
    found = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(key, found);
  }
  return found;
}

/**
 * Words, spaces and punctuation of `text` in order, each inline tag of segment text (`<g1>`, `</g1>`, `<x2/>`) one
 * token of its own, so a diff never splits a tag; joining them gives `text` back.
 */
export function wordTokens(text: string, locale?: string): string[] {
  const words = segmenter(locale);
  return tokenize(text).flatMap((token) =>
    token.type === 'text' ? Array.from(words.segment(token.text), (s) => s.segment) : [tagString(token)],
  );
}

/**
 * The word-level difference from `before` to `after`, adjacent runs of the same kind merged. Past WORD_DIFF_MAX_EDITS
 * word edits (texts that share little) it is the whole of `before` deleted and the whole of `after` inserted, so two
 * long unrelated texts cost no more than two short ones per word.
 */
export function wordDiff(before: string, after: string, locale?: string): WordDiffPart[] {
  const changes = diffArrays(wordTokens(before, locale), wordTokens(after, locale), { maxEditLength: WORD_DIFF_MAX_EDITS }) ?? [
    { removed: true, added: false, value: [before] },
    { removed: false, added: true, value: [after] },
  ];
  const parts: WordDiffPart[] = [];
  for (const change of changes) {
    const op = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    const text = change.value.join('');
    const last = parts[parts.length - 1];
    if (last && last.op === op) parts[parts.length - 1] = { op, text: last.text + text };
    else if (text !== '') parts.push({ op, text });
  }
  return parts;
}
