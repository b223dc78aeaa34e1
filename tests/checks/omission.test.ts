import { describe, expect, it } from 'vitest';
import { lengthCheck } from '../../src/checks/length.ts';
import { OMISSION_RATIOS, omissionCheck, omissionRatio } from '../../src/checks/omission.ts';
import type { CheckContext } from '../../src/core/ports/check.ts';
import { createI18n } from '../../src/web/i18n.ts';
import { KO_EN, KO_JA, KO_ZH } from './ctx.ts';
import { cpuTime } from '../support/hostile-inputs.ts';

const EN_KO: CheckContext = { sourceLocale: 'en', targetLocale: 'ko' };
const KO_FR: CheckContext = { sourceLocale: 'ko', targetLocale: 'fr' };

// Three sentences from content/ko (jangmadang-rice-prices-2026.md, shortened) and complete translations of them.
const SOURCE =
  '북한 평양과 평안남도 일대 장마당에서 거래되는 쌀값이 최근 한 달 사이 18% 가까이 오른 것으로 나타났다. ' +
  '같은 기간 미국 달러 대비 환율도 1달러당 1만 9,000원대에서 2만 1,500원 안팎으로 뛰었다. ' +
  '국경 지역인 혜산의 가격이 가장 높았다.';
const EN = [
  'The price of rice in the markets of Pyongyang and South Pyongan Province has risen by nearly 18% over the past month.',
  'Over the same period, the exchange rate jumped from around 19,000 won to about 21,500 won per US dollar.',
  'Prices were highest in the border city of Hyesan.',
];
const JA = [
  '北朝鮮の平壌と平安南道一帯の市場で取引されるコメの価格が、最近1か月で18%近く上昇したことが分かった。',
  '同じ期間、米ドルに対する為替レートも1ドル＝1万9,000ウォン台から2万1,500ウォン前後に跳ね上がった。',
  '国境地域の恵山の価格が最も高かった。',
];
const ZH = [
  '朝鲜平壤和平安南道一带市场的米价在最近一个月内上涨了近18%。',
  '同期，兑美元汇率也从每美元1万9000朝鲜元左右跃升至2万1500朝鲜元上下。',
  '边境地区惠山的价格最高。',
];
const all = (sentences: readonly string[], sep: string) => sentences.join(sep);
const without = (sentences: readonly string[], i: number, sep: string) => sentences.filter((_, j) => j !== i).join(sep);

