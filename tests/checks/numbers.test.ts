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
    // Issue 11: correct translations that used to be blocked.
    ['1억 20만 원', '1亿零20万韩元', KO_ZH],
    ['3조 5000억 원', '3.5万亿韩元', KO_ZH],
    ['1조 5000억 원', '1.5万亿韩元', KO_ZH],
    ['1000억 원', '千亿韩元', KO_ZH],
    ['2조 원', '2兆ウォン', KO_JA],
    ['2억3000만 달러', '2.3億ドル', KO_JA],
    ['세 명이 숨졌다', 'Three people died', KO_EN],
    ['세 명이 숨졌다', '3人が死亡した', KO_JA],
    ['세 명이 숨졌다', '3 people died', KO_EN],
    ['스무 살 청년', 'a 20-year-old man', KO_EN],
    ['한 명이 다쳤다', 'One person was injured', KO_EN],
    ['열 개 도시', '10 cities', KO_EN],
    ['삼십 명', '30 people', KO_EN],
    ['1박 기준 10만 원', 'KRW 100,000 per night', KO_EN],
    ['1인당 2만 원', 'KRW 20,000 per person', KO_EN],
    ['1명이 다쳤다', 'A person was injured', KO_EN],
    ['1억 원', '100 million won', KO_EN],
    ['3명', '三人', KO_ZH],
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
    ['3만 명', '3,000 people', { missing: ['30000'], extra: ['3000'] }],
    ['30,000명', '3,000 people', { missing: ['30000'], extra: ['3000'] }],
    ['2억 원', '2 billion won', { missing: ['200000000'], extra: ['2000000000'] }],
    ['세 명', '4 people', { missing: [], extra: ['4'] }],
  ])('when "%s" → "%s", then it reports %j', (source, target, detail) => {
    expect(numbersCheck.run(source, target, KO_EN)).toEqual(detail);
  });
});
