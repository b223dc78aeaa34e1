import { describe, expect, it } from 'vitest';
import { findTerms, isAcronym, isParticleChain } from '../../src/core/glossary-match.ts';

// Real cases from North Korea coverage; `found` is the text the term matched, or null when it must not match.
const CASES: readonly { text: string; term: string; found: string | null; why: string }[] = [
  { text: '조선인민군은 훈련을 시작했다', term: '조선인민군', found: '조선인민군', why: 'topic particle 은' },
  { text: '조선인민군의 창건일', term: '조선인민군', found: '조선인민군', why: 'genitive 의' },
  { text: '장마당에서 쌀을 샀다', term: '장마당', found: '장마당', why: 'locative 에서' },
  { text: '장마당이라는 말', term: '장마당', found: '장마당', why: 'copula 이라는' },
  { text: '장마당에서는 달러가 통한다', term: '장마당', found: '장마당', why: '에서 + 는 chained' },
  { text: '탈북자들에게 물었다', term: '탈북자', found: '탈북자', why: 'plural 들 + 에게' },
  { text: '김정은은 말했다', term: '김정은', found: '김정은', why: '은 after a name ending in 은' },
  { text: '국무위원장인 김정은', term: '국무위원장', found: '국무위원장', why: 'copula 인 after a long term' },
  { text: '평양으로 향했다', term: '평양', found: '평양', why: 'directional 으로' },
  { text: '노동신문이 보도했다', term: '노동신문', found: '노동신문', why: 'subject 이' },
  { text: '“장마당”에서', term: '장마당', found: '장마당', why: 'quotes around the term' },
  { text: '<g1>장마당</g1>에서', term: '장마당', found: '장마당', why: 'inline tags around the term' },
  { text: '조선인민군 병사', term: '조선 인민군', found: '조선인민군', why: 'term spacing differs from text' },
  { text: '조선 인민군 병사', term: '조선인민군', found: null, why: 'text spacing where the term has none stays unmatched' },
  { text: '인민군이 진격했다', term: '인민', found: null, why: '인민 inside 인민군' },
  { text: '조선인민군', term: '인민군', found: null, why: 'term preceded by Hangul (inside a longer word)' },
  { text: '장마당이', term: '장마', found: null, why: '장마 (monsoon) inside 장마당' },
  { text: '북한이탈주민 지원', term: '북한', found: null, why: '북한 inside 북한이탈주민' },
  { text: '한국인 관광객', term: '한국', found: null, why: 'demonym 인 after a two-syllable place' },
  { text: '조선중앙통신에 따르면', term: '조선', found: null, why: '조선 inside 조선중앙통신' },
  { text: '인민들의 생활', term: '인민', found: '인민', why: 'plural 들 + 의' },
];

const OTHER_SCRIPTS: readonly { text: string; term: string; found: string | null; caseSensitive?: boolean; why: string }[] = [
  { text: '朝鲜人民军在边境', term: '朝鲜人民军', found: '朝鲜人民军', why: 'Chinese: no word boundaries, substring' },
  { text: '朝鮮人民軍は訓練を', term: '朝鮮人民軍', found: '朝鮮人民軍', why: 'Japanese: hiragana particle after kanji' },
  { text: 'アメリカンフットボール', term: 'アメリカ', found: null, why: 'katakana term inside a longer katakana word' },
  { text: 'アメリカは', term: 'アメリカ', found: 'アメリカ', why: 'katakana term before a particle' },
  { text: 'The Korean People’s Army said', term: 'Korean People’s Army', found: 'Korean People’s Army', why: 'English phrase' },
  { text: 'the korean people’s army', term: 'Korean People’s Army', found: 'korean people’s army', why: 'case-insensitive by default' },
  { text: 'the korean people’s army', term: 'Korean People’s Army', found: null, caseSensitive: true, why: 'case-sensitive entry' },
  { text: 'two missiles were fired', term: 'missile', found: 'missile', why: 'English plural' },
  { text: 'a missileer', term: 'missile', found: null, why: 'not inside a longer English word' },
  { text: 'UN총회에서', term: 'UN', found: 'UN', why: 'Latin term attached to Hangul' },
  { text: 'he told us', term: 'US', found: null, why: 'an acronym is case-sensitive by default' },
  { text: 'he told us', term: 'US', found: 'us', caseSensitive: false, why: 'unless the entry says otherwise' },
  { text: 'who knows', term: 'WHO', found: null, why: 'WHO is no who' },
  { text: 'the IT sector', term: 'IT', found: 'IT', why: 'acronym as written' },
  { text: 'COVID-19 cases', term: 'COVID-19', found: 'COVID-19', why: 'acronym with digits and a hyphen' },
  { text: 'g7 summit', term: 'G7', found: 'g7', why: 'one uppercase letter is no acronym' },
];

describe('findTerms', () => {
  it.each(CASES)('when Korean "$text" is searched for $term ($why), then it finds $found', ({ text, term, found }) => {
    const matches = findTerms(text, [{ term }]);
    expect(matches[0]?.text ?? null).toBe(found);
  });

  it.each(OTHER_SCRIPTS)('when "$text" is searched for $term ($why), then it finds $found', ({ text, term, found, caseSensitive }) => {
    const matches = findTerms(text, [{ term, caseSensitive }]);
    expect(matches[0]?.text ?? null).toBe(found);
  });

  it('when terms overlap, then the longest match wins and offsets point at the term', () => {
    const text = '朝鲜人民军和人民';
    const matches = findTerms(text, [{ term: '人民' }, { term: '朝鲜人民军' }]);
    expect(matches.map((m) => [m.term, m.start, m.end])).toEqual([
      ['朝鲜人民军', 0, 5],
      ['人民', 6, 8],
    ]);
  });

  it('when a term occurs twice, then both occurrences are returned in text order', () => {
    const matches = findTerms('장마당은 크다. 장마당에서 샀다.', [{ term: '장마당' }]);
    expect(matches.map((m) => m.start)).toEqual([0, 9]);
  });
});

describe('isParticleChain', () => {
  it.each(['', '은', '에서는', '이라는', '들에게', '으로부터', '이었다', '와의'])(
    'when the run is "%s", then it is a particle chain',
    (run) => {
      expect(isParticleChain(run)).toBe(true);
    },
  );
  it.each(['군', '당', '이탈주민', '중앙통신', '인민'])('when the run is "%s", then it is not', (run) => {
    expect(isParticleChain(run)).toBe(false);
  });
});

describe('isAcronym', () => {
  it.each([
    ['US', true],
    ['U.S.', true],
    ['WHO', true],
    ['AT&T', true],
    ['COVID-19', true],
    ['G7', false],
    ['Us', false],
    ['K-pop', false],
    ['NATO summit', false],
  ])('when the term is "%s", then it is %s', (term, expected) => {
    expect(isAcronym(term)).toBe(expected);
  });
});
