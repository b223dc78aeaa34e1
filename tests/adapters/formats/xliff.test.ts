import { xliff2js, xliff12ToJs } from 'xliff';
import { describe, expect, it } from 'vitest';
import { XLIFF_FORMATS, xliff12Format, xliff20Format, xliffFormats } from '../../../src/adapters/formats/index.ts';
import { FormatParseError } from '../../../src/core/errors.ts';
import type { XliffDocument, XliffFormat, XliffUnit } from '../../../src/core/ports/xliff-format.ts';

const UNITS: XliffUnit[] = [
  {
    id: 's-tags',
    source: '<g1>굵게</g1> <x2/> 그리고 <g3>바깥 <g4>안쪽</g4></g3> &amp; &lt;끝&gt;',
    target: '<g1>Bold</g1> <x2/> and <g3>outer <g4>inner</g4></g3> &amp; &lt;end&gt;',
    state: 'submitted',
    revision: 4,
    notes: ['glossary: 굵게 → bold', 'comment by kim, 2026-12-01: keep it short'],
  },
  {
    id: 's-masked',
    source: '<tdmc i="1"/>씨는 <tdmc i="2"/>에게 말했다.\n',
    target: '<tdmc i="1"/> told <tdmc i="2"/>.\n',
    state: 'draft',
    notes: ['confidential: c1, c2'],
  },
  { id: 's-new', source: '번역 없음', target: null, state: 'untranslated', notes: [] },
  { id: 's-ok', source: '승인됨', target: 'Approved', state: 'approved', notes: [] },
];

const DOC = (version: XliffDocument['version']): XliffDocument => ({
  version,
  sourceLocale: 'ko',
  targetLocale: 'en',
  files: [
    { slug: 'first-article', units: UNITS },
    { slug: 'second-article', units: [{ id: 's-other', source: '둘째', target: 'Second', state: 'draft', revision: 0, notes: [] }] },
  ],
});

const withoutLines = (doc: XliffDocument) => ({
  ...doc,
  files: doc.files.map((f) => ({ ...f, units: f.units.map(({ line: _line, ...u }) => u) })),
});

describe.each(XLIFF_FORMATS.map((f) => [f.version, f] as [string, XliffFormat]))('xliff %s format', (version, format) => {
  it('when a document is written and read back, then every text, tag, note and state comes back', async () => {
    const doc = DOC(format.version);
    const text = await format.serialize(doc);
    const read = await format.parse(text, 'round.xlf');
    expect(withoutLines(read)).toEqual(doc);
    // The reader that picks the version by the root reads it the same way.
    expect(withoutLines(await xliffFormats.parse(text))).toEqual(doc);
  });

  it('when a unit records its revision, then it is an attribute of the unit in Tandem namespace; a unit without has none', async () => {
    const text = await format.serialize(DOC(format.version));
    const unitName = version === '1.2' ? 'trans-unit' : 'unit';
    expect(text).toMatch(/<xliff [^>]*xmlns:tandem="urn:tandem:xliff"/);
    expect(text).toContain(`<${unitName} id="s-tags" tandem:revision="4">`);
    expect(text).toContain(`<${unitName} id="s-other" tandem:revision="0">`);
    expect(text).toMatch(new RegExp(`<${unitName} id="s-ok"( approved="yes")?>`));
  });

  it('when a revision is not a whole number, then reading fails naming the unit and its line', async () => {
    const text = (await format.serialize(DOC(format.version))).replace('tandem:revision="4"', 'tandem:revision="4a"');
    const line = text.split('\n').findIndex((l) => l.includes('tandem:revision="4a"')) + 1;
    await expect(format.parse(text, 'bad.xlf')).rejects.toThrow(`xliff: bad.xlf: line ${line}: unit "s-tags" has revision "4a"`);
  });

  it('when a document is read, then each unit knows the line of its start tag', async () => {
    const text = await format.serialize(DOC(format.version));
    const read = await format.parse(text);
    const lines = text.split('\n');
    for (const unit of read.files.flatMap((f) => f.units)) expect(lines[unit.line! - 1]).toContain(`id="${unit.id}"`);
  });

  it('when a unit has no id, then reading fails naming the element and its line', async () => {
    const text = (await format.serialize(DOC(format.version))).replace(/ id="s-new"/, '');
    const unitName = version === '1.2' ? 'trans-unit' : 'unit';
    const line = text.split('\n').findIndex((l) => l.trim() === `<${unitName}>`) + 1;
    const error = await format.parse(text, 'agency.xlf').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatParseError);
    expect((error as FormatParseError).message).toBe(`xliff: agency.xlf: line ${line}: <${unitName}> without id`);
    expect((error as FormatParseError).line).toBe(line);
  });

  it('when a unit id appears twice in a file, then reading fails naming it', async () => {
    const text = (await format.serialize(DOC(format.version))).replace('id="s-new"', 'id="s-ok"');
    await expect(format.parse(text)).rejects.toThrow(/id="s-ok"> appears twice/);
  });

  it('when the file is not well-formed, then the error says at which line', async () => {
    const text = (await format.serialize(DOC(format.version))).replace('</source>', '</sourc>');
    const error = (await format.parse(text, 'broken.xlf').catch((e: unknown) => e)) as FormatParseError;
    expect(error).toBeInstanceOf(FormatParseError);
    expect(error.message).toMatch(/^xliff: broken\.xlf: line \d+: not well-formed XML/);
    expect(error.line).toBeGreaterThan(1);
  });
});

