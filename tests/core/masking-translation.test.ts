import { describe, expect, it } from 'vitest';
import { maskTerms, unmaskTranslation } from '../../src/core/masking.ts';

const TERMS = [{ term: '김철민', render: 'a defector' }, { term: '박영희' }];
// Source slots: c1 is the rendering of 김철민, c2 the name 박영희 itself (no rendering).
const { slots } = maskTerms('김철민씨와 박영희씨', TERMS);

describe('unmaskTranslation', () => {
  it.each([
    ['both placeholders', '<tdmc i="1"/> and <tdmc i="2"/>', 'a defector and 박영희'],
    ['the rendering written out for c1', 'A Defector and <tdmc i="2"/>', 'A Defector and 박영희'],
    ['c1 and the rendering again', '<tdmc i="1"/>, a defector, and <tdmc i="2"/>', 'a defector, a defector, and 박영희'],
  ])('when a translation holds %s, then it is intact', (_, text, restored) => {
    expect(unmaskTranslation(text, slots, TERMS)).toEqual({ text: restored, intact: true });
  });

  it.each([
    ['no trace of c1', 'Someone and <tdmc i="2"/>'],
    ['c2 written as the name (a name has no written form that may come back)', '<tdmc i="1"/> and 박영희'],
    ['c1 twice', '<tdmc i="1"/> and <tdmc i="1"/> <tdmc i="2"/>'],
    ['an unknown placeholder', 'a defector <tdmc i="2"/> <tdmc i="3"/>'],
  ])('when a translation holds %s, then it is not intact', (_, text) => {
    expect(unmaskTranslation(text, slots, TERMS).intact).toBe(false);
  });

  it('when the source holds the rendered term twice, then one written rendering answers one slot', () => {
    const two = maskTerms('김철민, 김철민', TERMS).slots;
    expect(unmaskTranslation('a defector, <tdmc i="2"/>', two, TERMS).intact).toBe(true);
    expect(unmaskTranslation('a defector', two, TERMS).intact).toBe(false);
    expect(unmaskTranslation('a defector and a defector', two, TERMS).intact).toBe(true);
  });
});