describe('omission check', () => {
  it.each([
    ['a complete English translation', SOURCE, all(EN, ' '), KO_EN],
    ['a complete Japanese translation', SOURCE, all(JA, ''), KO_JA],
    ['a complete Chinese translation', SOURCE, all(ZH, ''), KO_ZH],
    [
      'two source sentences merged into one',
      SOURCE,
      `${EN[0]!.slice(0, -1)}, and the exchange rate jumped from around 19,000 won to about 21,500 won per US dollar. ${EN[2]}`,
      KO_EN,
    ],
    [
      'one source sentence split into two',
      '쌀값이 한 달 사이 18% 가까이 올랐고 환율도 함께 뛰었다.',
      'Rice prices rose nearly 18% in a month. The exchange rate jumped too.',
      KO_EN,
    ],
    // 23 content characters, 57.5 expected in English, 34 written: below the floor, but short by under 10 × 2.5.
    [
      'a short source translated tersely (within the slack)',
      '쌀값이 최근 한 달 사이 18% 가까이 오른 것으로 나타났다.',
      'Rice prices rose nearly 18% within a month.',
      KO_EN,
    ],
    ['a source too short to judge (a title)', '쌀값 18% 올라', 'Rice up', KO_EN],
    ['an empty target (the untranslated check’s)', SOURCE, '', KO_EN],
    ['a pair without measured ratios', SOURCE, 'Le riz.', KO_FR],
    ['tags and escapes that are not content', `<g1>${SOURCE}</g1>`, `<g1>${all(EN, ' ')}</g1> &amp;`, KO_EN],
    ['an English source and its Korean translation (ratio through Korean)', all(EN, ' '), SOURCE, EN_KO],
  ] as const)('when %s, then it passes', (_case, source, target, ctx) => {
    expect(omissionCheck.run(source, target, ctx)).toBeNull();
  });

  it.each([
    ['en', KO_EN, EN, ' '],
    ['ja', KO_JA, JA, ''],
    ['zh', KO_ZH, ZH, ''],
  ] as const)('when any one sentence of the %s translation is dropped, then it reports fewer sentences', (_lng, ctx, sentences, sep) => {
    for (let i = 0; i < sentences.length; i++) {
      const detail = omissionCheck.run(SOURCE, without(sentences, i, sep), ctx);
      expect(detail, `sentence ${i + 1} dropped`).toMatchObject({ sourceSentences: 3, targetSentences: 2 });
      expect(detail!.share).toBeLessThan(1);
    }
  });

  it.each([
    ['en', KO_EN, 'Rice prices and the exchange rate rose, most of all in Hyesan.', { sourceSentences: 3, targetSentences: 1 }],
    ['ja', KO_JA, 'コメ価格と為替が上がった。', { sourceSentences: 3, targetSentences: 1 }],
    ['zh', KO_ZH, '米价和汇率上涨。', { sourceSentences: 3, targetSentences: 1 }],
  ] as const)('when the %s translation is a one-line summary, then it is reported', (_lng, ctx, target, counts) => {
    expect(omissionCheck.run(SOURCE, target, ctx)).toMatchObject(counts);
  });

  it('when a long sentence is summarised in one short sentence, then the content alone reports it', () => {
    const source = '양강도 혜산의 구류장에서 41일 동안 조사를 받았다는 탈북민은 하루 열여덟 시간을 무릎 꿇고 앉아 있어야 했다고 말했다.';
    expect(omissionCheck.run(source, 'A defector described his detention.', KO_EN)).toEqual({
      sourceSentences: 1,
      targetSentences: 1,
      share: 0.24, // 30 content characters of the 50 × 2.5 expected
    });
  });

  it('when the ratio of a pair is derived, then it goes through Korean', () => {
    expect(omissionRatio('ko', 'en')).toEqual(OMISSION_RATIOS['ko-en']);
    expect(omissionRatio('ko', 'zh-Hans')).toEqual(OMISSION_RATIOS['ko-zh']);
    expect(omissionRatio('en', 'ko')).toEqual({ ratio: 1 / 2.5, floor: 0.6 });
    expect(omissionRatio('ja', 'en')?.ratio).toBeCloseTo(2.5 / 1.15);
    expect(omissionRatio('ja', 'en')?.floor).toBe(0.6);
    expect(omissionRatio('ko', 'fr')).toBeNull();
    expect(omissionRatio('de', 'en')).toBeNull();
  });

  it('when omission can judge a pair, then the length check leaves a short translation to it (no double report)', () => {
    const short = 'A source said.';
    expect(omissionCheck.run(SOURCE, short, KO_EN)).not.toBeNull();
    expect(lengthCheck.run(SOURCE, short, KO_EN)).toBeNull();
  });

  it('when omission cannot judge a pair, then the length check still reports a short translation', () => {
    expect(omissionCheck.run(SOURCE, 'Le riz.', KO_FR)).toBeNull();
    expect(lengthCheck.run(SOURCE, 'Le riz.', KO_FR)).toMatchObject({ min: 0.33, max: 3 });
  });

  it('when a 100,000-character adversarial text is checked, then it takes well under 2 seconds of CPU', async () => {
    let detail: ReturnType<typeof omissionCheck.run> | undefined;
    const { ms } = await cpuTime(async () => {
      detail = omissionCheck.run('가격이 올랐다. '.repeat(11_000), 'Mr. '.repeat(2_500), KO_EN);
    });
    expect(detail).not.toBeNull();
    expect(ms).toBeLessThan(2_000);
  });

  it.each(['ko', 'en'])('when the examples are described in %s, then each is a sentence with the counts and share', (lng) => {
    const t = createI18n().getFixedT(lng);
    const branches = new Set<string>();
    for (const example of omissionCheck.examples) {
      const detail = omissionCheck.run(example.source, example.target, { ...KO_EN, ...('ctx' in example ? example.ctx : {}) });
      expect(detail).not.toBeNull();
      const sentence = omissionCheck.describe(detail!, t);
      expect(sentence).toContain(`${Math.round(detail!.share * 100)}%`);
      if (detail!.targetSentences < detail!.sourceSentences) {
        branches.add('sentences');
        expect(sentence).toContain(String(detail!.sourceSentences));
      } else branches.add('content');
      expect(sentence).not.toMatch(/\[object|\{\{|omission\./);
      if (lng === 'ko') expect(sentence).toMatch(/\p{Script=Hangul}/u);
    }
    expect([...branches].sort()).toEqual(['content', 'sentences']);
  });
});
