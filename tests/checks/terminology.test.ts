import { describe, expect, it } from 'vitest';
import { confidentialCheck, glossaryCheck } from '../../src/checks/terminology.ts';
import type { CheckContext } from '../../src/core/ports/check.ts';

const CTX: CheckContext = {
  sourceLocale: 'ko',
  targetLocale: 'en',
  glossary: [
    { source: '조선인민군', target: 'Korean People’s Army', forbidden: ['North Korean Army', 'People’s Army'], note: 'official name' },
    { source: '장마당', target: 'jangmadang' },
    { source: '인민', target: 'people' },
  ],
  confidential: [
    { term: '김철수', render: 'a source in Hyesan', forms: ['Kim Chol Su', 'Kim Chol-su'] },
    { term: '혜산', render: undefined },
  ],
};

describe('glossary check', () => {
  it.each([
    ['조선인민군은 발표했다', 'The Korean People’s Army announced'],
    ['장마당에서 쌀을 샀다', 'They bought rice at the jangmadang'],
    ['인민군이 진격했다', 'The army advanced'],
    ['조선인민군의 성명', 'A statement of the korean people’s army'],
  ])('when "%s" → "%s", then it passes', (source, target) => {
    expect(glossaryCheck.run(source, target, CTX)).toBeNull();
  });

  it.each([
    [
      '조선인민군은 발표했다',
      'The North Korean Army announced',
      {
        missing: [{ term: '조선인민군', required: 'Korean People’s Army' }],
        forbidden: [{ term: '조선인민군', used: 'North Korean Army' }],
      },
    ],
    ['장마당이라는 곳', 'a place called the market', { missing: [{ term: '장마당', required: 'jangmadang' }], forbidden: [] }],
    [
      '조선인민군은',
      'The Korean People’s Army, the People’s Army',
      { missing: [], forbidden: [{ term: '조선인민군', used: 'People’s Army' }] },
    ],
  ])('when "%s" → "%s", then it reports %j', (source, target, detail) => {
    expect(glossaryCheck.run(source, target, CTX)).toEqual(detail);
  });
});

describe('glossary check with acronym renderings', () => {
  const ACRONYMS: CheckContext = {
    sourceLocale: 'ko',
    targetLocale: 'en',
    glossary: [
      { source: '미국', target: 'US' },
      { source: '유엔', target: 'UN' },
      { source: '세계보건기구', target: 'WHO' },
      { source: '정보기술', target: 'IT' },
      { source: '미합중국', target: 'U.S.' },
    ],
  };

  it.each([
    ['미국이 발표했다', 'The US announced'],
    ['유엔 안보리', 'the UN Security Council'],
    ['세계보건기구는', 'The WHO said'],
    ['정보기술 산업', 'the IT industry'],
    ['미합중국', 'the U.S. government'],
  ])('when "%s" → "%s", then it passes', (source, target) => {
    expect(glossaryCheck.run(source, target, ACRONYMS)).toBeNull();
  });

  it.each([
    ['미국이 우리에게 말했다', 'The Americans said to us', '미국', 'US'],
    ['유엔은', 'The un-named body', '유엔', 'UN'],
    ['세계보건기구는', 'Experts who said', '세계보건기구', 'WHO'],
    ['정보기술 산업', 'make it work', '정보기술', 'IT'],
    ['미합중국', 'the u.s. government', '미합중국', 'U.S.'],
  ])('when "%s" → "%s" has the acronym only in lowercase, then it is missing', (source, target, term, required) => {
    expect(glossaryCheck.run(source, target, ACRONYMS)).toEqual({ missing: [{ term, required }], forbidden: [] });
  });
});

describe('confidential check', () => {
  it.each([
    ['김철수 씨는 말했다', 'A source in Hyesan said'],
    ['혜산에서', 'in Hyesan'],
  ])('when "%s" → "%s", then it passes', (source, target) => {
    expect(confidentialCheck.run(source, target, CTX)).toBeNull();
  });

  it.each([
    ['김철수 씨는 말했다', '김철수 said', { leaked: ['김철수'], renderings: ['a source in Hyesan'] }],
    ['김철수 씨는 말했다', 'KIM CHOL-SU said', { leaked: ['Kim Chol-su'], renderings: ['a source in Hyesan'] }],
    ['김철수 씨는 말했다', 'Kim  Chol Su said', { leaked: ['Kim Chol Su'], renderings: ['a source in Hyesan'] }],
  ])('when "%s" → "%s", then it reports %j', (source, target, detail) => {
    expect(confidentialCheck.run(source, target, CTX)).toEqual(detail);
  });
});
