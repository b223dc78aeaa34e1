import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MarkdownFormat, markdownRebuilder } from '../../../src/adapters/formats/markdown.ts';
import { TextFormat } from '../../../src/adapters/formats/text.ts';

const text = readFileSync(join(import.meta.dirname, '../../fixtures/formats/article.txt'), 'utf8');

describe('TextFormat', () => {
  it('when text has blank lines, then the first line is the title and each block a paragraph', () => {
    const parsed = TextFormat.parse(text, 'article.txt');
    expect(parsed.frontMatter).toEqual({ title: '북한 장마당 물가, 3개월째 상승' });
    expect(parsed.segments.map((s) => [s.kind, s.source])).toEqual([
      ['title', '북한 장마당 물가, 3개월째 상승'],
      ['paragraph', '평양 장마당의 쌀값이 석 달째 오르고 있다.\n소식통에 따르면 1kg당 6,000원 선이다.'],
      ['paragraph', '* 별표로 시작하는 줄\n# 샵으로 시작하는 줄\n1. 숫자로 시작하는 줄'],
      ['paragraph', '&lt;b&gt;태그처럼 보이는 글&lt;/b&gt; &amp; [대괄호](괄호) `백틱` _밑줄_'],
      ['paragraph', '마지막 문단.'],
    ]);
  });

  it('when the first block has several lines, then only its first line is the title', () => {
    const parsed = TextFormat.parse('제목\n첫 문단이 바로 이어진다.\n\n둘째 문단.');
    expect(parsed.segments.map((s) => [s.kind, s.source])).toEqual([
      ['title', '제목'],
      ['paragraph', '첫 문단이 바로 이어진다.'],
      ['paragraph', '둘째 문단.'],
    ]);
  });

  it('when Markdown-special characters are rebuilt, then the document still reads back as the same plain text', () => {
    const parsed = TextFormat.parse(text);
    const rebuilt = markdownRebuilder.rebuild(
      parsed.document,
      parsed.segments.map((s) => s.source),
    );
    expect(rebuilt).toBe(parsed.document);
    expect(MarkdownFormat.parse(rebuilt).segments).toEqual(parsed.segments);
  });

  it('when blank lines carry spaces or ideographic spaces, then they still separate paragraphs', () => {
    const parsed = TextFormat.parse('제목\n \n하나\n\u3000\n둘\n\n\n\n셋');
    expect(parsed.segments.map((s) => s.source)).toEqual(['제목', '하나', '둘', '셋']);
  });
});
