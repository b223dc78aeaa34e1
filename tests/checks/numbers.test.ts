import { describe, expect, it } from 'vitest';
import { numbersCheck } from '../../src/checks/numbers.ts';
import { KO_EN, KO_JA, KO_ZH } from './ctx.ts';

describe('numbers check', () => {
  it.each([
    ['1월 22일 평양에서', 'in Pyongyang on January 22', KO_EN],
    ['2024년 1월 22일', 'Jan. 22, 2024', KO_EN],
    ['300여 명이 모였다', 'About 300 people gathered', KO_EN],
    ['300여 명이 모였다', 'More than 300 people gathered', KO_EN],
    ['2만 명', '20,000 people', KO_EN],
    ['1억 달러', '$100 million', KO_EN],
    ['15억 원', '1.5 billion won', KO_EN],
    ['2만5천 명', '25,000 people', KO_EN],
    ['１２３명', '123 people', KO_EN],
    ['3명', 'three people', KO_EN],
    ['10여 년 만에', 'for the first time in more than a decade', KO_EN],
    ['2만 명', '2万人', KO_JA],
    ['1억 달러', '1亿美元', KO_ZH],
    ['1월 22일', '1月22日', KO_JA],
  ])('when "%s" → "%s", then it passes', (source, target, ctx) => {
    expect(numbersCheck.run(source, target, ctx)).toBeNull();
  });

  it.each([
    ['1월 22일 평양에서', 'in Pyongyang on January 23', { missing: ['22'], extra: ['23'] }],
    ['300여 명', 'about 3,000 people', { missing: ['300'], extra: ['3000'] }],
    ['2만 명', '2,000 people', { missing: ['20000'], extra: ['2000'] }],
    ['1억 달러', '$10 million', { missing: ['100000000'], extra: ['10000000'] }],
    ['2024년', 'last year', { missing: ['2024'], extra: [] }],
    ['회의가 열렸다', 'The meeting, attended by 40, opened', { missing: [], extra: ['40'] }],
  ])('when "%s" → "%s", then it reports %j', (source, target, detail) => {
    expect(numbersCheck.run(source, target, KO_EN)).toEqual(detail);
  });
});
