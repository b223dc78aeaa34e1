import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.ts';
import { confidentialCheck, glossaryCheck } from '../../src/checks/terminology.ts';
import { findTerms } from '../../src/core/glossary-match.ts';
import type { CheckContext } from '../../src/core/ports/check.ts';
import { runChecks } from '../../src/services/checks.ts';

const CTX: CheckContext = {
  sourceLocale: 'ko',
  targetLocale: 'en',
  glossary: [
    { source: '장마당', target: 'jangmadang' },
    { source: '조선인민군', target: 'Korean People’s Army' },
  ],
  confidential: [
    { term: '김철민', render: 'a source' },
    { term: 'Kim', render: 'a source' },
  ],
};

const INVISIBLES = ['\u200B', '\u200E', '\u200F', '\u2063', '\u034F', '\u3164', '\uFE00', '\u00AD', '\u2060', '\uFEFF'];

describe('every check sees text without invisible characters', () => {
  it.each(INVISIBLES.map((ch) => [`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, ch]))(
    'when %s follows 했다., then no check fails on a good translation',
    (_label, ch) => {
      expect(runChecks(CHECKS, `그는 장마당에 갔다고 했다.${ch}`, `He said he went to the jangmadang.`, CTX)).toEqual([]);
      expect(runChecks(CHECKS, '그는 장마당에 갔다고 했다.', `He said he went to the jangmadang.${ch}`, CTX)).toEqual([]);
    },
  );

  it('when a zero-width space follows 했다., then the end-punctuation check does not warn', () => {
    expect(runChecks(CHECKS, '회의가 열렸다고 했다.\u200B', 'The meeting opened, he said.', CTX)).toEqual([]);
  });

  it('when a real end-punctuation fault has invisible characters around it, then it is still reported', () => {
    expect(runChecks(CHECKS, '회의가 열렸나?\u200B', 'The meeting opened.\u200B', CTX)).toEqual([
      { checkId: 'end-punctuation', severity: 'warning', detail: { source: '?', target: '.' } },
    ]);
  });
});

describe('glossary matching with invisible characters', () => {
  it.each(INVISIBLES)('when U+%s sits inside a glossary term, then the term is still found', (ch) => {
    const text = `장${ch}마당에서 쌀을 샀다`;
    expect(findTerms(text, [{ term: '장마당' }])).toEqual([
      { index: 0, term: '장마당', start: 0, end: 3 + ch.length, text: `장${ch}마당` },
    ]);
    expect(glossaryCheck.run(text, 'They bought rice at the market', CTX)).toEqual({
      missing: [{ term: '장마당', required: 'jangmadang' }],
      forbidden: [],
    });
  });

  it('when an invisible character sits between a term and its particle or inside the target rendering, then both are found', () => {
    expect(findTerms('장마당\u200B에서', [{ term: '장마당' }]).map((m) => m.text)).toEqual(['장마당']);
    expect(glossaryCheck.run('장마당에서', 'at the jang\u00ADmadang', CTX)).toBeNull();
  });

  it('when the glossary term itself holds a zero-width space, then it matches the visible term', () => {
    expect(findTerms('장마당에서', [{ term: '장\u200B마당' }]).map((m) => m.text)).toEqual(['장마당']);
  });

  it('when an invisible character splits an English term, then it is still one word', () => {
    expect(findTerms('the Korean Peo\u200Bple’s Army said', [{ term: 'Korean People’s Army' }]).map((m) => m.start)).toEqual([4]);
  });
});

describe('confidential check with invisible characters and compatibility forms', () => {
  it.each([
    ['김\u200E철민 said', ['김철민']],
    ['김\u3164철민 said', ['김철민']],
    ['김철\uFE00민 said', ['김철민']],
    ['ＫＩＭ said', ['Kim']],
    ['kim said', ['Kim']],
    ['K\u00ADIM said', ['Kim']],
  ])('when the translation is %j, then it reports %j as leaked', (target, leaked) => {
    expect(confidentialCheck.run('김철민 씨는 말했다', target, CTX)).toEqual({ leaked, renderings: ['a source'] });
    expect(runChecks(CHECKS, '김철민 씨는 말했다', target, CTX).find((r) => r.checkId === 'confidential')?.detail).toEqual({
      leaked,
      renderings: ['a source'],
    });
  });

  it('when the translation uses the rendering only, then it passes', () => {
    expect(confidentialCheck.run('김철민 씨는 말했다', 'A source said', CTX)).toBeNull();
  });
});
