import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HtmlFormat } from '../../../src/adapters/formats/html.ts';
import { markdownRebuilder } from '../../../src/adapters/formats/markdown.ts';

const page = readFileSync(join(import.meta.dirname, '../../fixtures/formats/article.html'), 'utf8');

describe('HtmlFormat', () => {
  const parsed = HtmlFormat.parse(page, 'article.html');

  it('when a page has scripts, styles, iframes, nav, aside and footer, then none of their text reaches the document', () => {
    for (const dropped of [
      'secret-script-text',
      'injected-script-text',
      'color: red',
      'display: none',
      '자바스크립트를 켜세요',
      '관련 기사 광고',
      '저작권 푸터',
      '정치',
      'ads.example.com',
    ]) {
      expect(parsed.document).not.toContain(dropped);
    }
    expect(parsed.document).not.toMatch(/<script|<style|<iframe/i);
  });

  it('when a page has an h1, a description and a figure, then the kinds follow the Markdown rules', () => {
    expect(parsed.frontMatter).toEqual({ title: '북한, 새 경제 정책 발표', subtitle: '내각 전원회의 결정 요약' });
    expect(parsed.segments.map((s) => [s.kind, s.source])).toEqual([
      ['title', '북한, 새 경제 정책 발표'],
      ['subtitle', '내각 전원회의 결정 요약'],
      ['paragraph', '북한이 <g1>5일</g1> 새 정책을 발표했다고 <g2>조선중앙통신</g2>이 보도했다.'],
      ['link-title', '조선중앙통신'],
      ['heading', '주요 내용'],
      ['list-item', '국영 상점 가격 <g1>조정</g1>'],
      ['list-item', '환율 단일화'],
      ['list-item', '1단계: 평양'],
      ['list-item', '2단계: 지방'],
      ['quote', '“인민 생활 향상이 목표”라고 밝혔다.'],
      ['image-alt', '전원회의 모습'],
      ['caption', '지난 4일 열린 전원회의.'],
      ['table-cell', '품목'],
      ['table-cell', '가격'],
      ['table-cell', '쌀'],
      ['table-cell', '6,000원'],
      ['paragraph', '끝 문단.'],
    ]);
    expect(parsed.segments[2]?.tags['2']).toEqual({
      type: 'g',
      node: 'link',
      attrs: { url: 'https://example.com/kcna', title: '조선중앙통신' },
    });
  });

  it('when there is no h1, then <title> gives the title', () => {
    const doc = HtmlFormat.parse('<html><head><title>제목 태그</title></head><body><p>본문</p></body></html>');
    expect(doc.frontMatter.title).toBe('제목 태그');
    expect(doc.segments.map((s) => s.kind)).toEqual(['title', 'paragraph']);
  });

  it('when a fragment has whitespace, breaks and spaced markup, then spacing follows HTML rules', () => {
    const doc = HtmlFormat.parse('<p>  첫째 <b> 굵게 </b>그리고\n   <i>기울임</i>.<br>\n  둘째 줄  </p>');
    expect(doc.segments.map((s) => s.source)).toEqual(['첫째 <g1>굵게</g1> 그리고 <g2>기울임</g2>.<x3/>둘째 줄']);
    expect(doc.document).toBe('첫째 **굵게** 그리고 *기울임*.\\\n둘째 줄\n');
  });

  it('when links use javascript: URLs, then the link is dropped and its text kept', () => {
    const doc = HtmlFormat.parse('<p><a href="javascript:alert(1)">누르기</a> <img src="javascript:x" alt="x"></p>');
    expect(doc.document).toBe('누르기\n');
  });

  it('when text looks like Markdown, then it is escaped and read back as text', () => {
    const doc = HtmlFormat.parse('<p>* 별표 # 샵 [괄호](x) &lt;b&gt; 1. 끝</p><p>1. 숫자</p>');
    expect(doc.segments.map((s) => s.source)).toEqual(['* 별표 # 샵 [괄호](x) &lt;b&gt; 1. 끝', '1. 숫자']);
  });

  it('when the HTML document is rebuilt from its own texts, then the same Markdown comes back', () => {
    expect(
      markdownRebuilder.rebuild(
        parsed.document,
        parsed.segments.map((s) => s.source),
      ),
    ).toBe(parsed.document);
  });
});
