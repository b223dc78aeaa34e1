import { describe, expect, it } from 'vitest';
import { bracketsCheck, endPunctuationCheck, spacingCheck } from '../../src/checks/punctuation.ts';
import { KO_EN, KO_JA, KO_ZH } from './ctx.ts';

describe('end-punctuation check', () => {
  it.each([
    ['회의가 열렸다.', 'The meeting opened.', KO_EN],
    ['회의가 열렸다.', '会議が開かれた。', KO_JA],
    ['회의가 열렸나?', '会议召开了吗？', KO_ZH],
    ['“회의가 열렸다.”', '“The meeting opened.”', KO_EN],
    ['“회의가 열렸다”고 말했다.', 'He said, “The meeting opened.”', KO_EN],
    ['북한, 미사일 발사', 'North Korea fires missile', KO_EN],
    ['그리고…', 'And...', KO_EN],
  ] as const)('when "%s" → "%s", then it passes', (source, target, ctx) => {
    expect(endPunctuationCheck.run(source, target, ctx)).toBeNull();
  });

  it.each([
    ['회의가 열렸다.', 'The meeting opened', { source: '.', target: '' }],
    ['회의가 열렸나?', 'The meeting opened.', { source: '?', target: '.' }],
    ['북한, 미사일 발사', 'North Korea fires missile!', { source: '', target: '!' }],
  ])('when "%s" → "%s", then it reports %j', (source, target, detail) => {
    expect(endPunctuationCheck.run(source, target, KO_EN)).toEqual(detail);
  });
});

describe('brackets check', () => {
  it.each([
    ['“장마당”(시장)에서', 'at the “jangmadang” (market)'],
    ['「노동신문」', '「労働新聞」'],
    ['그는 “계속', 'He said, “continuing'],
    ['don’t', 'don’t'],
  ])('when "%s" → "%s", then it passes', (source, target) => {
    expect(bracketsCheck.run(source, target, KO_EN)).toBeNull();
  });

  it.each([
    ['“장마당”(시장)에서', 'at the “jangmadang (market)', { unbalanced: ['“”'] }],
    ['(시장)', '(market', { unbalanced: ['()'] }],
    ['《노동신문》', '《労働新聞', { unbalanced: ['《》'] }],
    ['"말"', '"word', { unbalanced: ['""'] }],
  ])('when "%s" → "%s", then it reports %j', (source, target, detail) => {
    expect(bracketsCheck.run(source, target, KO_EN)).toEqual(detail);
  });
});

describe('spacing check', () => {
  it.each([
    ['회의가 열렸다.', 'The meeting opened.'],
    [' 회의', ' Meeting'],
    ['', ''],
  ])('when "%s" → "%s", then it passes', (source, target) => {
    expect(spacingCheck.run(source, target, KO_EN)).toBeNull();
  });

  it.each([
    ['회의가 열렸다.', 'The  meeting opened.', { doubleSpaces: 1, leading: false, trailing: false }],
    ['회의가 열렸다.', ' The meeting opened.', { doubleSpaces: 0, leading: true, trailing: false }],
    ['회의가 열렸다.', 'The meeting opened. ', { doubleSpaces: 0, leading: false, trailing: true }],
  ])('when "%s" → "%s", then it reports %j', (source, target, detail) => {
    expect(spacingCheck.run(source, target, KO_EN)).toEqual(detail);
  });
});
