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
    const bySource = new Map(units.map((u) => [u.source, u]));
    expect(bySource.get('조선인민군은 1월 22일 훈련을 시작했다.')).toMatchObject({
      sourceLocale: 'ko-KR',
      targets: { 'en-US': "The Korean People's Army began exercises on January 22." },
    });
    const link = units.find((u) => u.source.startsWith('자세한'));
    expect(link?.source).toBe('자세한 내용은 <g1>데일리NK</g1>를 참조하라.<x2/>');
    expect(link?.targets).toEqual({
      'en-US': 'See <g1>Daily NK</g1> for details.<x2/>',
      'ja-JP': '詳細は<g1>デイリーNK</g1>を参照。<x2/>',
    });
    const market = units.find((u) => u.source.startsWith('장마당'));
    expect(market?.source).toBe('장마당에서 쌀값이 올랐다 &amp; 옥수수 값도 &lt;변동&gt;');
    expect(market?.targets).toEqual({ 'zh-CN': '市场米价上涨 &amp; 玉米价格也&lt;波动&gt;' });
    // A unit with no Korean variant comes back without a source; the memory service skips it.
    expect(units.find((u) => u.targets['fr-FR'])?.source).toBe('');
  });

  it('when a tag is not closed, then the file is refused with the line and reason', async () => {
    const error = await tmxFormat.parse(await fixture('malformed.tmx'), 'malformed.tmx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatParseError);
    expect((error as FormatParseError).line).toBe(7);
    expect((error as Error).message).toMatch(/^tmx: malformed\.tmx: line 7: not well-formed XML: Unexpected close tag/);
  });

  it.each([['no-srclang.tmx', 4, /srclang/]])('when %s is read, then it is refused at line %i', async (name, line, reason) => {
    const error = await tmxFormat.parse(await fixture(name), name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatParseError);
    expect((error as FormatParseError).line).toBe(line);
    expect((error as Error).message).toMatch(reason);
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
        { sourceLocale: 'ko', source: entries[0]!.source, targets: { en: entries[0]!.target }, slug: 'kpa-exercise' },
        { sourceLocale: 'ko', source: entries[1]!.source, targets: { en: entries[1]!.target }, slug: null },
      ]),
    );
    expect(units).toHaveLength(2);
  });
});
