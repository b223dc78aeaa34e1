import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeTypedText, sourceTagKinds, validateSegmentText } from '../../src/core/segment-text-validation.ts';

const SOURCE = '<g1>가</g1> <g2>나</g2> <x3/>';
const TAGS = sourceTagKinds(SOURCE);

describe('sourceTagKinds', () => {
  it('when a source has paired and standalone tags, then each number maps to its kind', () => {
    expect({ ...TAGS }).toEqual({ '1': { type: 'g' }, '2': { type: 'g' }, '3': { type: 'x' } });
    expect(Object.hasOwn(sourceTagKinds('__proto__ <g1>a</g1>'), '__proto__')).toBe(false);
  });
});

describe('validateSegmentText', () => {
  it.each([
    'plain text',
    '<g1>A</g1> <g2>B</g2> <x3/>',
    '<g2>B</g2> <g1>A</g1>', // order and missing tags are the inline-tags check's business, not a rebuild fault
    '<g1>A <g2>B</g2></g1>',
    '&lt; &gt; &amp; &quot; &apos; &#65; &#x1F600; >',
  ])('when "%s", then it is valid', (text) => {
    expect(validateSegmentText(text, TAGS)).toBeNull();
  });

  it.each([
    ['a < b', 'stray-lt', 2, '<'],
    ['a <b> c', 'unknown-markup', 2, '<b>'],
    ['a </em> c', 'unknown-markup', 2, '</em>'],
    ['a <g> c', 'unknown-markup', 2, '<g>'],
    ['a <g9>c</g9>', 'tag-not-in-source', 2, '<g9>'],
    ['a <g01>c</g01>', 'tag-not-in-source', 2, '<g01>'],
    ['a <x1/>', 'tag-kind', 2, '<x1/>'],
    ['a <g3>b</g3>', 'tag-kind', 2, '<g3>'],
    ['<g1>a<g2>b</g1></g2>', 'unexpected-close', 10, '</g1>'],
    ['a</g1>', 'unexpected-close', 1, '</g1>'],
    ['<g1>a <g2>b</g2>', 'unclosed', 0, '<g1>'],
    ['AT&T', 'bad-entity', 2, '&'],
    ['&nbsp;', 'bad-entity', 0, '&nbsp;'],
    ['&#xD800;', 'bad-entity', 0, '&#xD800;'],
    ['&#1;', 'bad-entity', 0, '&#1;'],
    ['&#99999999;', 'bad-entity', 0, '&#99999999;'],
    ['😀😀 <g9>', 'tag-not-in-source', 3, '<g9>'],
  ])('when "%s", then it reports %s at code point %i (%s)', (text, problem, position, markup) => {
    expect(validateSegmentText(text, TAGS)).toEqual({ problem, position, markup });
  });

  it('when the text was typed, then a stray "<" and a bare "&" are not faults, but markup meant as a tag is', () => {
    expect(validateSegmentText('Inflation is < 5% at AT&T', TAGS, { typed: true })).toBeNull();
    expect(validateSegmentText('a <b>c</b>', TAGS, { typed: true })).toMatchObject({ problem: 'unknown-markup', position: 2 });
    expect(validateSegmentText('a <g1>c', TAGS, { typed: true })).toMatchObject({ problem: 'unclosed', position: 2 });
  });

  it('when the text is long and full of "<" and "&", then validation stays linear', () => {
    const text = '<a'.repeat(100_000) + '&'.repeat(100_000);
    expect(validateSegmentText(text, TAGS, { typed: true })).toBeNull();
    expect(escapeTypedText(text)).toHaveLength(text.length + 3 * 100_000 + 4 * 100_000);
  });
});

describe('escapeTypedText', () => {
  it.each([
    ['Inflation is < 5%.', 'Inflation is &lt; 5%.'],
    ['AT&T', 'AT&amp;T'],
    ['&lt; &amp; &#65; stay', '&lt; &amp; &#65; stay'],
    ['&nbsp; &#0;', '&amp;nbsp; &amp;#0;'],
    ['<g1>a < b</g1> <x3/>', '<g1>a &lt; b</g1> <x3/>'],
    ['a > b', 'a > b'],
    ['<b> stays for validation to refuse', '<b> stays for validation to refuse'],
  ])('when "%s" is typed, then it becomes "%s"', (typed, stored) => {
    expect(escapeTypedText(typed)).toBe(stored);
  });

  it('for any typed text that typed validation accepts, the escaped form is valid segment text, and escaping is idempotent', () => {
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', ' ', '<', '>', '&', ';', '#', 'x', '1', 'g', '/', '😀'), maxLength: 8 }),
      fc.constantFrom('<g1>', '</g1>', '<g2>', '</g2>', '<x3/>', '&lt;', '&amp;', '&#60;', '&#0;', '&nbsp;'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (parts) => {
        const typed = parts.join('');
        const escaped = escapeTypedText(typed);
        expect(escapeTypedText(escaped)).toBe(escaped);
        if (validateSegmentText(typed, TAGS, { typed: true }) === null) expect(validateSegmentText(escaped, TAGS)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
