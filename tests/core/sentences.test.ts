import { describe, expect, it } from 'vitest';
import { contentLength, sentences } from '../../src/core/sentences.ts';
import { cpuTime } from '../support/hostile-inputs.ts';

describe('sentences', () => {
  it.each([
    ['ko', '입국자가 171명으로 집계됐다. 여성이 132명이었다.', 2],
    ['ko', '가격은 3.5% 올랐다.그러나 공급은 줄었다!정말일까? 그렇다.', 4],
    ['ko', '그는 "국경이 막혔다"며 "길을 찾았다"고 말했다.', 1],
    ['ko', '제목만 있고 마침표가 없다', 1],
    ['en', 'Prices rose 3.5% in a month. Rates followed.', 2],
    ['en', 'Mr. Kim met Dr. Lee and Gen. Pak in St. Petersburg. They talked.', 2],
    ['en', 'The U.S. President met Kim Jong Un. It was brief.', 2],
    ['en', 'Kim J. Un spoke. He left.', 2],
    ['en', 'He said no. Then he left.', 2],
    ['en', 'Did he go? Yes! He did.', 3],
    ['en', '"No." He left.', 2],
    ['ja', '価格は7,300ウォンだった。本当か？本当だ！', 3],
    ['zh-Hans', '价格上涨了3.5%。汇率也上涨了。', 2],
    ['en', '', 0],
    ['en', '… — ”', 0],
  ] as const)('when %s text %j is split, then it has %i sentences', (locale, text, count) => {
    expect(sentences(text, locale)).toHaveLength(count);
  });

  it('when sentences are rejoined, then no text is lost', () => {
    const text = 'Mr. Kim left. ” Then Dr. Lee came.';
    expect(sentences(text, 'en').join('')).toBe(text);
  });

  it('when the locale tag is not a language, then the text is still split by Unicode rules', () => {
    expect(sentences('One. Two.', 'not a locale!')).toHaveLength(2);
  });

  // Intl.Segmenter alone takes 9 s on 100,000 Korean characters (quadratic); chunked, tens of milliseconds. The bound
  // is loose so that a loaded machine passes and a quadratic pass does not.
  it.each([
    ['titles', 'en', 'Mr. '],
    ['Korean sentences', 'ko', '가격이 올랐다. '],
    ['Korean without a sentence end', 'ko', '가격이올랐다'],
  ])('when 100,000 characters of %s are split, then it takes well under 2 seconds of CPU', async (_case, locale, unit) => {
    const text = unit.repeat(Math.ceil(100_000 / unit.length));
    let count = 0;
    const { ms } = await cpuTime(async () => {
      count = sentences(text, locale).length;
    });
    expect(count).toBeGreaterThan(0);
    expect(ms).toBeLessThan(2_000);
  });
});

describe('contentLength', () => {
  it.each([
    ['쌀값이 18% 올랐다.', 8],
    ['Rice rose 18%.', 10],
    ['米価が18%上昇。', 7],
    ['“ ” — … 、。', 0],
    ['𠀀𠀁', 2],
  ] as const)('when %j is measured, then it has %i content characters', (text, n) => {
    expect(contentLength(text)).toBe(n);
  });
});
