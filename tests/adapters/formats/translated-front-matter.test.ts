import { describe, expect, it } from 'vitest';
import { createMarkdownFormat, createMarkdownRebuilder, MarkdownFormat } from '../../../src/adapters/formats/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { ConfigError } from '../../../src/core/errors.ts';

const ARTICLE = `---
title: 포로 송환 협상
summary: 3년 만의 협상
author: 한지우 기자
tags: [북한, 포로]
categories: [정치]
params:
  byline: 한지우 기자
slug: pow-talks
---

[통일부](https://unikorea.go.kr "통일부 누리집") 발표 ![협상장](a.jpg) 참고.
`;

describe('what readers see is translatable', () => {
  it('when an article has a byline, tags, categories, a summary, a link title and an inline image, then each is a segment', () => {
    expect(MarkdownFormat.parse(ARTICLE).segments.map((s) => [s.kind, s.source])).toEqual([
      ['title', '포로 송환 협상'],
      ['summary', '3년 만의 협상'],
      ['byline', '한지우 기자'],
      ['tag', '북한'],
      ['tag', '포로'],
      ['tag', '정치'],
      ['paragraph', '<g1>통일부</g1> 발표 <x2/> 참고.'],
      ['link-title', '통일부 누리집'],
      ['image-alt', '협상장'],
    ]);
  });

  it('when the English page is rebuilt, then it says "By Han Ji-woo" with English tags, link title and alt text', () => {
    const parsed = MarkdownFormat.parse(ARTICLE);
    const english = [
      'POW talks',
      'First talks in 3 years',
      'Han Ji-woo',
      'North Korea',
      'POWs',
      'Politics',
      '<g1>The ministry</g1> said <x2/>.',
      'Ministry website',
      'The talks room',
    ];
    const out = MarkdownFormat.parse(createMarkdownRebuilder().rebuild(parsed.document, english));
    expect(out.frontMatter).toMatchObject({
      title: 'POW talks',
      summary: 'First talks in 3 years',
      author: 'Han Ji-woo',
      tags: ['North Korea', 'POWs'],
      categories: ['Politics'],
      slug: 'pow-talks',
    });
    expect(out.document).toContain('[The ministry](https://unikorea.go.kr "Ministry website") said ![The talks room](a.jpg).');
  });

  it('when the keys are configured, then only those are segments, dotted keys reach into tables, and rebuild agrees', () => {
    const config = { translatedFrontMatterKeys: ['title', 'params.byline'] };
    const parsed = createMarkdownFormat(config).parse(ARTICLE);
    expect(parsed.segments.slice(0, 2).map((s) => [s.kind, s.source])).toEqual([
      ['title', '포로 송환 협상'],
      ['byline', '한지우 기자'],
    ]);
    const texts = parsed.segments.map((s) => (s.kind === 'byline' ? 'Han Ji-woo' : s.source));
    const out = MarkdownFormat.parse(createMarkdownRebuilder(config).rebuild(parsed.document, texts)).frontMatter;
    expect(out).toMatchObject({ author: '한지우 기자', params: { byline: 'Han Ji-woo' }, tags: ['북한', '포로'] });
  });

  it('when a front matter segment is re-imported unchanged, then its text, kind and order are the same (ids stay)', () => {
    const once = MarkdownFormat.parse(ARTICLE).segments;
    const twice = MarkdownFormat.parse(MarkdownFormat.parse(ARTICLE).document).segments;
    expect(twice).toEqual(once);
  });

  it('when TANDEM_TRANSLATED_FRONT_MATTER is set, then the config carries the keys; a bad key is refused', () => {
    expect(loadConfig({ TANDEM_TRANSLATED_FRONT_MATTER: 'title, summary ,params.byline,title' }, '/tmp').translatedFrontMatterKeys).toEqual(
      ['title', 'summary', 'params.byline'],
    );
    expect(loadConfig({}, '/tmp').translatedFrontMatterKeys).toBeUndefined();
    expect(() => loadConfig({ TANDEM_TRANSLATED_FRONT_MATTER: 'title,bad key' }, '/tmp')).toThrow(ConfigError);
  });
});
