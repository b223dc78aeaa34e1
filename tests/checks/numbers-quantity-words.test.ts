import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numbersCheck } from '../../src/checks/numbers.ts';
import { numbersCounterCheck } from '../../src/checks/numbers-counter.ts';
import { QUANTITY_WORDS } from '../../src/core/number-words.ts';
import { KO_EN, KO_JA, KO_ZH } from './ctx.ts';

/**
 * Numbers written as words in the target (core/number-words.ts QUANTITY_WORDS): fractions, halves, multiples and the
 * article one excuse the digits of the source they stand for, and only those.
 */

describe('numbers written as fraction, multiple or article words', () => {
  it.each([
    ['수입이 10분의 1로 줄었다', 'Imports fell to a tenth', KO_EN],
    ['수입이 10분의 1로 줄었다', 'Imports fell to one-tenth', KO_EN],
    ['3분의 2가 찬성했다', 'Two thirds voted in favour', KO_EN],
    ['4분의 1이 떠났다', 'A quarter of them left', KO_EN],
    ['2분의 1', 'half', KO_EN],
    ['인구의 50%', 'half of the population', KO_EN],
    ['인구의 절반', 'Half the population', KO_EN],
    ['인구의 절반', '50% of the population', KO_EN],
    ['쌀값이 2배로 뛰었다', 'Rice prices doubled', KO_EN],
    ['쌀값이 두 배로 뛰었다', 'Rice prices doubled', KO_EN],
    ['쌀값이 2배로 뛰었다', 'Rice now costs twice as much', KO_EN],
    ['쌀값이 2배로 뛰었다', 'Rice prices rose to double', KO_EN],
    ['쌀값이 3배로 뛰었다', 'Rice prices tripled', KO_EN],
    ['쌀값이 곱절로 뛰었다', 'Rice prices doubled', KO_EN],
    ['1명이 다쳤다', 'One person was injured', KO_EN],
    ['1명이 다쳤다', 'A person was injured', KO_EN],
    ['100만 명', 'a million people', KO_EN],
    ['12개', 'a dozen', KO_EN],
    ['수입이 10분의 1로 줄었다', '进口减少到十分之一', KO_ZH],
    ['수입이 10분의 1로 줄었다', '輸入が十分の一に減った', KO_JA],
    ['인구의 절반', '一半人口', KO_ZH],
    ['인구의 50%', '人口の半数', KO_JA],
    ['쌀값이 2배로 뛰었다', '米价翻倍', KO_ZH],
    ['쌀값이 2배로 뛰었다', '米価が倍増した', KO_JA],
  ])('when "%s" → "%s", then neither numbers check flags it', (source, target, ctx) => {
    expect(numbersCheck.run(source, target, ctx)).toBeNull();
    expect(numbersCounterCheck.run(source, target, ctx)).toBeNull();
  });

  it.each([
    ['10명', '11 people', { missing: ['10'], extra: ['11'] }],
    ['수입이 10분의 1로 줄었다', 'Imports fell to a fifth', { missing: ['10'], extra: [] }],
    ['3분의 2가 찬성했다', 'A quarter voted in favour', { missing: ['3', '2'], extra: [] }],
    ['쌀값이 3배로 뛰었다', 'Rice prices doubled', { missing: ['3'], extra: [] }],
    ['인구의 30%', 'half of the population', { missing: ['30'], extra: [] }],
    ['수입이 10분의 1로 줄었다', '进口减少到五分之一', { missing: ['10'], extra: [] }],
    ['1억 원', 'a billion won', { missing: ['100000000'], extra: [] }],
  ])('when "%s" → "%s", then the numbers that differ are still flagged', (source, target, detail) => {
    expect(numbersCheck.run(source, target, KO_EN)).toEqual(detail);
  });

  it('when a bare article stands in a target, then it excuses a counted 1 and never a 1 written on its own', () => {
    expect(numbersCheck.run('1, 2, 3 순서로', 'in a row: 2, 3', KO_EN)).toEqual({ missing: ['1'], extra: [] });
    expect(numbersCounterCheck.run('1박 기준 10만 원', 'KRW 100,000 per night', KO_EN)).toEqual({ missing: ['1'] });
  });

  it('when any quantity word stands for a number the source writes in digits, then that number is not missing', () => {
    const words = [...QUANTITY_WORDS].filter(([, w]) => w.kind !== 'article');
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.nat({ max: 10 }), ([word, { values }], pick) => {
        const value = values[pick % values.length]!;
        const { missing } = numbersCheck.run(`${value}`, `it was ${word} then`, KO_EN) ?? { missing: [] };
        expect(missing).toEqual([]);
      }),
    );
  });

  it('when a number in digits differs from every value a quantity word stands for, then it stays missing', () => {
    const words = [...QUANTITY_WORDS].filter(([, w]) => w.kind !== 'article');
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.integer({ min: 2, max: 5000 }), ([word, { values }], n) => {
        fc.pre(!values.includes(n));
        expect(numbersCheck.run(`${n}`, `it was ${word} then`, KO_EN)).toEqual({ missing: [String(n)], extra: [] });
      }),
    );
  });
});
