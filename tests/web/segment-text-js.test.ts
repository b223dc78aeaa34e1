import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missingTags, tokenize as browserTokenize, unescapeText as browserUnescape } from '../../public/segment-text.js';
import { tagSequence, tokenize, unescapeText } from '../../src/core/segment-text.ts';

// The review page's script reads segment text itself (tag insertion, preview): it must read it as core does.
const pieces = [
  '<g1>',
  '</g1>',
  '<x2/>',
  '<g10>',
  '</g',
  '<x1',
  '<',
  '>',
  '/',
  'g',
  'x',
  '1',
  '&lt;',
  '&amp;',
  '&#x41;',
  '&#0;',
  '&',
  'a',
  ' ',
  '쌀',
];
const segmentish = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join(''));

describe('the browser’s segment text (public/segment-text.js)', () => {
  it('when any text is tokenized, then the browser and core agree', () => {
    fc.assert(
      fc.property(fc.oneof(segmentish, fc.string()), (text) => {
        expect(browserTokenize(text)).toEqual(tokenize(text));
        expect(browserUnescape(text)).toBe(unescapeText(text));
      }),
    );
  });

  it.each([
    ['<g1>Rice</g1> rose<x2/>', '', ['<g1>', '</g1>', '<x2/>']],
    ['<g1>Rice</g1> rose<x2/>', '<g1>Rice', ['</g1>', '<x2/>']],
    ['<g1>a</g1> <g1>b</g1>', '<g1>a</g1>', ['<g1>', '</g1>']],
    ['<g1>Rice</g1>', '<g1>Rice</g1> <g3>x</g3>', []],
  ])('when the source is %s and the translation %s, then the missing tags are %j', (source, target, missing) => {
    expect(missingTags(source, target)).toEqual(missing);
    expect(missingTags(source, source)).toEqual([]);
    expect(missingTags(source, '')).toEqual(tagSequence(source));
  });
});
