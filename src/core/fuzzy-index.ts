import { distance } from 'fastest-levenshtein';
import { stripIgnorablesOutsideEmoji, unescapeText } from './segment-text.ts';
import { matchTokens } from './text.ts';

/**
 * An in-memory n-gram index over source texts for fuzzy translation-memory lookup. Korean writes no spaces inside a
 * word and attaches particles, so word tokens would miss 조선인민군은 ≈ 조선인민군이; character bigrams (spaces dropped,
 * case folded, each inline tag one symbol) work for Korean, Japanese, Chinese and English alike. A lookup counts shared
 * bigrams through the posting lists, keeps the best candidates, and scores only those by edit distance: scanning every
 * entry with an edit distance would not fit the review path's latency budget.
 */

/** How many candidates, best by shared bigrams, get an exact edit-distance score. */
const RERANK = 48;
/** Postings counted per lookup at most (after the rarest MIN_GRAMS bigrams, which are always counted). */
const POSTING_BUDGET = 40_000;
const MIN_GRAMS = 4;

// Each inline tag, whatever its number, is one private-use symbol: one character of edit distance, one bigram part.
const TAG_SYMBOL = { open: '\uE001', close: '\uE002', standalone: '\uE003' } as const;

/**
 * The matching form: normalized (see matchTokens: ignorable code points outside emoji removed), inline tags as one
 * private-use symbol each, escapes decoded, case folded. Ignorables are removed again after decoding, so a typed
 * `&#x200B;` hides no more than a literal zero-width space.
 */
export function matchForm(source: string): string {
  return matchTokens(source)
    .map((t) => (t.type === 'text' ? stripIgnorablesOutsideEmoji(unescapeText(t.text)) : TAG_SYMBOL[t.type]))
    .join('')
    .toLowerCase();
}

function bigrams(form: string): string[] {
  const chars = [...form.replace(/\s+/g, '')];
  if (chars.length === 1) return [chars[0]!];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
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

/**
 * The ids of the entries that contain one bigram, in a typed array that doubles when full: 100,000 paragraphs make
 * about 25 million postings, which as arrays of numbers would take twice the memory and give the collector millions
 * of slots to trace.
 */
class Postings {
  ids: Int32Array;
  length = 1;

  constructor(first: number) {
    this.ids = new Int32Array(4);
    this.ids[0] = first;
  }

  push(id: number): void {
    if (this.length === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = id;
  }
}

const NO_POSTINGS: Pick<Postings, 'ids' | 'length'> = { ids: new Int32Array(0), length: 0 };

export interface FuzzyHit<T> {
  readonly item: T;
  /** 0–100; 100 only for the same matching form. */
  readonly score: number;
}

/** A fuzzy index of items by their source text. Items can be removed (a re-approval supersedes the old pair). */
export class FuzzyIndex<T> {
  readonly #items: (T | undefined)[] = [];
  readonly #forms: string[] = [];
  readonly #lengths: number[] = [];
  readonly #postings = new Map<string, Postings>();
  readonly #slots = new Map<T, number>();
  #counts = new Uint16Array(1024);
  #touched = new Int32Array(1024);
  #kept = new Float64Array(1024);
  #live = 0;

  get size(): number {
    return this.#live;
  }

  add(item: T, source: string): void {
    const id = this.#items.length;
    const form = matchForm(source);
    const grams = bigrams(form);
    this.#items.push(item);
    this.#forms.push(form);
    this.#lengths.push(form.length);
    this.#slots.set(item, id);
    for (const g of grams) {
      const list = this.#postings.get(g);
      if (list) list.push(id);
      else this.#postings.set(g, new Postings(id));
    }
    this.#live += 1;
  }

  /** Forget an item; its postings stay and are skipped (cheap), so heavy churn would call for a rebuild. */
  remove(item: T): void {
    const id = this.#slots.get(item);
    if (id === undefined) return;
    this.#slots.delete(item);
    this.#items[id] = undefined;
    this.#live -= 1;
  }

  /** Items whose source scores at least `threshold` (0–100), best first, at most `limit`. */
  search(source: string, threshold: number, limit: number): FuzzyHit<T>[] {
    const form = matchForm(source);
    const grams = bigrams(form);
    if (grams.length === 0 || limit <= 0) return [];
    if (this.#counts.length < this.#items.length) {
      this.#counts = new Uint16Array(this.#items.length * 2);
      this.#touched = new Int32Array(this.#items.length * 2);
      this.#kept = new Float64Array(this.#items.length * 2);
    }
    const counts = this.#counts;
    // Rarest bigrams first. Bigrams of particles and endings (에서, 했다) sit in a large share of all entries, tell
    // little apart and would dominate the cost, so counting stops once the posting budget is spent.
    const lists = grams.map((g) => this.#postings.get(g) ?? NO_POSTINGS).sort((a, b) => a.length - b.length);
    const touched = this.#touched;
    let touchedCount = 0;
    let used = 0;
    let spent = 0;
    for (const list of lists) {
      if (used >= MIN_GRAMS && spent + list.length > POSTING_BUDGET) break;
      used += 1;
      spent += list.length;
      const ids = list.ids;
      for (let k = 0; k < list.length; k++) {
        const id = ids[k]!;
        if (counts[id] === 0) touched[touchedCount++] = id;
        counts[id] = counts[id]! + 1;
      }
    }
    // Only entries whose length allows the threshold: similarity t needs t·|q| ≤ |e| ≤ |q| / t.
    const queryLength = form.length;
    const t = Math.max(threshold, 1) / 100;
    const minLength = Math.floor(queryLength * t);
    const maxLength = Math.ceil(queryLength / t);
    // Select the best RERANK by shared count with a histogram instead of sorting every touched entry.
    const histogram = new Uint32Array(used + 2);
    const kept = this.#kept;
    let keptCount = 0;
    for (let k = 0; k < touchedCount; k++) {
      const id = touched[k]!;
      const shared = counts[id]!;
      counts[id] = 0;
      const length = this.#lengths[id]!;
      if (this.#items[id] === undefined || length < minLength || length > maxLength) continue;
      histogram[shared] = histogram[shared]! + 1;
      kept[keptCount++] = id * 65536 + shared;
    }
    const want = Math.max(RERANK, limit * 4);
    let cutoff = used;
    for (let total = 0; cutoff > 0; cutoff--) {
      total += histogram[cutoff]!;
      if (total >= want) break;
    }
    const candidates: RerankCandidate[] = [];
    // Entries above the cutoff all qualify; ties at the cutoff fill the remaining places, newest first.
    let aboveCutoff = 0;
    for (let c = cutoff + 1; c <= used; c++) aboveCutoff += histogram[c]!;
    let tieRoom = want - aboveCutoff;
    for (let k = keptCount - 1; k >= 0; k--) {
      const packed = kept[k]!;
      const shared = packed % 65536;
      if (shared < Math.max(cutoff, 1)) continue;
      if (shared === cutoff && tieRoom-- <= 0) continue;
      const id = Math.floor(packed / 65536);
      candidates.push({ id, form: this.#forms[id]! });
    }
    return rerank(form, candidates, threshold, limit).map(({ item, score }) => ({ item: this.#items[item]!, score }));
  }
}
