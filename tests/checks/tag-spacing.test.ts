import { describe, expect, it } from 'vitest';
import { tagSpacingCheck } from '../../src/checks/tag-spacing.ts';
import type { CheckContext } from '../../src/core/ports/check.ts';
import { createI18n } from '../../src/web/i18n.ts';
import { NEWS_TRANSLATIONS } from '../fixtures/checks/news-translations.ts';
import { KO_EN, KO_JA, KO_ZH } from './ctx.ts';
import { cpuTime } from '../support/hostile-inputs.ts';

const EN_KO: CheckContext = { sourceLocale: 'en', targetLocale: 'ko' };
const JA_EN: CheckContext = { sourceLocale: 'ja', targetLocale: 'en' };
const KO_FR: CheckContext = { sourceLocale: 'ko', targetLocale: 'fr' };
const PLAN = '<g1>기본</g1> 요금제가 바뀌었다.';

describe('tag-spacing check', () => {
  it.each([
    ['spaces on both sides', PLAN, 'The <g1>Basic</g1> plan has changed.', KO_EN],
    ['a possessive after the closing tag', '<g1>김철수</g1>의 집', '<g1>Kim</g1>’s house', KO_EN],
    ['an ASCII possessive after the closing tag', '<g1>김철수</g1>의 집', "<g1>Kim</g1>'s house", KO_EN],
    ['a comma after the closing tag', '<g1>평양</g1>, 혜산', '<g1>Pyongyang</g1>, Hyesan', KO_EN],
    [
      'a plural s after the closing tag (the policy: a plural or possessive ending continues the word)',
      PLAN,
      'Both <g1>Basic</g1>s changed.',
      KO_EN,
    ],
    ['a plural es after the closing tag', '<g1>상자</g1> 두 개', 'two <g1>box</g1>es', KO_EN],
    ['a quote before the opening tag', '"<g1>기본</g1>" 요금제', '"<g1>Basic</g1>" plan', KO_EN],
    ['a hyphen before the opening tag', '친<g1>평양</g1> 인사', 'pro-<g1>Pyongyang</g1> figures', KO_EN],
    ['a space inside the tag', PLAN, 'The<g1> Basic </g1>plan has changed.', KO_EN],
    ['the tag at the start and end', '<g1>기본 요금제</g1>', '<g1>Basic plan</g1>', KO_EN],
    ['a tag wrapping part of a word in the source too', '탈<g1>북</g1>민이 늘었다.', 'The number of de<g1>fect</g1>ors rose.', KO_EN],
    ['a standalone tag glued in the source too', '<x1/>를 실행했다.', 'He ran<x1/>now.', KO_EN],
    ['a Japanese target', PLAN, '<g1>ベーシック</g1>プランが変わった。', KO_JA],
    ['a Chinese target', PLAN, '<g1>基本</g1>套餐变了。', KO_ZH],
    ['a Korean particle after the closing tag in a Korean target', '<g1>Kim</g1> said.', '<g1>김철수</g1>가 말했다.', EN_KO],
    ['an English source wrapping part of a word', 'They re<g1>built</g1> it.', '그들은 재<g1>건</g1>했다.', EN_KO],
    ['no tags', '기본 요금제', 'theBasic plan', KO_EN],
    ['an empty target', PLAN, '', KO_EN],
  ] as const)('when %s, then it passes', (_case, source, target, ctx) => {
    expect(tagSpacingCheck.run(source, target, ctx)).toBeNull();
  });

  it.each([
    ['a word glued before the opening tag', PLAN, 'The<g1>Basic</g1> plan has changed.', KO_EN, [{ tags: '<g1>', seen: 'TheBasic' }]],
    ['a word glued after the closing tag', PLAN, 'The <g1>Basic</g1>plan has changed.', KO_EN, [{ tags: '</g1>', seen: 'Basicplan' }]],
    [
      'both edges glued',
      PLAN,
      'the<g1>Basic</g1>plan',
      KO_EN,
      [
        { tags: '<g1>', seen: 'theBasic' },
        { tags: '</g1>', seen: 'Basicplan' },
      ],
    ],
    [
      'nested tags glued as one run',
      '<g1><g2>일상</g2></g1> 이 됐다',
      'has become<g1><g2>routine</g2></g1>now',
      KO_EN,
      [
        { tags: '<g1><g2>', seen: 'becomeroutine' },
        { tags: '</g2></g1>', seen: 'routinenow' },
      ],
    ],
    [
      'two tags back to back',
      '<g1>기본</g1> <g2>요금제</g2>',
      '<g1>Basic</g1><g2>plan</g2>',
      KO_EN,
      [{ tags: '</g1><g2>', seen: 'Basicplan' }],
    ],
    [
      'a standalone tag the source spaced',
      '명령 <x1/> 을 실행했다.',
      'He ran the<x1/>command.',
      KO_EN,
      [{ tags: '<x1/>', seen: 'thecommand' }],
    ],
    ['digits glued to a word', '<g1>3만 위안</g1> 을 냈다', 'paid <g1>30,000</g1>yuan', KO_EN, [{ tags: '</g1>', seen: '000yuan' }]],
    [
      'an escaped ampersand kept apart from the glued word',
      '<g1>AT&amp;T</g1> 주가',
      'AT&amp;T<g1>shares</g1> fell',
      KO_EN,
      [{ tags: '<g1>', seen: 'Tshares' }],
    ],
    [
      'a Korean target gluing a word before the opening tag',
      'A <g1>source</g1> said.',
      '소식통은<g1>김철수</g1>가 말했다.',
      EN_KO,
      [{ tags: '<g1>', seen: '소식통은김철수' }],
    ],
    [
      'a Japanese source (no evidence of part-word tags)',
      '<g1>基本</g1>プラン',
      'the<g1>Basic</g1> plan',
      JA_EN,
      [{ tags: '<g1>', seen: 'theBasic' }],
    ],
    [
      'a French target (a language with spaces, no suffix policy)',
      PLAN,
      'Le forfait<g1>Basique</g1>s',
      KO_FR,
      [
        { tags: '<g1>', seen: 'forfaitBasique' },
        { tags: '</g1>', seen: 'Basiques' },
      ],
    ],
  ] as const)('when %s, then it reports the glued words', (_case, source, target, ctx, glued) => {
    expect(tagSpacingCheck.run(source, target, ctx)).toEqual({ glued, count: glued.length });
  });

  it('when more spots are glued than the detail lists, then count has them all', () => {
    const source = Array.from({ length: 15 }, (_, i) => `<g${i + 1}>낱말</g${i + 1}>`).join(' ');
    const target = Array.from({ length: 15 }, (_, i) => `a<g${i + 1}>word</g${i + 1}>`).join(' ');
    const detail = tagSpacingCheck.run(source, target, KO_EN);
    expect(detail?.count).toBe(15);
    expect(detail?.glued).toHaveLength(10);
  });

  it('when a glued word is very long, then the detail shows at most 30 characters of it on each side', () => {
    const detail = tagSpacingCheck.run(PLAN, `${'a'.repeat(100)}<g1>${'b'.repeat(100)}</g1> plan`, KO_EN);
    expect(detail?.glued[0]?.seen).toBe('a'.repeat(30) + 'b'.repeat(30));
  });

  it('when 100,000-character texts glued at every tag are checked, then it takes well under 2 seconds of CPU', async () => {
    let detail: ReturnType<typeof tagSpacingCheck.run> | undefined;
    const { ms } = await cpuTime(async () => {
      detail = tagSpacingCheck.run('<x1/> '.repeat(16_667), 'a<g1>b</g1>c<x1/>d'.repeat(5_556), KO_EN);
    });
    expect(detail?.count).toBe(3 * 5_556); // three glued spots in each repeat
    expect(ms).toBeLessThan(2_000);
  });

  it.each(['en', 'ja', 'zh'] as const)('when the reference %s translations of content/ko are checked, then none is flagged', (lng) => {
    const ctx = { en: KO_EN, ja: KO_JA, zh: KO_ZH }[lng];
    const flagged = NEWS_TRANSLATIONS.filter((p) => tagSpacingCheck.run(p.ko, p[lng], ctx) !== null);
    expect(flagged).toEqual([]);
  });

  it.each(['ko', 'en'])('when the examples are described in %s, then each is a sentence with the glued words', (lng) => {
    const t = createI18n().getFixedT(lng);
    expect(tagSpacingCheck.examples.length).toBeGreaterThan(0);
    for (const example of tagSpacingCheck.examples) {
      const detail = tagSpacingCheck.run(example.source, example.target, KO_EN);
      expect(detail).not.toBeNull();
      const sentence = tagSpacingCheck.describe(detail!, t);
      expect(sentence).toContain(`“${detail!.glued[0]!.seen}”`);
      expect(sentence).not.toMatch(/\[object|\{\{|tag-spacing\./);
      if (lng === 'ko') expect(sentence).toMatch(/\p{Script=Hangul}/u);
    }
  });
});
