import { describe, expect, it } from 'vitest';
import { maskTerms, termsIn, unmaskTerms } from '../../src/core/masking.ts';
import { foldForComparison } from '../../src/core/segment-text.ts';

const terms = [{ term: '김철민' }, { term: 'Kim', render: 'a source' }];

// One of each kind the issue names, and the rest of the classes the segment-text definition covers.
const IGNORABLES = [
  ['LRM', '\u200E'],
  ['RLM', '\u200F'],
  ['invisible separator', '\u2063'],
  ['combining grapheme joiner', '\u034F'],
  ['Hangul filler', '\u3164'],
  ['Hangul choseong filler', '\u115F'],
  ['Hangul jungseong filler', '\u1160'],
  ['halfwidth Hangul filler', '\uFFA0'],
  ['variation selector', '\uFE00'],
  ['variation selector supplement', '\u{E0100}'],
  ['soft hyphen', '\u00AD'],
  ['ZWSP', '\u200B'],
  ['ZWNJ', '\u200C'],
  ['ZWJ', '\u200D'],
  ['word joiner', '\u2060'],
  ['BOM', '\uFEFF'],
  ['ALM', '\u061C'],
  ['RLO', '\u202E'],
  ['FSI', '\u2068'],
  ['tag character', '\u{E0041}'],
] as const;

describe('maskTerms with invisible characters', () => {
  it.each(IGNORABLES)('when a %s sits inside the name, then the name is masked', (_label, ch) => {
    for (const text of [`김${ch}철민씨는`, `김철${ch}민씨는`, `K${ch}im said`, `Ki${ch}m said`]) {
      const { masked } = maskTerms(text, terms);
      expect(masked).toMatch(/^<tdmc i="1"\/>/);
      expect(foldForComparison(masked)).not.toMatch(/김철민|kim/);
    }
  });

  it.each([
    ['ＫＩＭ said', '<tdmc i="1"/> said'],
    ['kim said', '<tdmc i="1"/> said'],
    ['KiM said', '<tdmc i="1"/> said'],
    ['ｋｉｍ\u200B said', '<tdmc i="1"/>\u200B said'],
  ])('when the Latin name is written %j, then it is masked as %j', (text, masked) => {
    expect(maskTerms(text, terms).masked).toBe(masked);
  });

  it('when an ignorable follows the name, then it stays outside the placeholder and the name comes back as found', () => {
    const { masked, slots } = maskTerms('김\u200E철민\u200B은', [{ term: '김철민' }]);
    expect(masked).toBe('<tdmc i="1"/>\u200B은');
    expect(unmaskTerms(masked, slots).text).toBe('김\u200E철민\u200B은');
  });

  it('when a combining grapheme joiner splits a letter from its accent, then the composed name still matches', () => {
    expect(maskTerms('Jose\u034F\u0301 said', [{ term: 'José' }]).masked).toBe('<tdmc i="1"/> said');
  });

  it('when an ampersand is in the name, then the escaped segment text still matches', () => {
    expect(maskTerms('AT&amp;T 직원', [{ term: 'AT&T' }]).masked).toBe('<tdmc i="1"/> 직원');
  });

  it.each([32_000, 128_000])('when a name is followed by %i zero-width spaces, then masking finishes and is right', (n) => {
    const text = `김철민${'\u200B'.repeat(n)}씨`;
    const { masked, slots } = maskTerms(text, terms);
    expect(masked).toBe(`<tdmc i="1"/>${'\u200B'.repeat(n)}씨`);
    expect(slots).toEqual(['김철민']);
  });

  it('when a long text holds many partial names, then every full one is masked and no partial one', () => {
    const text = `${'김철 '.repeat(20_000)}김\u200B철민`;
    const { masked, slots } = maskTerms(text, terms);
    expect(slots).toEqual(['김\u200B철민']);
    expect(masked.endsWith('<tdmc i="1"/>')).toBe(true);
  });
});

describe('termsIn', () => {
  it('when the text holds a term in any form, then that term is listed once', () => {
    expect(termsIn('ＫＩＭ and k\u200Bim, 김 철민', terms)).toEqual(terms);
    expect(termsIn('Kimchi', [{ term: 'Kim' }])).toEqual([{ term: 'Kim' }]);
    expect(termsIn('nothing here', terms)).toEqual([]);
  });
});
