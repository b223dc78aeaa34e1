import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter } from '../../src/core/byte-codec.ts';
import { FuzzyIndex, matchForm, rerank, similarity } from '../../src/core/fuzzy-index.ts';

/** The textbook edit distance (full dynamic-programming table over UTF-16 code units): the reference. */
function referenceDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      rows[i]![j] = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
    }
  }
  return rows[a.length]![b.length]!;
}

function referenceScore(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 100 : Math.max(0, Math.round(100 * (1 - referenceDistance(a, b) / longer)));
}

/** The rerank before issue 13: score every candidate, keep those at the threshold, best first, newer first on ties. */
function referenceRerank(form: string, candidates: readonly { id: number; form: string }[], threshold: number, limit: number) {
  return candidates
    .map((c) => ({ item: c.id, score: referenceScore(form, c.form) }))
    .filter((h) => h.score >= threshold)
    .sort((a, b) => b.score - a.score || b.item - a.item)
    .slice(0, Math.max(0, limit));
}

// Texts like memory sources: Korean syllables, Latin letters, spaces, inline-tag symbols, and an astral character,
// from a small alphabet so that candidates share a lot and scores land on both sides of the threshold.
const ALPHABET = ['장', '마', '당', '에', '서', '쌀', 'a', 'b', ' ', '\uE001', '\uE002', '😀', '1'];
const text = (max: number) => fc.array(fc.constantFrom(...ALPHABET), { maxLength: max }).map((chars) => chars.join(''));
const variant = (base: string) =>
  fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ALPHABET), fc.constantFrom('sub', 'ins', 'del')), { maxLength: 12 }).map((edits) => {
    let out = base;
    for (const [at, ch, op] of edits) {
      const i = out.length === 0 ? 0 : at % out.length;
      out =
        op === 'ins'
          ? out.slice(0, i) + ch + out.slice(i)
          : op === 'del'
            ? out.slice(0, i) + out.slice(i + 1)
            : out.slice(0, i) + ch + out.slice(i + 1);
    }
    return out;
  });

