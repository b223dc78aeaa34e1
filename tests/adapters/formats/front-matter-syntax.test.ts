import { describe, expect, it } from 'vitest';
import { MarkdownFormat, markdownRebuilder } from '../../../src/adapters/formats/index.ts';
import { FormatParseError } from '../../../src/core/errors.ts';
import { splitFrontMatterBlock } from '../../../src/core/front-matter-syntax.ts';
import { splitFrontMatter } from '../../../src/core/publication.ts';
import { publishedFrontMatter } from '../../../src/services/reader-items.ts';

const TOML = `+++
title = "포로 송환"
date = 2026-12-01
publishDate = 2026-12-01T09:00:00+09:00
tags = ["북한", "포로"]

[params]
byline = "한지우 기자"
+++

본문이다.
`;

const JSON_MD = `{
  "title": "포로 송환",
  "date": "2026-12-01",
  "tags": ["북한"]
}

본문이다.
`;

describe('TOML and JSON front matter', () => {
  it('when an article has TOML front matter, then its keys are read and its title is a segment', () => {
    const parsed = MarkdownFormat.parse(TOML, 'a.md');
    expect(parsed.frontMatter).toMatchObject({ title: '포로 송환', tags: ['북한', '포로'], params: { byline: '한지우 기자' } });
    expect(parsed.frontMatter.date).toBeInstanceOf(Date);
    expect(parsed.segments.map((s) => [s.kind, s.source])).toEqual([
      ['title', '포로 송환'],
      ['tag', '북한'],
      ['tag', '포로'],
      ['paragraph', '본문이다.'],
    ]);
  });

  it('when a TOML article is published, then the file keeps +++ front matter with unquoted dates and the new keys', () => {
    const parsed = MarkdownFormat.parse(TOML, 'a.md');
    const out = markdownRebuilder.rebuild(parsed.document, ['Repatriation', 'North Korea', 'POWs', 'The body.'], {
      translationOf: 'ko/a',
      version: 2,
    });
    expect(out).toBe(`+++
title = "Repatriation"
date = 2026-12-01
publishDate = 2026-12-01T09:00:00.000+09:00
tags = [ "North Korea", "POWs" ]
translationOf = "ko/a"
version = 2

[params]
byline = "한지우 기자"
+++

The body.
`);
  });

  it('when a JSON article is published, then the file keeps JSON front matter', () => {
    const parsed = MarkdownFormat.parse(JSON_MD, 'a.md');
    expect(parsed.frontMatter).toEqual({ title: '포로 송환', date: '2026-12-01', tags: ['북한'] });
    const out = markdownRebuilder.rebuild(parsed.document, ['Repatriation', 'North Korea', 'The body.'], { version: 1 });
    expect(JSON.parse(splitFrontMatter(out).frontMatter)).toEqual({
      title: 'Repatriation',
      date: '2026-12-01',
      tags: ['North Korea'],
      version: 1,
    });
    expect(out.startsWith('{\n')).toBe(true);
    expect(splitFrontMatter(out).body).toBe('\nThe body.\n');
  });

  it.each([
    ['TOML', '+++\ntitle = "a"\ndate = \n+++\n\n본문.\n', 3, /TOML between the \+\+\+ lines/],
    ['JSON', '{\n  "title": "a",\n}\n\n본문.\n', 3, /JSON object/],
    ['unclosed TOML', '+++\ntitle = "a"\n\n본문.\n', 1, /never closes it; end the front matter with a \+\+\+ line/],
  ])('when %s front matter is broken, then import names the file and the line', (_name, md, line, message) => {
    const error = (() => {
      try {
        MarkdownFormat.parse(md, 'bad.md');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(FormatParseError);
    expect((error as FormatParseError).message).toMatch(message);
    expect((error as FormatParseError).message).toContain('bad.md');
    expect((error as FormatParseError).message).toContain(`line ${line}`);
  });

  it('when the reader reads a published TOML or JSON file, then it gets the front matter and the body apart', () => {
    const toml = splitFrontMatterBlock(markdownRebuilder.rebuild(MarkdownFormat.parse(TOML).document, ['T', 'N', 'P', 'B.']));
    expect(toml.syntax).toBe('toml');
    expect(publishedFrontMatter(toml.text, toml.syntax)).toMatchObject({ title: 'T', params: { byline: '한지우 기자' } });
    expect(toml.body).toBe('\nB.\n');
    const json = splitFrontMatterBlock(MarkdownFormat.parse(JSON_MD).document);
    expect(publishedFrontMatter(json.text, json.syntax)).toMatchObject({ title: '포로 송환' });
  });
});
