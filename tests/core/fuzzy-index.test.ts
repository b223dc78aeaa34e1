import { describe, expect, it } from 'vitest';
import { FuzzyIndex, matchForm, similarity } from '../../src/core/fuzzy-index.ts';

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
});
