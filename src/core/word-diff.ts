import { diffArrays } from 'diff';

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

/** Words, spaces and punctuation of `text` in order; joining them gives `text` back. */
export function wordTokens(text: string, locale?: string): string[] {
  return Array.from(segmenter(locale).segment(text), (s) => s.segment);
}

/** The word-level difference from `before` to `after`, adjacent runs of the same kind merged. */
export function wordDiff(before: string, after: string, locale?: string): WordDiffPart[] {
  const parts: WordDiffPart[] = [];
  for (const change of diffArrays(wordTokens(before, locale), wordTokens(after, locale))) {
    const op = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    const text = change.value.join('');
    const last = parts[parts.length - 1];
    if (last && last.op === op) parts[parts.length - 1] = { op, text: last.text + text };
    else if (text !== '') parts.push({ op, text });
  }
  return parts;
}

/**
 * How much of `before` had to change to become `after`, 0 (identical) to 1 (rewritten): changed word tokens over the
 * tokens of the longer text, whitespace ignored. Measures post-editing of a machine draft.
 */
export function editRatio(before: string, after: string, locale?: string): number {
  const words = (text: string) => wordTokens(text, locale).filter((t) => t.trim() !== '');
  const a = words(before);
  const b = words(after);
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 0;
  let kept = 0;
  for (const change of diffArrays(a, b)) if (!change.added && !change.removed) kept += change.value.length;
  return 1 - kept / longest;
}

/** Post-edit measurement input: a machine draft and what people made of it. */
export interface PostEdited {
  readonly locale: string;
  readonly machineDraft: string | null;
  readonly text: string;
  readonly state: string;
}

/**
 * Mean edit ratio of machine drafts that people have finished with (submitted or approved), per locale, in the
 * order of `locales`; `effort` is null where nothing was measured yet.
 */
export function postEditEffort(rows: Iterable<PostEdited>, locales: readonly string[]): { locale: string; effort: number | null; segments: number }[] {
  const sums = new Map<string, { total: number; n: number }>();
  for (const row of rows) {
    if (row.machineDraft === null || (row.state !== 'submitted' && row.state !== 'approved')) continue;
    const sum = sums.get(row.locale) ?? { total: 0, n: 0 };
    sum.total += editRatio(row.machineDraft, row.text, row.locale);
    sum.n++;
    sums.set(row.locale, sum);
  }
  return locales.map((locale) => {
    const sum = sums.get(locale);
    return { locale, effort: sum ? sum.total / sum.n : null, segments: sum?.n ?? 0 };
  });
}
