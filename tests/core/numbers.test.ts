import { describe, expect, it } from 'vitest';
import { compareNumbers, extractNumbers } from '../../src/core/numbers.ts';

describe('extractNumbers', () => {
  it.each([
    ['2만 명', [20000]],
    ['1억 원', [100000000]],
    ['2만5천 명', [25000]],
    ['1억 2000만 달러', [120000000]],
    ['3천5백만', [35000000]],
    ['15억', [1500000000]],
    ['300여 명', [300]],
    ['2024년 1월 22일', [2024, 1, 22]],
    ['１２，０００', [12000]],
    ['20,000 people', [20000]],
    ['1.5 billion', [1500000000]],
    ['$120 million', [120000000]],
    ['2万人', [20000]],
    ['1亿元', [100000000]],
    ['<g1>3</g1>명', [3]],
  ] as const)('when the text is "%s", then the values are %j', (text, values) => {
    expect(extractNumbers(text).hard).toEqual(values);
  });

  it('when English spells numbers and months, then they are soft values', () => {
    expect(extractNumbers('two people on January 22').soft).toEqual([2, 1]);
  });

  it('when "may" is a verb, then it is not a month', () => {
    expect(extractNumbers('it may rain').soft).toEqual([]);
  });
});

describe('compareNumbers', () => {
  it('when a source number is spelled out in the target, then nothing is missing', () => {
    expect(compareNumbers('2명이 숨졌다', 'Two people died')).toEqual({ missing: [], extra: [] });
  });
  it('when the target has a number the source lacks, then it is extra', () => {
    expect(compareNumbers('2명이 숨졌다', '2 people died in 2024')).toEqual({ missing: [], extra: ['2024'] });
  });
});
