import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confidentialCheck } from '../../src/checks/terminology.ts';
import type { CheckContext, ConfidentialTerm } from '../../src/core/ports/check.ts';
import { strictT } from './strict-translate.ts';

// A confidential name the source holds must reach the target as its rendering (or, in a draft, its placeholder): a
// translation that drops it (neither the name, nor its rendering, nor a placeholder) fails the confidential check.

const ctx = (confidential: ConfidentialTerm[]): CheckContext => ({ sourceLocale: 'ko', targetLocale: 'en', confidential });
const KIM = { term: '김철민', render: 'a source', forms: ['Kim Chol-min'] };
const PARK = { term: '박영수', render: 'a smuggler' };

describe('confidential check: a dropped name', () => {
  it.each([
    ['the rendering is there', '김철민 씨는 말했다.', 'A source said.', [KIM], null],
    ['the rendering is there in other spacing and case', '김철민 씨는 말했다.', 'ASOURCE said.', [KIM], null],
    ['a placeholder stands for it', '김철민 씨는 말했다.', '<tdmc i="1"/> said.', [KIM], null],
    ['the source does not name it', '그는 말했다.', 'He said.', [KIM], null],
    ['the term has no rendering', '김철민 씨는 말했다.', 'He said.', [{ term: '김철민' }], null],
    [
      'it is dropped',
      '김철민 씨는 말했다.',
      'He said.',
      [KIM],
      { leaked: [], renderings: [], dropped: ['김철민'], droppedRenderings: ['a source'] },
    ],
    [
      'a listed form of it is in the source and it is dropped',
      'Kim Chol-min 씨는 말했다.',
      'He said.',
      [KIM],
      { leaked: [], renderings: [], dropped: ['김철민'], droppedRenderings: ['a source'] },
    ],
    [
      'one of two is dropped',
      '김철민 씨와 박영수 씨가 만났다.',
      'A source met someone.',
      [KIM, PARK],
      { leaked: [], renderings: [], dropped: ['박영수'], droppedRenderings: ['a smuggler'] },
    ],
    [
      'two are dropped and one placeholder is left',
      '김철민 씨와 박영수 씨가 만났다.',
      '<tdmc i="1"/> met someone.',
      [KIM, PARK],
      { leaked: [], renderings: [], dropped: ['김철민', '박영수'], droppedRenderings: ['a source', 'a smuggler'] },
    ],
    [
      'the rendering of another spelling of it is there (a term per script)',
      '김철민 씨는 말했다.',
      'A source said.',
      [
        { term: '김철민', render: '한 소식통' },
        { term: 'Kim Chol-min', render: 'a source' },
      ],
      null,
    ],
    [
      'one leaks and another is dropped',
      '김철민 씨와 박영수 씨가 만났다.',
      'Kim Chol-min met someone.',
      [KIM, PARK],
      { leaked: ['Kim Chol-min'], renderings: ['a source'], dropped: ['박영수'], droppedRenderings: ['a smuggler'] },
    ],
  ])('when %s, then the detail is %j', (_case, source, target, terms, detail) => {
    expect(confidentialCheck.run(source, target, ctx(terms))).toEqual(detail);
  });

  it('when a name is dropped, then the sentence names it and its rendering in English and Korean', () => {
    const detail = confidentialCheck.run('김철민 씨는 말했다.', 'He said.', ctx([KIM]))!;
    const en = confidentialCheck.describe(detail, strictT('en'));
    expect(en).toContain('“김철민”');
    expect(en).toContain('“a source”');
    const ko = confidentialCheck.describe(detail, strictT('ko'));
    expect(ko).toContain('김철민');
    expect(ko).toContain('a source');
    const both = confidentialCheck.describe(
      confidentialCheck.run('김철민 씨와 박영수 씨가 만났다.', 'Kim Chol-min met someone.', ctx([KIM, PARK]))!,
      strictT('en'),
    );
    expect(both).toContain('“Kim Chol-min”');
    expect(both).toContain('“박영수”');
  });

  // Hangul names and ASCII renderings, targets of ASCII words that never spell a rendering.
  const name = fc.string({ unit: fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c)), minLength: 2, maxLength: 4 });
  const rendering = fc.constantFrom('a source', 'a smuggler', 'an official', 'the witness');
  const words = fc.array(fc.constantFrom('he', 'said', 'met', 'someone', 'in', 'the', 'market', 'yesterday'), {
    minLength: 1,
    maxLength: 8,
  });

  it('when the source holds a name and the target holds neither it nor its rendering, then it is reported dropped (property)', () => {
    fc.assert(
      fc.property(name, rendering, words, (term, render, target) => {
        const detail = confidentialCheck.run(`${term} 씨가 말했다.`, `${target.join(' ')}.`, ctx([{ term, render }]));
        expect(detail).toEqual({ leaked: [], renderings: [], dropped: [term], droppedRenderings: [render] });
      }),
    );
  });

  it('when the target holds the rendering anywhere, in any case, then nothing is reported (property)', () => {
    fc.assert(
      fc.property(name, rendering, words, fc.nat(), fc.boolean(), (term, render, target, at, upper) => {
        const written = upper ? render.toUpperCase() : render;
        const text = [...target.slice(0, at % (target.length + 1)), written, ...target.slice(at % (target.length + 1))].join(' ');
        expect(confidentialCheck.run(`${term} 씨가 말했다.`, text, ctx([{ term, render }]))).toBeNull();
      }),
    );
  });
});
