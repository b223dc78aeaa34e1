import type { ByteReader, ByteWriter } from './byte-codec.ts';
import { type FuzzyHit, rerank, type RerankCandidate } from './fuzzy-rerank.ts';
import { stripIgnorablesOutsideEmoji, unescapeText } from './segment-text.ts';
import { matchTokens } from './text.ts';

export { type FuzzyHit, type RerankCandidate, rerank, similarity } from './fuzzy-rerank.ts';

/**
 * An in-memory n-gram index over source texts for fuzzy translation-memory lookup. Korean writes no spaces inside a
 * word and attaches particles, so word tokens would miss 조선인민군은 ≈ 조선인민군이; character bigrams (spaces dropped,
 * case folded, each inline tag one symbol) work for Korean, Japanese, Chinese and English alike. A lookup counts shared
 * bigrams through the posting lists, keeps the best candidates, and scores only those by edit distance: scanning every
 * entry with an edit distance would not fit the review path's latency budget.
 */

/** How a lookup bounds its work; the defaults keep a lookup in 100,000 paragraphs around a millisecond of CPU. */
export interface FuzzyIndexConfig {
  /** How many candidates, best by shared bigrams, get an exact edit-distance score. Default 48. */
  readonly rerank?: number;
  /**
   * Postings counted per lookup at most, rarest bigrams first (the rarest MIN_GRAMS are always counted). Default
   * 12,000: a near match shares nearly every rare bigram, so the common ones add cost and little else.
   */
  readonly postingBudget?: number;
}

/**
 * How FuzzyIndex picks the candidates of a lookup by default: bigrams counted (MIN_GRAMS at least, rarest first, then
 * while their postings stay within `postingBudget`) and candidates reranked. A store that selects candidates itself
 * (PostgreSQL, migration 0206) uses the same numbers, so it finds what the embedded index finds.
 */
export const FUZZY_SELECTION = { minGrams: 4, postingBudget: 12_000, rerank: 48 } as const;

const MIN_GRAMS = FUZZY_SELECTION.minGrams;

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

/**
 * The distinct bigrams of a matching form as integers, in order of first occurrence (a database's index keys): first
 * code point × 2^21 + second, or the code point of a one-character form; distinct bigrams give distinct numbers, all
 * below 2^53. The same array as PostgreSQL's tm_bigrams(form) (migration 0206).
 */
export function bigramCodes(form: string): number[] {
  return bigrams(form).map((gram) => {
    const points = [...gram].map((c) => c.codePointAt(0)!);
    return points.length === 1 ? points[0]! : points[0]! * 2_097_152 + points[1]!;
  });
}

function bigrams(form: string): string[] {
  const chars = [...form.replace(/\s+/g, '')];
  if (chars.length === 1) return [chars[0]!];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
}

/**
 * A list of 32-bit integers in a typed array that doubles when full (the ids of the entries that contain one bigram,
 * the lengths of the entries): 100,000 paragraphs make about 25 million postings, which as arrays of numbers would take
 * twice the memory and give the collector millions of slots to trace. A list read from a saved index is a view of the
 * file's bytes until it grows.
 */
class IntList {
  values: Int32Array;
  length: number;

