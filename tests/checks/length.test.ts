import { describe, expect, it } from 'vitest';
import { LENGTH_MIN_SOURCE_CHARS, LENGTH_RATIO_LIMITS, lengthCheck } from '../../src/checks/length.ts';
import { KO_EN, KO_JA, KO_ZH } from './ctx.ts';

const SOURCE = '북한 당국이 최근 장마당에서 외화 사용을 강하게 단속하고 있다고 소식통이 전했다.'; // 45 characters

describe('length check', () => {
  it('when the thresholds are read, then they are the stated ones', () => {
    expect(LENGTH_RATIO_LIMITS['ko-en']).toEqual({ min: 1.0, max: 5.0 });
    expect(LENGTH_RATIO_LIMITS['ko-ja']).toEqual({ min: 0.6, max: 2.2 });
    expect(LENGTH_RATIO_LIMITS['ko-zh']).toEqual({ min: 0.35, max: 1.6 });
    expect(LENGTH_MIN_SOURCE_CHARS).toBe(20);
  });

  it.each([
    [
      SOURCE,
      'North Korean authorities have recently been cracking down hard on the use of foreign currency in markets, a source said.',
      KO_EN,
    ],
    [SOURCE, '北朝鮮当局が最近、市場での外貨使用を強く取り締まっていると消息筋が伝えた。', KO_JA],
    [SOURCE, '消息人士称，朝鲜当局最近在市场上严厉打击外币使用。', KO_ZH],
    ['북한', 'North Korea, officially the Democratic People’s Republic of Korea', KO_EN],
    // Too short for a pair the omission check has measured: reported there (omission.test.ts), not twice.
    [SOURCE, 'A source said.', KO_EN],
    [SOURCE, '消息人士称。', KO_ZH],
  ] as const)('when "%s" → "%s", then it passes', (source, target, ctx) => {
    expect(lengthCheck.run(source, target, ctx)).toBeNull();
  });

  it.each([
    [SOURCE, 'x'.repeat(230), KO_EN, { ratio: 5.11, min: 1.0, max: 5.0 }],
    [SOURCE, 'Une source.', { sourceLocale: 'ko', targetLocale: 'fr' }, { ratio: 0.24, min: 0.33, max: 3.0 }],
  ] as const)('when "%s" → "%s", (%o), then it reports %j', (source, target, ctx, detail) => {
    expect(lengthCheck.run(source, target, ctx)).toEqual(detail);
  });
});
