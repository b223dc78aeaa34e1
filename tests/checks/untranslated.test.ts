import { describe, expect, it } from 'vitest';
import { untranslatedCheck } from '../../src/checks/untranslated.ts';
import type { CheckContext } from '../../src/core/ports/check.ts';
import { KO_EN, KO_JA } from './ctx.ts';

const WITH_ALLOWED: CheckContext = {
  ...KO_EN,
  allowedHangul: ['노동신문'],
  glossary: [{ source: '장마당', target: 'jangmadang (장마당)' }],
};

describe('untranslated check', () => {
  it.each([
    ['장마당에서 쌀을 샀다', 'They bought rice at the market', KO_EN],
    ['BTS', 'BTS', KO_EN],
    ['<x1/>', '<x1/>', KO_EN],
    ['노동신문이 보도했다', 'The 노동신문 (Rodong Sinmun) reported', WITH_ALLOWED],
    ['장마당에서', 'at the jangmadang (장마당)', WITH_ALLOWED],
    ['장마당에서 쌀을 샀다', '市場で米を買った', KO_JA],
    ['', '', KO_EN],
  ] as const)('when "%s" → "%s", then it passes', (source, target, ctx) => {
    expect(untranslatedCheck.run(source, target, ctx)).toBeNull();
  });

  it.each([
    ['장마당에서 쌀을 샀다', '', { reason: 'empty' }],
    ['장마당에서 쌀을 샀다', '  <g1></g1> ', { reason: 'empty' }],
    ['장마당에서 쌀을 샀다', '장마당에서  쌀을 샀다', { reason: 'identical' }],
    ['장마당에서 쌀을 샀다', 'They bought 쌀 at the 장마당', { reason: 'hangul', hangul: ['쌀', '장마당'] }],
  ] as const)('when "%s" → "%s", then it reports %j', (source, target, detail) => {
    expect(untranslatedCheck.run(source, target, KO_EN)).toEqual(detail);
  });
});
