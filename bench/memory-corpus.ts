/**
 * A deterministic Korean news-like corpus for the translation-memory benchmarks: paragraphs of two to five sentences
 * (about 60 to 320 characters, like the paragraphs of a wire article) from a vocabulary of 30,000 made-up words with a
 * skewed frequency, so common words and particles repeat as in real text. Generated in order from a seed: the same
 * seed gives the same paragraphs, so runs are comparable and a large corpus never has to be held in memory at once.
 */

/** mulberry32 over a seed: a deterministic generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const SYLLABLES = [
  ...'가각간갈감강개거건검경계고공과관교구국군권규그근금기김나남내노농다단달당대도동두라로류리마만명모목무문물미민박반방배백법변보복본부북분비사산상생서석선설성세소수순시식신실심아안양어언여역연영오온왕외요용우운원월위유육은음의이인일임자장재전정제조종주중지진집차창채천철청초총최추충치타태토통파판평포표품하학한함항해행향허현형호화환황회효후훈휘희',
];
const PARTICLES = ['은', '는', '이', '가', '을', '를', '의', '에서', '으로', ''];
const ENDINGS = ['밝혔다.', '전했다.', '말했다.', '보도했다.', '알려졌다.', '강조했다.'];

/** Paragraphs and near copies of them, from one seed. */
export class NewsCorpus {
  readonly #random: () => number;
  readonly #words: string[];

  constructor(seed = 7) {
    this.#random = seededRandom(seed);
    this.#words = Array.from({ length: 30_000 }, () =>
      Array.from({ length: 2 + Math.floor(this.#random() * 2) }, () => this.#pick(SYLLABLES)).join(''),
    );
  }

  /** A number in [0, 1) from the corpus's generator. */
  random(): number {
    return this.#random();
  }

  #pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.#random() * list.length)]!;
  }

  /** A word with a particle; the square skews the choice toward the first words, as word frequencies are skewed. */
  word(): string {
    return this.#words[Math.floor(this.#words.length * this.#random() ** 2)]! + this.#pick(PARTICLES);
  }

  /** The `rank`-th most frequent word (0 the most frequent), without a particle. */
  commonWord(rank: number): string {
    return this.#words[rank]!;
  }

  /** One sentence of 6 to 15 words. */
  sentence(): string {
    return `${Array.from({ length: 6 + Math.floor(this.#random() * 10) }, () => this.word()).join(' ')} ${this.#pick(ENDINGS)}`;
  }

  /** One paragraph of 2 to 5 sentences. */
  paragraph(): string {
    return Array.from({ length: 2 + Math.floor(this.#random() * 4) }, () => this.sentence()).join(' ');
  }

  /** A near copy of `text`, as an edited paragraph: one to three words replaced (a score of about 85 to 97). */
  edit(text: string): string {
    const words = text.split(' ');
    const edits = 1 + Math.floor(this.#random() * 3);
    for (let i = 0; i < edits; i++) words[Math.floor(this.#random() * (words.length - 1))] = this.word();
    return words.join(' ');
  }
}

/**
 * The entries and lookups of the memory benchmarks on PostgreSQL (bench/memory-postgres.ts, bench/memory-pg-trgm.ts),
 * the same for the same counts: `entries` paragraphs in order, then `lookups` lookups, half edited copies of stored
 * paragraphs and half new paragraphs, then short lookups made of common words alone.
 */
export class MemoryBenchSet {
  readonly corpus = new NewsCorpus(7);
  readonly #copied = new Map<number, string>();
  #generated = 0;

  constructor(
    readonly entries: number,
    readonly lookups: number,
  ) {
    // The stored paragraphs the edited lookups copy, chosen first so that the paragraphs need not be kept.
    while (this.#copied.size < Math.min(lookups / 2, entries)) this.#copied.set(Math.floor(this.corpus.random() * entries), '');
  }

  /** The next of the `entries` paragraphs (the n-th call gives entry n - 1). */
  paragraph(): string {
    const source = this.corpus.paragraph();
    if (this.#copied.has(this.#generated)) this.#copied.set(this.#generated, source);
    this.#generated++;
    return source;
  }

  /** The lookups: call once, after all `entries` paragraphs were generated. Throws before that. */
  queries(): string[] {
    if (this.#generated !== this.entries) throw new Error(`bench: ${this.#generated} of ${this.entries} paragraphs generated`);
    return [...this.#copied.values()].flatMap((source) => [this.corpus.edit(source), this.corpus.paragraph()]);
  }

  /**
   * `count` short lookups of common words only, as a translator's one-line segment ("말했다.", "강조했다."): one or two
   * of the 50 most frequent words before a sentence ending, or the ending alone. Their bigrams are in a large share of
   * all paragraphs, which is what a lookup reads most postings for.
   */
  shortQueries(count: number): string[] {
    const random = this.corpus.random.bind(this.corpus);
    return Array.from({ length: count }, () => {
      const words = Array.from({ length: Math.floor(random() * 3) }, () => this.corpus.commonWord(Math.floor(random() * 50)));
      return [...words, ENDINGS[Math.floor(random() * ENDINGS.length)]!].join(' ');
    });
  }
}