  constructor(values: Int32Array = new Int32Array(4), length = 0) {
    this.values = values;
    this.length = length;
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(Math.max(4, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
}

const NO_POSTINGS = new IntList(new Int32Array(0), 0);

/**
 * Bump when matchForm or the bigrams change (or the saved layout): an index saved by another version is rebuilt from
 * the sources, never loaded.
 */
export const FUZZY_INDEX_VERSION = 2;

/**
 * A fuzzy index of items by their source text. Items can be removed (a re-approval supersedes the old pair). The
 * index can be saved (`encode`) and read back (`decode`) without tokenizing again: the items are then attached in the
 * order they were added (`attach`), and new ones added after them.
 */
export class FuzzyIndex<T> {
  readonly #items: (T | undefined)[] = [];
  /** Matching forms by slot (read from the saved index for attached items). */
  readonly #forms: string[] = [];
  /** Forms of the saved slots not attached yet. */
  #savedForms: readonly string[];
  readonly #lengths: IntList;
  readonly #postings: Map<string, IntList>;
  readonly #slots = new Map<T, number>();
  /** Slots read from a saved index that no item has been attached to yet. */
  #unattached: number;
  #counts = new Uint16Array(1024);
  #touched = new Int32Array(1024);
  #kept = new Float64Array(1024);
  #live = 0;

  readonly #rerank: number;
  readonly #postingBudget: number;

  constructor(
    config: FuzzyIndexConfig = {},
    saved?: { readonly lengths: IntList; readonly forms: readonly string[]; readonly postings: Map<string, IntList> },
  ) {
    this.#savedForms = saved?.forms ?? [];
    this.#rerank = config.rerank ?? FUZZY_SELECTION.rerank;
    this.#postingBudget = config.postingBudget ?? FUZZY_SELECTION.postingBudget;
    this.#lengths = saved?.lengths ?? new IntList();
    this.#postings = saved?.postings ?? new Map();
    this.#unattached = this.#lengths.length;
  }

  /** Live items. */
  get size(): number {
    return this.#live;
  }

  /** Slots: every item ever added or attached, removed ones included. */
  get slots(): number {
    return this.#items.length + this.#unattached;
  }

  add(item: T, source: string): void {
    if (this.#unattached > 0) throw new Error('fuzzy index: attach the saved items before adding new ones');
    const id = this.#items.length;
    const form = matchForm(source);
    this.#push(item, form);
    this.#lengths.push(form.length);
    for (const g of bigrams(form)) {
      const list = this.#postings.get(g);
      if (list) list.push(id);
      else this.#postings.set(g, new IntList(Int32Array.of(id, 0, 0, 0), 1));
    }
  }

  /** Give the next slot read from a saved index its item (the item it held when saved: its form is taken as saved). */
  attach(item: T): void {
    if (this.#unattached === 0) throw new Error('fuzzy index: every saved slot already has its item');
    this.#unattached -= 1;
    this.#push(item, this.#savedForms[this.#items.length]!);
    if (this.#unattached === 0) this.#savedForms = [];
  }

  #push(item: T, form: string): void {
    this.#slots.set(item, this.#items.length);
    this.#items.push(item);
    this.#forms.push(form);
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

  /** The index without its items, to be read back with `decode`: lengths and postings of every slot. */
  encode(writer: ByteWriter): void {
    writer.u32(FUZZY_INDEX_VERSION);
    writer.u32(this.slots);
    writer.int32s(this.#lengths.values, this.#lengths.length);
    // Saved too, so a loaded index reranks without normalizing its candidates' sources again.
    writer.string([...this.#forms, ...this.#savedForms.slice(this.#items.length)].join(''));
    const keys = [...this.#postings.keys()];
    writer.u32(keys.length);
    writer.string(keys.join(''));
    writer.bytes(Uint8Array.from(keys, (k) => k.length));
    const lists = [...this.#postings.values()];
    writer.int32s(Int32Array.from(lists, (l) => l.length));
    for (const list of lists) writer.int32s(list.values, list.length);
  }

  /**
   * An index read from `encode`'s bytes, its slots waiting for `attach`. Throws RangeError when the bytes are cut
   * short or of another FUZZY_INDEX_VERSION.
   */
  static decode<T>(reader: ByteReader, config: FuzzyIndexConfig = {}): FuzzyIndex<T> {
    if (reader.u32() !== FUZZY_INDEX_VERSION) throw new RangeError('fuzzy index: saved by another version');
    const slots = reader.u32();
    const lengths = new IntList(reader.int32s(slots), slots);
    const joined = reader.string();
    const forms: string[] = [];
    for (let i = 0, at = 0; i < slots; i++) {
      forms.push(joined.slice(at, at + lengths.values[i]!));
      at += lengths.values[i]!;
    }
    const count = reader.u32();
    const keys = reader.string();
    const keyLengths = reader.bytes();
    const listLengths = reader.int32s(count);
    if (keyLengths.length !== count) throw new RangeError('fuzzy index: key count does not match');
    const postings = new Map<string, IntList>();
    for (let i = 0, at = 0; i < count; i++) {
      const length = listLengths[i]!;
      postings.set(keys.slice(at, at + keyLengths[i]!), new IntList(reader.int32s(length), length));
      at += keyLengths[i]!;
    }
    return new FuzzyIndex<T>(config, { lengths, forms, postings });
  }

  /** Items whose source scores at least `threshold` (0–100), best first, at most `limit`. */
  search(source: string, threshold: number, limit: number): FuzzyHit<T>[] {
    const form = matchForm(source);
    const grams = bigrams(form);
    if (grams.length === 0 || limit <= 0) return [];
    if (this.#counts.length < this.slots) {
      this.#counts = new Uint16Array(this.slots * 2);
      this.#touched = new Int32Array(this.slots * 2);
      this.#kept = new Float64Array(this.slots * 2);
    }
    const counts = this.#counts;
    // Rarest bigrams first. Bigrams of particles and endings (에서, 했다) sit in a large share of all entries, tell
    // little apart and would dominate the cost, so counting stops once the posting budget is spent.
    const lists = grams.map((g) => this.#postings.get(g) ?? NO_POSTINGS).sort((a, b) => a.length - b.length);
    const touched = this.#touched;
    const lengths = this.#lengths.values;
    let touchedCount = 0;
    let used = 0;
    let spent = 0;
    for (const list of lists) {
      if (used >= MIN_GRAMS && spent + list.length > this.#postingBudget) break;
      used += 1;
      spent += list.length;
      const ids = list.values;
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
    // Select the best candidates by shared count with a histogram instead of sorting every touched entry.
    const histogram = new Uint32Array(used + 2);
    const kept = this.#kept;
    let keptCount = 0;
    for (let k = 0; k < touchedCount; k++) {
      const id = touched[k]!;
      const shared = counts[id]!;
      counts[id] = 0;
      const length = lengths[id]!;
      if (this.#items[id] === undefined || length < minLength || length > maxLength) continue;
      histogram[shared] = histogram[shared]! + 1;
      kept[keptCount++] = id * 65536 + shared;
    }
    const want = Math.max(this.#rerank, limit * 4);
    let cutoff = used;
    for (let total = 0; cutoff > 0; cutoff--) {
      total += histogram[cutoff]!;
      if (total >= want) break;
    }
    const candidates: RerankCandidate[] = [];
    // Entries above the cutoff all qualify; ties at the cutoff fill the remaining places, newest (highest slot) first:
    // the order PostgreSQL's lookup ranks them in (migration 0207), not the order the postings first touched them.
    let aboveCutoff = 0;
    for (let c = cutoff + 1; c <= used; c++) aboveCutoff += histogram[c]!;
    const ties = new Int32Array(cutoff > 0 ? histogram[cutoff]! : 0);
    let tieCount = 0;
    for (let k = 0; k < keptCount; k++) {
      const packed = kept[k]!;
      const shared = packed % 65536;
      if (shared < Math.max(cutoff, 1)) continue;
      const id = Math.floor(packed / 65536);
      if (shared === cutoff) ties[tieCount++] = id;
      else candidates.push({ id, form: this.#forms[id]! });
    }
    const tieRoom = Math.min(tieCount, want - aboveCutoff);
    if (tieRoom < tieCount) ties.sort();
    for (let k = tieCount - tieRoom; k < tieCount; k++) candidates.push({ id: ties[k]!, form: this.#forms[ties[k]!]! });
    return rerank(form, candidates, threshold, limit).map(({ item, score }) => ({ item: this.#items[item]!, score }));
  }
}
