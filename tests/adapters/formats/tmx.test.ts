import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { tmxFormat } from '../../../src/adapters/formats/tmx.ts';
import { FormatParseError } from '../../../src/core/errors.ts';
import type { MemoryEntry } from '../../../src/core/ports/translation-memory-store.ts';

const fixture = (name: string) => readFile(new URL(`../../fixtures/tmx/${name}`, import.meta.url), 'utf8');

function entry(id: string, source: string, target: string, slug: string | null = null): MemoryEntry {
  return {
    id,
    sourceLocale: 'ko',
    targetLocale: 'en',
    source,
    target,
    slug,
    segmentId: null,
    approvedAt: '2024-01-22T00:00:00.000Z',
    approvedBy: 'kim',
    origin: 'approval',
  };
}

describe('tmx format', () => {
  it('when a file from another CAT tool is read, then units, languages, inline tags and escapes come through', async () => {
    const { units, tool } = await tmxFormat.parse(await fixture('other-tool.tmx'), 'other-tool.tmx');
    expect(tool).toBe('SDL Language Platform');
    expect(units).toHaveLength(4);
    const byKorean = new Map(units.map((u) => [u.variants['ko-KR'], u.variants]));
    expect(byKorean.get('조선인민군은 1월 22일 훈련을 시작했다.')).toEqual({
      'ko-KR': '조선인민군은 1월 22일 훈련을 시작했다.',
      'en-US': "The Korean People's Army began exercises on January 22.",
    });
    expect(byKorean.get('자세한 내용은 <g1>데일리NK</g1>를 참조하라.<x2/>')).toEqual({
      'ko-KR': '자세한 내용은 <g1>데일리NK</g1>를 참조하라.<x2/>',
      'en-US': 'See <g1>Daily NK</g1> for details.<x2/>',
      'ja-JP': '詳細は<g1>デイリーNK</g1>を参照。<x2/>',
    });
    // `ko-kr` in the file reads as ko-KR; `<hi>` keeps only its text.
    expect(byKorean.get('장마당에서 쌀값이 올랐다 &amp; 옥수수 값도 &lt;변동&gt;')).toEqual({
      'ko-KR': '장마당에서 쌀값이 올랐다 &amp; 옥수수 값도 &lt;변동&gt;',
      'zh-CN': '市场米价上涨 &amp; 玉米价格也&lt;波动&gt;',
    });
    // A unit with no Korean variant is read whole; the memory service skips it.
    expect(units.find((u) => u.variants['fr-FR'])?.variants).toEqual({ 'en-US': 'Only English here', 'fr-FR': 'Seulement en français' });
  });

  it.each([
    ['srclang="*all*"', 'srclang="*all*"'],
    ['srclang naming the target language', 'srclang="en"'],
    ['no srclang', ''],
  ])('when the header has %s, then every unit is read with all its variants, none dropped or merged', async (_label, srclang) => {
    // Units without tuid, two of them with the same English text: tmexchange alone would key them by the srclang text.
    const tu = (ko: string, en: string) => `<tu><tuv xml:lang="ko"><seg>${ko}</seg></tuv><tuv xml:lang="en"><seg>${en}</seg></tuv></tu>`;
    const xml = `<?xml version="1.0"?><tmx version="1.4"><header ${srclang} datatype="po" segtype="sentence" o-tmf="x" creationtool="t" creationtoolversion="1"/>
      <body>${tu('쌀값이 올랐다.', 'Rice got dearer.')}${tu('쌀값이 뛰었다.', 'Rice got dearer.')}
      <tu><tuv xml:lang="ko"><seg>한국어만</seg></tuv></tu></body></tmx>`;
    const { units } = await tmxFormat.parse(xml, 'mixed.tmx');
    expect(units.map((u) => u.variants)).toEqual([
      { ko: '쌀값이 올랐다.', en: 'Rice got dearer.' },
      { ko: '쌀값이 뛰었다.', en: 'Rice got dearer.' },
      { ko: '한국어만' },
    ]);
  });

  it('when a variant names no language, then the file is refused saying which tag', async () => {
    const xml = `<tmx version="1.4"><header srclang="ko" datatype="po" segtype="sentence" o-tmf="x"/>
      <body><tu><tuv xml:lang="ko"><seg>가</seg></tuv><tuv xml:lang="not a tag!"><seg>a</seg></tuv></tu></body></tmx>`;
    await expect(tmxFormat.parse(xml, 'bad-lang.tmx')).rejects.toThrow(/xml:lang="not a tag!" is not a language tag/);
  });

  it('when a tag is not closed, then the file is refused with the line and reason', async () => {
    const error = await tmxFormat.parse(await fixture('malformed.tmx'), 'malformed.tmx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatParseError);
    expect((error as FormatParseError).line).toBe(7);
    expect((error as Error).message).toMatch(/^tmx: malformed\.tmx: line 7: not well-formed XML: Unexpected close tag/);
  });

  it('when the header has no srclang, then the file is read (the source is chosen per unit by the memory)', async () => {
    expect((await tmxFormat.parse(await fixture('no-srclang.tmx'), 'no-srclang.tmx')).units).toEqual([]);
  });

  it.each([
    ['plain text', 'hello', /no <tmx> element/],
    ['a header without o-tmf', '<tmx version="1.4b"><header srclang="ko" datatype="x" segtype="sentence"/><body/></tmx>', /o-tmf/],
  ])('when the input is %s, then it is refused', async (_label, text, reason) => {
    await expect(tmxFormat.parse(text)).rejects.toThrow(reason);
  });

  it('when entries are written and read back, then texts, tags, escapes and article slugs round-trip', async () => {
    const entries = [
      entry(
        'tm-1',
        '<g1>조선인민군</g1>은 훈련을<x2/> 시작했다 &amp; &lt;끝&gt;',
        'The <g1>Korean People’s Army</g1> began<x2/> exercises &amp; &lt;end&gt;',
        'kpa-exercise',
      ),
      entry('tm-2', '장마당에서', 'at the jangmadang'),
    ];
    const xml = await tmxFormat.serialize(entries, 'ko');
    expect(xml).toContain('<tmx version="1.4b">');
    expect(xml).toContain('<bpt i="1" x="1">&lt;g1&gt;</bpt>');
    expect(xml).toContain('<ph x="2">&lt;x2/&gt;</ph>');
    expect(xml).toContain('<prop type="group">kpa-exercise</prop>');
    const { units } = await tmxFormat.parse(xml);
    expect(units).toEqual(
      expect.arrayContaining([
        { variants: { ko: entries[0]!.source, en: entries[0]!.target }, slug: 'kpa-exercise' },
        { variants: { ko: entries[1]!.source, en: entries[1]!.target }, slug: null },
      ]),
    );
    expect(units).toHaveLength(2);
  });
});
