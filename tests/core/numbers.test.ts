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
    ['$1.5bn', [1500000000]],
    ['2万人', [20000]],
    ['1亿元', [100000000]],
    ['<g1>3</g1>명', [3]],
    // 零 fills a gap; stacked units multiply; a decimal before a compound unit; 千 before 亿.
    ['1亿零2万', [100020000]],
    ['1亿零200元', [100000200]],
    ['3.5万亿', [3.5e12]],
    ['1.5万亿美元', [1.5e12]],
    ['2.3억', [230000000]],
    ['5千亿', [5e11]],
    ['3兆円', [3e12]],
    // Mainland Chinese 兆 before a unit of measure is mega-.
    ['5兆瓦', [5e6]],
    ['100兆字节', [1e8]],
    // A group joins only when smaller than the unit before it.
    ['1만1만1만', [10000, 10000, 10000]],
    ['1만 2만', [10000, 20000]],
    ['3천2천', [3000, 2000]],
    // 조 after 제 is an article of a law.
    ['제3조 2항', [3, 2]],
  ] as const)('when the text is "%s", then the hard values are %j', (text, values) => {
    expect(extractNumbers(text).hard).toEqual(values);
  });

  it.each([
    ['two people on January 22', [2, 1]],
    ['twenty-one', [21]],
    ['two million', [2000000]],
    ['Jan. 22', [1]],
    ['it may rain', []],
    // Han numerals: runs, and a lone one before a counter.
    ['三人', [3]],
    ['二十', [20]],
    ['千亿', [1e11]],
    ['一亿零二万', [100020000]],
    ['二〇二四年', [2024]],
    ['一つ', [1]],
    ['一起去', []],
    ['统一', []],
    // Korean native numerals before a counter, with or without a space.
    ['세 명', [3]],
    ['세명이', [3]],
    ['스무 살', [20]],
    ['스무 살인 김 씨', [20]],
    ['한 명', [1]],
    ['열 개', [10]],
    ['열두 시', [12]],
    ['스물두 살', [22]],
    ['두세 명', [2, 3]],
    ['두 번째', [2]],
    ['한 달간', [1]],
    // Sino-Korean numerals in Hangul.
    ['삼십', [30]],
    ['삼십 명', [30]],
    ['이백 명', [200]],
    ['삼천', [3000]],
    ['오천만 원', [50000000]],
    ['삼억 원', [300000000]],
    ['십만 명', [100000]],
    ['이천오백 명', [2500]],
    ['천 년', [1000]],
    ['백 명', [100]],
    // Not numbers: words that start like one.
    ['한국', []],
    ['한다', []],
    ['한 대학 관계자', []],
    ['세계', []],
    ['세대', []],
    ['네가', []],
    ['열린 회의', []],
    ['이 건은', []],
    ['오늘', []],
    ['사천성', []],
    ['수십 명', []],
  ] as const)('when the text is "%s", then the soft values are %j', (text, values) => {
    expect(extractNumbers(text).soft).toEqual(values);
  });

  it.each([
    ['1명', [1], []],
    ['1박 기준', [1], []],
    ['1인당', [1], []],
    ['1 명', [1], []],
    ['1월', [], [1]],
    ['10명', [], [10]],
    ['1.5명', [], [1.5]],
  ] as const)('when the text is "%s", then the counted values are %j and the hard ones %j', (text, counted, hard) => {
    const numbers = extractNumbers(text);
    expect(numbers.counted).toEqual(counted);
    expect(numbers.hard).toEqual(hard);
  });
});

describe('compareNumbers', () => {
  it.each([
    ['2명이 숨졌다', 'Two people died'],
    ['세 명', 'three people'],
    ['세 명', '3人'],
    ['세 명', '3 people'],
    ['스무 살', '20 years old'],
    ['한 명', 'one person'],
    ['한 명', 'a person'],
    ['열 개', '10 pieces'],
    ['삼십 명', '30 people'],
    ['1억', '100 million'],
    ['3조 5000억 원', '3.5万亿韩元'],
    ['1조 5000억 원', '1.5 trillion won'],
    ['1000억 원', '千亿韩元'],
    ['1억 20만 원', '1亿零20万韩元'],
    // The article is the counted 1 (QUANTITY_WORDS).
    ['1명이 다쳤다', 'A person was injured'],
  ])('when "%s" → "%s", then nothing is missing or extra', (source, target) => {
    expect(compareNumbers(source, target)).toEqual({ missing: [], extra: [], missingCounted: [] });
  });

  it.each([
    ['1박 기준 10만 원', 'KRW 100,000 per night'],
    ['1인당 2만 원', 'KRW 20,000 per person'],
  ])('when the counted 1 of "%s" is an article in "%s", then it is missing as counted only', (source, target) => {
    expect(compareNumbers(source, target)).toEqual({ missing: [], extra: [], missingCounted: ['1'] });
  });

  it.each([
    ['2명이 숨졌다', '2 people died in 2024', [], ['2024'], []],
    ['30,000명', '3,000 people', ['30000'], ['3000'], []],
    ['2억 원', '2 billion won', ['200000000'], ['2000000000'], []],
    ['1박 2일', '3 nights', ['2'], ['3'], ['1']],
    ['세 명', '4 people', [], ['4'], []],
  ] as const)('when "%s" → "%s", then %j is missing, %j extra and %j counted missing', (source, target, missing, extra, counted) => {
    expect(compareNumbers(source, target)).toEqual({ missing, extra, missingCounted: counted });
  });
});
