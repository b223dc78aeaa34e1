import { describe, expect, it } from 'vitest';
import { inlineTagsCheck, tagOrderCheck } from '../../src/checks/inline-tags.ts';
import { KO_EN } from './ctx.ts';

describe('inline-tags check', () => {
  it.each([
    ['<g1>조선인민군</g1>은 발표했다', 'The <g1>Korean People’s Army</g1> announced'],
    ['사진<x1/> 설명', 'Photo<x1/> caption'],
    ['<g1>가</g1> <g2>나</g2>', '<g2>B</g2> and <g1>A</g1>'],
    ['태그 없음', 'No tags'],
  ])('when "%s" → "%s", then it passes', (source, target) => {
    expect(inlineTagsCheck.run(source, target, KO_EN)).toBeNull();
  });

  it.each([
    ['<g1>조선인민군</g1>은', 'The Korean People’s Army', { missing: ['<g1>', '</g1>'], extra: [], unbalanced: [] }],
    ['사진 설명', 'Photo<x1/> caption', { missing: [], extra: ['<x1/>'], unbalanced: [] }],
    ['<g1>가<g2>나</g2></g1>', '<g1>A<g2>B</g1></g2>', { missing: [], extra: [], unbalanced: ['</g1>', '<g1>'] }],
    ['<g1>가</g1><x2/>', '<g1>A</g1><x3/>', { missing: ['<x2/>'], extra: ['<x3/>'], unbalanced: [] }],
  ])('when "%s" → "%s", then it reports %j', (source, target, detail) => {
    expect(inlineTagsCheck.run(source, target, KO_EN)).toEqual(detail);
  });
});

describe('tag-order check', () => {
  it('when tags keep their order, then it passes', () => {
    expect(tagOrderCheck.run('<g1>가</g1> <x2/>', '<g1>A</g1> <x2/>', KO_EN)).toBeNull();
  });
  it('when tags are reordered, then it reports both orders', () => {
    expect(tagOrderCheck.run('<g1>가</g1> <g2>나</g2>', '<g2>B</g2> <g1>A</g1>', KO_EN)).toEqual({
      source: ['<g1>', '</g1>', '<g2>', '</g2>'],
      target: ['<g2>', '</g2>', '<g1>', '</g1>'],
    });
  });
  it('when tags are missing, then tag order leaves it to the inline-tags check', () => {
    expect(tagOrderCheck.run('<g1>가</g1> <g2>나</g2>', '<g2>B</g2>', KO_EN)).toBeNull();
  });
});

describe('inline-tags check: what the rebuilder would refuse', () => {
  it.each([
    ['물가는 5% 미만', 'Inflation is < 5%.', { problem: 'stray-lt', position: 13, markup: '<' }],
    ['<g1>물가</g1>', '<g1>Prices</g1> <b>low</b>', { problem: 'unknown-markup', position: 16, markup: '<b>' }],
    ['물가', 'Prices at AT&T', { problem: 'bad-entity', position: 12, markup: '&' }],
    ['물가', 'Prices &nbsp; low', { problem: 'bad-entity', position: 7, markup: '&nbsp;' }],
    ['물가', 'Prices &#0; low', { problem: 'bad-entity', position: 7, markup: '&#0;' }],
    ['𝕏 물가', '𝕏 < low', { problem: 'stray-lt', position: 2, markup: '<' }],
  ])('when "%s" → "%s", then it reports %j (position in code points)', (source, target, detail) => {
    expect(inlineTagsCheck.run(source, target, KO_EN)).toEqual(detail);
  });

  it.each([
    ['물가는 5% 미만', 'Inflation is &lt; 5% &amp; falling &gt; expected.'],
    ['물가', 'Bare > is fine in XML, &#x41; and &#65; too'],
    ['<g1>가</g1>', '<g1>A</g1> &quot;quoted&apos;'],
  ])('when "%s" → "%s" is well formed, then it passes', (source, target) => {
    expect(inlineTagsCheck.run(source, target, KO_EN)).toBeNull();
  });
});