describe('xliff inline elements and states as other tools see them', () => {
  it('when 1.2 is written, then tags are <g>/<x/>, names are protected <x/> and state is target state plus approved', async () => {
    const text = await xliff12Format.serialize(DOC('1.2'));
    expect(text).toContain('<source><g id="1">굵게</g> <x id="2"/> 그리고 <g id="3">바깥 <g id="4">안쪽</g></g> &amp; &lt;끝&gt;</source>');
    expect(text).toContain('<x id="c1" ctype="x-tandem-confidential" equiv-text="[confidential]"/>');
    expect(text).toMatch(/<target state="needs-review-translation"><g id="1">Bold<\/g>/);
    expect(text).toMatch(
      /<trans-unit id="s-ok" approved="yes">\s*<source>승인됨<\/source>\s*<target state="signed-off">Approved<\/target>/,
    );
    expect(text).toMatch(/<trans-unit id="s-new">\s*<source>번역 없음<\/source>\s*<\/trans-unit>/);
    expect(text).not.toContain('김');
  });

  it('when 2.0 is written, then tags are <pc>/<ph/> and state is the segment state with a subState where needed', async () => {
    const text = await xliff20Format.serialize(DOC('2.0'));
    expect(text).toContain(
      '<source><pc id="1">굵게</pc> <ph id="2"/> 그리고 <pc id="3">바깥 <pc id="4">안쪽</pc></pc> &amp; &lt;끝&gt;</source>',
    );
    expect(text).toContain('<ph id="c1" type="other" subType="tandem:confidential" disp="[confidential]" canDelete="no"/>');
    expect(text).toMatch(/<segment state="translated" subState="tandem:submitted">/);
    expect(text).toMatch(/<unit id="s-ok">\s*<segment state="final">/);
    expect(text).toMatch(/<unit id="s-new">\s*<segment state="initial">/);
  });

  it('when the xliff library reads the 2.0 export, then it finds the same texts and inline elements', async () => {
    const js = await xliff2js(await xliff20Format.serialize(DOC('2.0')));
    expect(js.sourceLanguage).toBe('ko');
    expect(js.targetLanguage).toBe('en');
    const unit = js.resources['first-article']!['s-ok']!;
    expect(unit).toMatchObject({ source: '승인됨', target: 'Approved' });
    const tags = js.resources['first-article']!['s-tags']!;
    expect(tags.target).toContainEqual({ Span: { id: '1', contents: 'Bold' } });
    expect(tags.target).toContainEqual({ Standalone: { id: '2' } });
  });

  it('when the xliff library reads the 1.2 export, then it finds <g> and <x/> as generic spans and standalones', async () => {
    const js = await xliff12ToJs(await xliff12Format.serialize(DOC('1.2')));
    const tags = js.resources['first-article']!['s-tags']!;
    expect(tags.source).toContainEqual({ GenericSpan: { id: '1', contents: '굵게' } });
    expect(tags.source).toContainEqual({ Standalone: { id: '2' } });
  });

  it.each([
    ['translated', undefined, 'draft'],
    ['needs-review-translation', undefined, 'submitted'],
    ['signed-off', 'yes', 'approved'],
    ['final', undefined, 'submitted'],
    ['needs-translation', undefined, 'draft'],
    ['translated', 'yes', 'approved'],
  ] as const)('when a 1.2 target has state %s and approved=%s, then it reads as %s', async (state, approved, expected) => {
    const xml =
      '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="ko" target-language="en" datatype="plaintext"><body>' +
      `<trans-unit id="s-1"${approved ? ` approved="${approved}"` : ''}><source>가</source><target state="${state}">A</target></trans-unit></body></file></xliff>`;
    const doc = await xliffFormats.parse(xml);
    expect(doc.files[0]!.units[0]!.state).toBe(expected);
  });

  it.each([
    ['initial', undefined, 'draft'],
    ['translated', undefined, 'submitted'],
    ['translated', 'tandem:draft', 'draft'],
    ['reviewed', undefined, 'approved'],
    ['final', undefined, 'approved'],
  ] as const)('when a 2.0 segment has state %s (subState %s), then it reads as %s', async (state, subState, expected) => {
    const xml =
      '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="ko" trgLang="en"><file id="a">' +
      `<unit id="s-1"><segment state="${state}"${subState ? ` subState="${subState}"` : ''}><source>가</source><target>A</target></segment></unit></file></xliff>`;
    const doc = await xliffFormats.parse(xml);
    expect(doc.files[0]!.units[0]!.state).toBe(expected);
  });

  it('when a tool binds Tandem namespace to its own prefix on the unit (as pofilter does), then the revision is still read', async () => {
    const xml =
      '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:other="urn:elsewhere"><file original="a" source-language="ko" target-language="en" datatype="plaintext"><body>' +
      '<trans-unit id="s-1" xmlns:ns3="urn:tandem:xliff" ns3:revision="7"><source>가</source><target>A</target></trans-unit>' +
      '<trans-unit id="s-2" other:revision="8"><source>나</source><target>B</target></trans-unit></body></file></xliff>';
    const [first, second] = (await xliffFormats.parse(xml)).files[0]!.units;
    expect(first!.revision).toBe(7);
    // Another namespace's attribute of the same name is not Tandem's.
    expect(second!.revision).toBeUndefined();
  });

  it('when a unit holds inline elements Tandem does not write, then it is read with the problem and not guessed at', async () => {
    const xml =
      '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="ko" target-language="en" datatype="plaintext"><body>' +
      '<trans-unit id="s-1"><source>가 <g id="1">나</g></source><target>A <bpt id="1">&lt;b&gt;</bpt>B<ept id="1">&lt;/b&gt;</ept></target></trans-unit>' +
      '<trans-unit id="s-2"><source>다</source><target>C <g id="x">D</g></target></trans-unit></body></file></xliff>';
    const [first, second] = (await xliffFormats.parse(xml)).files[0]!.units;
    expect(first!.problem).toBe('<bpt id="1">');
    expect(second!.problem).toBe('<g id="x">');
  });

  it('when a 2.0 unit has two segments, then it is read with the problem (the library would keep only the last)', async () => {
    const xml =
      '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="ko" trgLang="en"><file id="a">' +
      '<unit id="s-1"><segment><source>가.</source><target>A.</target></segment><segment><source>나.</source><target>B.</target></segment></unit></file></xliff>';
    const unit = (await xliffFormats.parse(xml)).files[0]!.units[0]!;
    expect(unit.problem).toBe('2 <segment> elements in one unit');
  });

  it.each([
    ['<tmx version="1.4"><body/></tmx>', /the root element is <tmx>, not <xliff>/],
    ['<xliff version="1.1"><file/></xliff>', /version "1.1"; Tandem reads XLIFF 1.2 and 2.0/],
    ['not xml at all', /no version|no <xliff>/],
    [
      '<xliff version="2.0" srcLang="ko"><file id="a"><unit id="u"><segment><source>a</source></segment></unit></file></xliff>',
      /names no target language/,
    ],
  ])('when the file is %s, then reading fails with a sentence saying why', async (xml, message) => {
    await expect(xliffFormats.parse(xml, 'bad.xlf')).rejects.toThrow(message);
    await expect(xliffFormats.parse(xml, 'bad.xlf')).rejects.toBeInstanceOf(FormatParseError);
  });
});