describe('edit distance and rerank against the reference', () => {
  it('when any two texts are compared, then the bit-parallel similarity equals the reference, short and long', () => {
    fc.assert(
      fc.property(text(40), text(120), (a, b) => {
        expect(similarity(a, b)).toBe(referenceScore(a, b));
        expect(similarity(a.repeat(3), b)).toBe(referenceScore(a.repeat(3), b));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    // The newer of two equal scores wins though its length bound is lower than the older one's.
    ['abcd', ['abce', 'abc'], 0, 1],
    ['abcd', ['abce', 'abc', 'xbcd'], 0, 2],
    ['장마당에서', ['장마당에', '장마당에서', '마당에서'], 80, 2],
    ['', ['', 'a'], 0, 5],
  ])(
    'when "%s" is reranked against %j (threshold %i, limit %i), then the result equals scoring every candidate',
    (query, forms, threshold, limit) => {
      const candidates = forms.map((form, i) => ({ id: i + 1, form }));
      expect(rerank(query, candidates, threshold, limit)).toEqual(referenceRerank(query, candidates, threshold, limit));
    },
  );

  it('when candidates are reranked with the cut-offs, then the result equals scoring every one of them', () => {
    const corpus = text(60).chain((query) =>
      fc.tuple(
        fc.constant(query),
        fc.array(fc.oneof(variant(query), text(60)), { maxLength: 60 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 8 }),
      ),
    );
    fc.assert(
      fc.property(corpus, ([query, forms, threshold, limit]) => {
        // Ids as the index hands them: unique, newer higher, in no particular order.
        const candidates = forms.map((form, i) => ({ id: (i * 7919) % 10007, form }));
        expect(rerank(query, candidates, threshold, limit)).toEqual(referenceRerank(query, candidates, threshold, limit));
      }),
      { numRuns: 400 },
    );
  });
});

describe('similarity', () => {
  it.each([
    ['장마당에서', '장마당에서', 100],
    ['장마당에서', '장마당에', 80],
    ['abcd', 'wxyz', 0],
    ['', '', 100],
  ])('when "%s" is compared with "%s", then the score is %i', (a, b, score) => {
    expect(similarity(a, b)).toBe(score);
  });
});

describe('FuzzyIndex', () => {
  it('when entries are indexed, then lookups find the same best match as a full edit-distance scan', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const words =
      '북한 당국 주민 장마당 평양 혜산 국경 밀수 단속 외화 달러 쌀값 노동당 간부 군인 회의 훈련 미사일 중국 무역 세관 전기 배급 식량 가격'.split(
        ' ',
      );
    const particles = ['은', '이', '을', '의', '에서', ''];
    const sentence = () =>
      Array.from(
        { length: 5 + Math.floor(random() * 6) },
        () => words[Math.floor(random() * words.length)]! + particles[Math.floor(random() * particles.length)]!,
      ).join(' ');
    const sources = Array.from({ length: 3000 }, sentence);
    const index = new FuzzyIndex<number>();
    sources.forEach((s, i) => {
      index.add(i, s);
    });
    let agree = 0;
    const queries = 100;
    for (let q = 0; q < queries; q++) {
      const base = sources[Math.floor(random() * sources.length)]!.split(' ');
      base[Math.floor(random() * base.length)] = words[Math.floor(random() * words.length)]!;
      const query = base.join(' ');
      const best = Math.max(...sources.map((s) => similarity(matchForm(query), matchForm(s))));
      const hit = index.search(query, 50, 1)[0];
      if (best < 50 ? hit === undefined : hit?.score === best) agree += 1;
    }
    // The index ranks candidates approximately before scoring exactly; it must agree with the scan nearly always.
    expect(agree).toBeGreaterThanOrEqual(97);
  });

  it('when an item is removed, then it is no longer found', () => {
    const index = new FuzzyIndex<string>();
    index.add('a', '장마당에서 쌀을 샀다');
    index.remove('a');
    expect(index.search('장마당에서 쌀을 샀다', 50, 5)).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('when an index is encoded and decoded with its items attached, then every search answers as the original', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text(30), fc.boolean()), { minLength: 1, maxLength: 25 }),
        fc.array(text(30), { maxLength: 5 }),
        fc.array(text(30), { minLength: 1, maxLength: 5 }),
        (saved, added, queries) => {
          const original = new FuzzyIndex<number>();
          for (const [i, [source]] of saved.entries()) original.add(i, source);
          for (const [i, [, removed]] of saved.entries()) if (removed) original.remove(i);
          const writer = new ByteWriter();
          original.encode(writer);
          const reader = new ByteReader(writer.finish());
          const decoded = FuzzyIndex.decode<number>(reader);
          expect(reader.done).toBe(true);
          expect(decoded.slots).toBe(saved.length);
          for (const [i] of saved.entries()) decoded.attach(i);
          for (const [i, [, removed]] of saved.entries()) if (removed) decoded.remove(i);
          added.forEach((source, i) => {
            original.add(saved.length + i, source);
            decoded.add(saved.length + i, source);
          });
          expect(decoded.size).toBe(original.size);
          for (const q of [...queries, ...saved.map(([s]) => s)]) expect(decoded.search(q, 40, 5)).toEqual(original.search(q, 40, 5));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('when saved bytes are cut short or of another version, then decode throws RangeError', () => {
    const index = new FuzzyIndex<number>();
    index.add(0, '장마당에서 쌀을 샀다');
    const writer = new ByteWriter();
    index.encode(writer);
    const bytes = writer.finish();
    expect(() => FuzzyIndex.decode(new ByteReader(bytes.subarray(0, bytes.length - 8)))).toThrow(RangeError);
    const other = bytes.slice();
    other[4] = 99;
    expect(() => FuzzyIndex.decode(new ByteReader(other))).toThrow(RangeError);
  });

  it('when items are added to a decoded index before its saved slots are attached, then it refuses', () => {
    const index = new FuzzyIndex<number>();
    index.add(0, '평양');
    const writer = new ByteWriter();
    index.encode(writer);
    const decoded = FuzzyIndex.decode<number>(new ByteReader(writer.finish()));
    expect(() => decoded.add(1, '혜산')).toThrow('attach');
    decoded.attach(0);
    expect(() => decoded.attach(1)).toThrow('saved slot');
  });
});
