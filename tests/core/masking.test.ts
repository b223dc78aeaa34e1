import { describe, expect, it } from 'vitest';
import { formEncodedLength, planBatches } from '../../src/core/batching.ts';
import { maskTerms, unmaskTerms } from '../../src/core/masking.ts';

const terms = [{ term: '김철민' }, { term: 'Kim Chol-min', render: 'a source' }];

describe('maskTerms', () => {
  it.each([
    ['김철민씨는 말했다', '<tdmc i="1"/>씨는 말했다'],
    ['탈북민김철민의 증언', '탈북민<tdmc i="1"/>의 증언'],
    ['김 철민이', '<tdmc i="1"/>이'],
    ['김\u200B철민', '<tdmc i="1"/>'],
    [`${'김철민'.normalize('NFD')}은`, '<tdmc i="1"/>은'],
    ['<g1>김</g1>철민', '<g1><tdmc i="1"/></g1>'],
    ['KIM CHOL-MIN said', '<tdmc i="1"/> said'],
  ])('when the text is %j, then it is sent as %j', (text, masked) => {
    const result = maskTerms(text, terms);
    expect(result.masked).toBe(masked);
    expect(result.masked).not.toMatch(/김|철민/);
  });

  it('when the draft comes back, then placeholders become the term or its rendering', () => {
    const { masked, slots } = maskTerms('김철민씨와 Kim Chol-min', terms);
    expect(unmaskTerms(masked, slots)).toEqual({ text: '김철민씨와 a source', intact: true });
    expect(unmaskTerms('<tdmc i="1"/>', slots).intact).toBe(false);
  });

  it.each([
    ['<tdmc i="1"/> met <tdmc i="9"/>.', { text: '김철민 met <tdmc i="9"/>. <tdmc i="2"/>', intact: false }],
    ['Nobody was named.', { text: 'Nobody was named. <tdmc i="1"/> <tdmc i="2"/>', intact: false }],
    ['<tdmc i="2"/> and <tdmc i="1"/>', { text: 'a source and 김철민', intact: true }],
  ])('when the draft %j comes back, then a placeholder that cannot be put back stays visible', (draft, expected) => {
    expect(unmaskTerms(draft, ['김철민', 'a source'])).toEqual(expected);
  });
});

describe('planBatches', () => {
  it('when texts exceed 50 or the byte budget, then batches are split', () => {
    const texts = Array.from({ length: 120 }, (_, i) => `문장 ${i}`);
    expect(planBatches(texts, (t) => t, { maxTexts: 50, maxTextBytes: 1e9 }).map((b) => b.length)).toEqual([50, 50, 20]);
    const long = '가'.repeat(1000);
    expect(formEncodedLength(long)).toBe(9000);
    expect(planBatches([long, long, long], (t) => t, { maxTexts: 50, maxTextBytes: 19000 }).map((b) => b.length)).toEqual([2, 1]);
  });
});
