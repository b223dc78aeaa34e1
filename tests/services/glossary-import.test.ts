import { describe, expect, it } from 'vitest';
import { InMemoryMtStore } from '../../src/adapters/storage/in-memory/mt-store.ts';
import { ValidationError } from '../../src/core/errors.ts';
import { glossaryEntries, GlossaryService, normaliseTerm, parseGlossaryFile } from '../../src/services/glossary.ts';

const parsed = (csv: string) => parseGlossaryFile(csv, 'terms.csv');
const refusal = (csv: string): ValidationError => {
  try {
    parsed(csv);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the file to be refused');
};

describe('glossary import normalises terms', () => {
  it.each([
    ['an ideographic space U+3000 inside a term', '북한\u3000군,North\u3000Korean army', '북한 군', 'North Korean army'],
    ['ideographic spaces at both ends', '\u3000장마당\u3000,\u3000jangmadang\u3000', '장마당', 'jangmadang'],
    ['a zero-width space U+200B inside a term', '장\u200B마당,jang\u200Bmadang', '장마당', 'jangmadang'],
    ['a soft hyphen, a word joiner and a left-to-right mark', '합\u00AD참\u2060,\u200EJCS', '합참', 'JCS'],
    ['a Hangul filler U+3164 and a variation selector', '평양\u3164,Pyongyang\uFE00', '평양', 'Pyongyang'],
    ['decomposed Hangul (NFD)', `${'장마당'.normalize('NFD')},market`, '장마당', 'market'],
    ['runs of spaces and no-break spaces', 'Kim  Jong\u00A0\u00A0Un,김정은', 'Kim Jong Un', '김정은'],
  ])('when a term has %s, then it is stored normalised', (_what, line, source, target) => {
    const { entries } = parsed(`${line}\n`);
    expect(Object.entries(entries)).toEqual([[source, target]]);
  });

  it('when a forbidden rendering has invisible characters, then it is normalised too', () => {
    const { details } = parsed("source,target,forbidden\n조선인민군,Korean People's Army,North\u200B Korean\u3000Army\n");
    expect(details.조선인민군).toEqual({ forbidden: ['North Korean Army'] });
  });

  it.each([
    ['an empty source term', 'a,b\nc,d\ne,f\ng,h\ni,j\nk,l\n,m\n', 'glossary: terms.csv line 7: the source term is empty'],
    ['an empty target term', '장마당,\n', 'glossary: terms.csv line 1: the target term is empty'],
    ['a source of ignorables only', '\u200B\u2060,x\n', 'glossary: terms.csv line 1: the source term is empty'],
    ['a target of white space only', '장마당,\u3000 \u00A0\n', 'glossary: terms.csv line 1: the target term is empty'],
    ['a tab inside a term', '"장\tmadang",x\n', 'line 1: the source term contains a tab (U+0009), which a glossary cannot hold'],
    ['a line break inside a term', 'x,"jang\nmadang"\n', 'line 1: the target term contains a line break (U+000A)'],
    ['a control character inside a term', '장\u0007마당,x\n', 'line 1: the source term contains a control character (U+0007)'],
    ['a C1 control character inside a term', 'x,y\u0085z\n', 'line 1: the target term contains a control character (U+0085)'],
    ['a line separator U+2028 inside a term', 'x\u2028y,z\n', 'line 1: the source term contains a line break (U+2028)'],
    [
      'a control character in a forbidden rendering',
      'source,target,forbidden\nx,y,a|b\u0001c\n',
      'line 2: a forbidden rendering contains a control character (U+0001)',
    ],
    [
      'the same source twice once normalised',
      'header,x\n북한,North Korea\n북\u200B한,DPRK\n',
      'line 3: the source term "북한" is already on line 2',
    ],
    [
      'the same source twice with the same target',
      '장마당,jangmadang\n장마당\u3000,jangmadang\n',
      'line 2: the source term "장마당" is already on line 1',
    ],
  ])('when a line has %s, then the import is refused naming the line', (_what, csv, message) => {
    const error = refusal(csv);
    expect(error.message).toContain(message);
    expect(error.message).toContain('Nothing was imported');
  });

  it('when several lines are bad, then every one is named in one error', () => {
    const error = refusal('장마당,jangmadang\n,x\n합참,\n평양\t,Pyongyang\n');
    expect(error.details).toEqual(['terms.csv line 2: the source term is empty', 'terms.csv line 3: the target term is empty']);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('when normaliseTerm meets a tab at the edge, then it is trimmed like any white space', () => {
    expect(normaliseTerm('\t장마당 ')).toEqual({ term: '장마당' });
  });
});

describe('glossary import stores only what it was asked to', () => {
  const setup = () => {
    const mt = new InMemoryMtStore();
    return { mt, glossary: new GlossaryService({ settings: mt.settings, now: () => new Date('2026-03-01T00:00:00Z') }) };
  };

  it('when a bad line is refused through the service, then the pair keeps its earlier glossary', async () => {
    const { glossary } = setup();
    await glossary.import({ from: 'ko', to: 'en', entries: { 장마당: 'jangmadang' } });
    await expect(glossary.import({ from: 'ko', to: 'en', entries: { 북한: 'North Korea', '북\u200B한': 'DPRK' } })).rejects.toThrow(
      'the source term "북한" is given twice once normalised',
    );
    await expect(glossary.import({ from: 'ko', to: 'en', entries: { 'a\tb': 'x' } })).rejects.toBeInstanceOf(ValidationError);
    expect(await glossary.terms('ko', 'en')).toEqual([{ source: '장마당', target: 'jangmadang' }]);
  });

  it.each([
    ['an empty file', ''],
    ['a header only', 'source,target\n'],
    ['blank lines only', '\n \n,\n'],
  ])('when %s is imported without --replace, then the glossary is left as it is', async (_what, csv) => {
    const { glossary } = setup();
    await glossary.import({ from: 'ko', to: 'en', entries: { 장마당: 'jangmadang' } });
    const { entries, details } = parseGlossaryFile(csv, 'empty.csv');
    await expect(glossary.import({ from: 'ko', to: 'en', entries, details })).rejects.toThrow(
      'glossary: no entries to import; the ko → en glossary was left as it is. To empty it, import with --replace',
    );
    await expect(glossary.import({ from: 'ko', to: 'en', entries, details, merge: true })).rejects.toBeInstanceOf(ValidationError);
    expect(await glossary.terms('ko', 'en')).toEqual([{ source: '장마당', target: 'jangmadang' }]);

    await glossary.import({ from: 'ko', to: 'en', entries, details, replace: true });
    expect(await glossary.get('ko', 'en')).toBeNull();
  });

  it('when --merge and --replace are both given, then the import is refused', async () => {
    const { glossary } = setup();
    await expect(glossary.import({ from: 'ko', to: 'en', entries: { a: 'b' }, merge: true, replace: true })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('when terms are named __proto__, constructor and toString, then they are ordinary terms through parse, store, merge and listing', async () => {
    const { glossary } = setup();
    const file = parsed('source,target,note\n__proto__,proto-term,a note\nconstructor,builder,\ntoString,to-string,\n');
    expect(Object.keys(file.entries)).toEqual(['__proto__', 'constructor', 'toString']);
    await glossary.import({ from: 'ko', to: 'en', ...file });
    await glossary.import({ from: 'ko', to: 'en', entries: { hasOwnProperty: 'own' }, merge: true });

    const record = await glossary.get('ko', 'en');
    expect(Object.entries(record!.entries)).toEqual([
      ['__proto__', 'proto-term'],
      ['constructor', 'builder'],
      ['toString', 'to-string'],
      ['hasOwnProperty', 'own'],
    ]);
    expect(glossaryEntries(record)).toEqual([
      { source: '__proto__', target: 'proto-term', note: 'a note' },
      { source: 'constructor', target: 'builder' },
      { source: 'toString', target: 'to-string' },
      { source: 'hasOwnProperty', target: 'own' },
    ]);
    expect(Object.getPrototypeOf(record!.entries)).not.toBe('proto-term');
  });
});
