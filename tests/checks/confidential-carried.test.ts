import { describe, expect, it } from 'vitest';
import { confidentialCheck } from '../../src/checks/terminology.ts';
import type { CheckContext } from '../../src/core/ports/check.ts';
import { KO_EN } from './ctx.ts';

// CheckContext.carried: text readers see that the translation keeps from the source (an inline image's title).
const CTX: CheckContext = { ...KO_EN, confidential: [{ term: '김영수', render: 'a source' }] };
const SOURCE = '국경 사진 <x1/>을 함께 실었다.';

describe('confidential check on carried text', () => {
  it.each([
    ['a carried title without the name', ['국경 사진'], 'A photo of the border <x1/> ran with it.', null],
    ['no carried text', [], 'A photo of the border <x1/> ran with it.', null],
    [
      'a carried title with the name',
      ['김영수 촬영'],
      'A photo of the border <x1/> ran with it.',
      { leaked: ['김영수'], renderings: ['a source'], carried: ['김영수'] },
    ],
    [
      'the name in carried inline HTML with markup characters',
      ['<abbr title="김 영수">K</abbr> & co'],
      'A photo <x1/>.',
      { leaked: ['김영수'], renderings: ['a source'], carried: ['김영수'] },
    ],
    [
      'the name in the translation and in a carried title',
      ['김영수 촬영'],
      '김영수 took the photo <x1/>.',
      { leaked: ['김영수'], renderings: ['a source'], carried: ['김영수'] },
    ],
    ['the name in the translation only', [], '김영수 took the photo <x1/>.', { leaked: ['김영수'], renderings: ['a source'] }],
  ] as const)('when %s, then it reports %j', (_case, carried, target, detail) => {
    expect(confidentialCheck.run(SOURCE, target, { ...CTX, carried })).toEqual(detail);
  });

  it('when the term has no rendering, then carried text is no leak either', () => {
    expect(
      confidentialCheck.run(SOURCE, 'A photo <x1/>.', { ...KO_EN, confidential: [{ term: '김영수' }], carried: ['김영수'] }),
    ).toBeNull();
  });
});
