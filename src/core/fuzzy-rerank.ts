import { distance } from 'fastest-levenshtein';

/** A fuzzy match: the item and its similarity. */
export interface FuzzyHit<T> {
  readonly item: T;
  /** 0–100; 100 only for the same matching form. */
  readonly score: number;
}

/**
 * Similarity 0–100 from the Levenshtein distance over characters: 100 · (1 − distance / longer length). Works on
 * UTF-16 code units, which are characters for Hangul, kana and common Han (all in the Basic Multilingual Plane).
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 100;
  return scoreOf(distance(a, b), Math.max(a.length, b.length));
}

function scoreOf(distance: number, longer: number): number {
  return longer === 0 ? 100 : Math.max(0, Math.round(100 * (1 - distance / longer)));
}

/** A candidate of the rerank: its position in the index (newer is higher) and its matching form. */
export interface RerankCandidate {
  readonly id: number;
  readonly form: string;
}

/**
 * Score candidates against a matching form and keep those at or above `threshold` (0–100): best first, the newer
 * (higher id) first among equal scores, at most `limit`. The same result as scoring every candidate, but the edit
 * distance (Myers' bit-parallel algorithm, fastest-levenshtein) runs only where a cheap bound leaves the candidate a
 * place in the result. Two lower bounds of the distance cut off early: the length difference (candidates are taken by
 * it, and the loop stops once it falls below the threshold or the last kept score) and the characters the two texts
 * do not share (each edit fixes at most one of them), which rules out most unrelated paragraphs of similar length.
 */
export function rerank(form: string, candidates: readonly RerankCandidate[], threshold: number, limit: number): FuzzyHit<number>[] {
  if (limit <= 0) return [];
  const bounded = candidates
    .map((c) => ({
      c,
      bound: c.form === form ? 100 : scoreOf(Math.abs(c.form.length - form.length), Math.max(c.form.length, form.length)),
    }))
    .sort((x, y) => y.bound - x.bound || y.c.id - x.c.id);
  const hits: { item: number; score: number }[] = [];
  const shared = new CharCounts(form);
  for (const { c, bound } of bounded) {
    if (bound < threshold) break;
    const last = hits.length >= limit ? hits[hits.length - 1]! : null;
    // Taken by bound, newest first: no later candidate can beat (or tie ahead of) the last kept hit.
    if (last && (bound < last.score || (bound === last.score && c.id < last.item))) break;
    const beats = (score: number) => score >= threshold && (!last || score > last.score || (score === last.score && c.id > last.item));
    const longer = Math.max(form.length, c.form.length);
    if (!beats(scoreOf(longer - shared.common(c.form), longer))) continue;
    const score = similarity(form, c.form);
    if (!beats(score)) continue;
    let at = hits.length;
    while (at > 0 && (hits[at - 1]!.score < score || (hits[at - 1]!.score === score && hits[at - 1]!.item < c.id))) at--;
    hits.splice(at, 0, { item: c.id, score });
    if (hits.length > limit) hits.pop();
  }
  return hits;
}

/** The UTF-16 code units of one text, for the shared-character bound against many others. */
class CharCounts {
  static readonly #counts = new Int32Array(0x10000);
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  /** How many code units `other` has in common with the text, as multisets. */
  common(other: string): number {
    const counts = CharCounts.#counts;
    const text = this.#text;
    for (let i = 0; i < text.length; i++) counts[text.charCodeAt(i)]! += 1;
    let common = 0;
    for (let i = 0; i < other.length; i++) {
      const code = other.charCodeAt(i);
      if (counts[code]! > 0) {
        counts[code]! -= 1;
        common += 1;
      }
    }
    // Only the text's code units were touched: all zeroes again for the next call.
    for (let i = 0; i < text.length; i++) counts[text.charCodeAt(i)] = 0;
    return common;
  }
}
