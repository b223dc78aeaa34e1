import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatParseError, ValidationError } from '../../../src/core/errors.ts';
import { MarkdownFormat, markdownRebuilder } from '../../../src/adapters/formats/markdown.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/formats');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const kinds = (text: string) => MarkdownFormat.parse(text).segments.map((s) => [s.kind, s.source]);

describe('MarkdownFormat segments', () => {
  it('when front matter has title, subtitle, author and tags, then they come first as segments', () => {
    const parsed = MarkdownFormat.parse(fixture('nested-lists.md'), 'nested-lists.md');
    expect(parsed.segments.slice(0, 6).map((s) => [s.kind, s.source])).toEqual([
      ['title', '평양 시장 물가 동향'],
      ['subtitle', '쌀·옥수수·환율, 3개월 추이'],
      ['byline', '편집부'],
      ['tag', '경제'],
      ['tag', '시장'],
      ['heading', '주요 품목'],
    ]);
    expect(parsed.frontMatter).toMatchObject({
      title: '평양 시장 물가 동향',
      author: '편집부',
      date: '2024-05-02',
      tags: ['경제', '시장'],
    });
  });

  it('when lists nest, then every item paragraph is a list-item segment in reading order', () => {
    const segments = kinds(fixture('nested-lists.md')).filter(([kind]) => kind === 'list-item');
    expect(segments.map(([, source]) => source)).toEqual([
      '쌀',
      '평양: 1kg당 <g1>6,000원</g1>',
      '신의주: 1kg당 5,800원',
      '4월 첫째 주',
      '4월 둘째 주',
      '옥수수',
      '첫째, 환율은 <g1>안정적</g1>이었다.',
      '둘째, 휘발유 가격이 올랐다.',
      '목록 안의 둘째 문단.',
      '확인된 항목',
      '미확인 항목',
    ]);
  });

  it('when a quote contains a list and a list contains a quote, then the nearest container decides the kind', () => {
    expect(kinds(fixture('quote-lists.md')).slice(1)).toEqual([
      ['quote', '탈북민 김모 씨(42)는 이렇게 말했다.'],
      ['list-item', '국경 경비가 강화됐다.'],
      ['list-item', '뇌물 액수가 <g1>2배</g1> 늘었다.'],
      ['quote', '중첩 인용 안의 문장.'],
      ['quote', '그는 "다시는 돌아가지 않겠다"고 했다.'],
      ['list-item', '목록 안의 인용:'],
      ['quote', '인용된 문장 하나.'],
    ]);
  });

  it('when a table has cells, then each non-empty cell is a table-cell segment with its inline tags', () => {
    const parsed = MarkdownFormat.parse(fixture('tables.md'));
    const cells = parsed.segments.filter((s) => s.kind === 'table-cell');
    expect(cells.map((s) => s.source)).toEqual([
      '품목',
      '수출(만 달러)',
      '수입',
      '비고',
      '석탄',
      '1억 2,000',
      '—',
      '<g1>출처</g1>',
      '철광석',
      '3,400',
      '120',
      '<g1>추정</g1>',
      '0',
      '0',
      '파이프 | 문자',
    ]);
    expect(cells[7]?.tags).toEqual({ '1': { type: 'g', node: 'link', attrs: { url: 'https://example.org/trade', title: '통계청' } } });
    // A cell that is only inline code has nothing to translate and stays verbatim.
    expect(parsed.document).toContain('| `HS 2701` | 0 | 0 | 파이프 \\| 문자 |');
  });

  it('when inline markup is present, then it becomes numbered tags with the data to rebuild it', () => {
    const parsed = MarkdownFormat.parse(
      '앞 **굵게 *기울임*** [링크](https://x.org "제목") `코드`\\\n다음 ![아이콘](i.png "t") <span>html</span> a<b & c>d',
    );
    expect(parsed.segments.slice(1)).toEqual([
      { kind: 'link-title', source: '제목', tags: {} },
      { kind: 'image-alt', source: '아이콘', tags: {} },
    ]);
    expect(parsed.segments.slice(0, 1)).toEqual([
      {
        kind: 'paragraph',
        source: '앞 <g1>굵게 <g2>기울임</g2></g1> <g3>링크</g3> <x4/><x5/>다음 <x6/> <x7/>html<x8/> a&lt;b &amp; c&gt;d',
        tags: {
          '1': { type: 'g', node: 'strong' },
          '2': { type: 'g', node: 'emphasis' },
          '3': { type: 'g', node: 'link', attrs: { url: 'https://x.org', title: '제목' } },
          '4': { type: 'x', node: 'inlineCode', attrs: { value: '코드' } },
          '5': { type: 'x', node: 'break' },
          '6': { type: 'x', node: 'image', attrs: { url: 'i.png', title: 't', alt: '아이콘' } },
          '7': { type: 'x', node: 'html', attrs: { value: '<span>' } },
          '8': { type: 'x', node: 'html', attrs: { value: '</span>' } },
        },
      },
    ]);
  });

  it('when text has <, > or &, then the segment escapes them so it stays well-formed XML', () => {
    expect(kinds('R&D 예산 1 \\< 2 그리고 3 > 2')).toEqual([['paragraph', 'R&amp;D 예산 1 &lt; 2 그리고 3 &gt; 2']]);
  });

  it('when a paragraph is only an image, then its alt is an image-alt segment and its title a caption', () => {
    const segments = kinds(fixture('links-images.md'));
    expect(segments).toEqual([
      ['title', '링크와 "이미지"'],
      ['subtitle', 'SEO용 설명: 링크 &amp; 이미지'],
      ['paragraph', '<g1>통일부</g1> 발표와 <g2>참조 링크</g2>, 자동 링크 <g3>https://example.com/a?b=1&amp;c=2</g3>.'],
      ['link-title', '통일부 누리집'],
      ['image-alt', '군사 퍼레이드 장면'],
      ['caption', '2023년 9월 9일 평양에서 열린 열병식'],
      ['paragraph', '문장 속 이미지 <x1/> 와 <g2><x3/></g2>.'],
      ['image-alt', '작은 아이콘'],
      ['image-alt', '링크된 이미지'],
    ]);
  });

  it('when code blocks, HTML blocks and rules are present, then they are not segments and stay verbatim', () => {
    const parsed = MarkdownFormat.parse(fixture('mixed-blocks.md'));
    expect(parsed.segments.map((s) => s.kind)).toEqual(['title', 'byline', 'paragraph', 'paragraph', 'paragraph']);
    expect(parsed.document).toContain('```python\nprint("번역하지 않는다")\n```');
    expect(parsed.document).toContain('<div class="embed">\n  <p>HTML 블록은 그대로</p>\n</div>');
    expect(parsed.document).toContain('# 주석은 유지된다');
  });

  it('when there is no front matter, then the first top-level H1 is the title and later H1s are headings', () => {
    const parsed = MarkdownFormat.parse(fixture('no-front-matter.md'));
    expect(parsed.frontMatter).toEqual({ title: '제목은 첫 H1' });
    expect(parsed.segments.map((s) => s.kind)).toEqual(['title', 'paragraph', 'heading']);
    expect(parsed.document.startsWith('# 제목은 첫 H1\n')).toBe(true);
  });

  it('when the front matter is empty, then the article has no title and the empty block is kept', () => {
    const parsed = MarkdownFormat.parse(fixture('empty-front-matter.md'));
    expect(parsed.frontMatter).toEqual({});
    expect(parsed.document).toBe('---\n---\n\n첫 문단만 있는 기사.\n');
  });

  it('when Korean ranges use single tildes, then they stay text and are not escaped', () => {
    const parsed = MarkdownFormat.parse('가격은 3~5일 사이 10~20% 올랐다.');
    expect(parsed.segments[0]?.source).toBe('가격은 3~5일 사이 10~20% 올랐다.');
    expect(parsed.document).toBe('가격은 3~5일 사이 10~20% 올랐다.\n');
  });
});

describe('MarkdownFormat bad input', () => {
  it.each([
    ['broken YAML', '---\ntitle: ok\nauthor: [unclosed\n---\n\n본문\n', /broken front matter at line \d/],
    ['a front matter list', '---\n- a\n- b\n---\n\n본문\n', /front matter at line 2 is not a mapping/],
    ['a front matter scalar', '---\n그냥 문장\n---\n\n본문\n', /not a mapping/],
    ['a duplicate key', '---\ntitle: a\ntitle: b\n---\n', /broken front matter at line 3/],
    ['an unclosed front matter', '---\ntitle: 제목\n\n본문\n', /never closes it/],
    ['a title that is a list', '---\ntitle: [a, b]\n---\n', /"title" at line 2 must be text/],
  ])('when the file has %s, then a FormatParseError names the file and the line', (_label, raw, message) => {
    const error = (() => {
      try {
        MarkdownFormat.parse(raw, 'articles/bad.md');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(FormatParseError);
    expect((error as FormatParseError).message).toMatch(message);
    expect((error as FormatParseError).message).toContain('articles/bad.md');
    expect((error as FormatParseError).file).toBe('articles/bad.md');
    expect((error as FormatParseError).line).toBeGreaterThanOrEqual(1);
  });

  it('when the YAML error is on its second line, then the reported file line counts the opening ---', () => {
    expect(() => MarkdownFormat.parse('---\na: 1\nb: c: d\n---\n', 'x.md')).toThrow(
      expect.objectContaining({ line: 3, file: 'x.md', message: expect.stringMatching(/x\.md has broken front matter at line 3/) }),
    );
  });
});

describe('markdownRebuilder', () => {
  const source = [
    '---',
    'title: 북한 쌀값 급등',
    'author: 김기자',
    'tags: [경제, 시장]',
    '---',
    '',
    '## 시장 동향',
    '',
    '평양의 **쌀값**이 [통계](https://example.com/stats "출처")에 따르면 올랐다.\\',
    '둘째 줄.',
    '',
    '- 옥수수 `1kg`',
    '',
    '![장마당](m.jpg "평양 장마당")',
    '',
  ].join('\n');
  const parsed = MarkdownFormat.parse(source, 'rice.md');

  it('when texts are translated with tags reordered, then links, bold and front matter land in the right places', () => {
    expect(parsed.segments.map((s) => s.source)).toEqual([
      '북한 쌀값 급등',
      '김기자',
      '경제',
      '시장',
      '시장 동향',
      '평양의 <g1>쌀값</g1>이 <g2>통계</g2>에 따르면 올랐다.<x3/>둘째 줄.',
      '출처',
      '옥수수 <x1/>',
      '장마당',
      '평양 장마당',
    ]);
    const english = [
      'North Korean rice prices soar',
      'Reporter Kim',
      'Economy',
      'Markets',
      'Market trends',
      'According to <g2>statistics</g2>, the <g1>price of rice</g1> in Pyongyang rose.<x3/>Second line.',
      'Source',
      'Corn <x1/>',
      'Market',
      'A market in Pyongyang',
    ];
    expect(markdownRebuilder.rebuild(parsed.document, english, { translationOf: 'rice', locale: 'en' })).toBe(
      [
        '---',
        'title: North Korean rice prices soar',
        'author: Reporter Kim',
        'tags: [ Economy, Markets ]',
        'translationOf: rice',
        'locale: en',
        '---',
        '',
        '## Market trends',
        '',
        'According to [statistics](https://example.com/stats "Source"), the **price of rice** in Pyongyang rose.\\',
        'Second line.',
        '',
        '- Corn `1kg`',
        '',
        '![Market](m.jpg "A market in Pyongyang")',
        '',
      ].join('\n'),
    );
  });

  it('when a translation contains Markdown characters, then they are escaped instead of becoming markup', () => {
    const texts = parsed.segments.map((s) => s.source);
    texts[7] = '*Corn* [x](y) &lt;b&gt; # 1. <x1/>';
    const rebuilt = markdownRebuilder.rebuild(parsed.document, texts);
    const again = MarkdownFormat.parse(rebuilt);
    expect(again.segments[7]?.source).toBe('*Corn* [x](y) &lt;b&gt; # 1. <x1/>');
  });

  it('when a title needs YAML quoting, then the rebuilt front matter still parses to the same text', () => {
    const texts = parsed.segments.map((s) => s.source);
    texts[0] = 'Rice: "prices" &amp; #markets';
    const rebuilt = markdownRebuilder.rebuild(parsed.document, texts);
    expect(MarkdownFormat.parse(rebuilt).frontMatter.title).toBe('Rice: "prices" & #markets');
  });

  it('when an override is undefined, then that front matter key is removed', () => {
    const rebuilt = markdownRebuilder.rebuild(
      parsed.document,
      parsed.segments.map((s) => s.source),
      { author: undefined },
    );
    expect(MarkdownFormat.parse(rebuilt).frontMatter).toEqual({ title: '북한 쌀값 급등', tags: ['경제', '시장'] });
  });

  it('when the document has no front matter and overrides are given, then a front matter block is added', () => {
    const doc = MarkdownFormat.parse('# 제목\n\n본문.').document;
    const rebuilt = markdownRebuilder.rebuild(doc, ['Title', 'Body.'], { locale: 'en' });
    expect(rebuilt).toBe('---\nlocale: en\n---\n\n# Title\n\nBody.\n');
  });

  it.each([
    ['a tag number the source lacks', (t: string[]) => (t[5] = 'x <g7>y</g7>'), /no tag 7/],
    ['a standalone tag written as paired', (t: string[]) => (t[7] = 'Corn <g1>x</g1>'), /tag 1 is written <x1\/>/],
    ['unbalanced tags', (t: string[]) => (t[5] = '<g1>a <g2>b</g1></g2> <x3/>'), /does not close the open tag/],
    ['an unclosed tag', (t: string[]) => (t[5] = '<g1>a <x3/>'), /<g1> is never closed/],
    ['a raw < in text', (t: string[]) => (t[5] = 'a < b <x3/>'), /neither an inline tag nor escaped/],
    ['a tag in the title', (t: string[]) => (t[0] = '<g1>Title</g1>'), /no tag 1/],
    ['an empty text', (t: string[]) => (t[1] = '  '), /empty text/],
    ['one text too few', (t: string[]) => t.pop(), /got 9 texts for a document with 10 segments/],
  ])('when a translation has %s, then rebuild throws a ValidationError saying so', (_label, spoil, message) => {
    const texts = parsed.segments.map((s) => s.source);
    spoil(texts);
    expect(() => markdownRebuilder.rebuild(parsed.document, texts)).toThrow(ValidationError);
    expect(() => markdownRebuilder.rebuild(parsed.document, texts)).toThrow(message);
  });

  it('when a translation drops a tag, then the rebuild keeps the words without that markup', () => {
    const texts = parsed.segments.map((s) => s.source);
    texts[5] = 'Rice rose in Pyongyang.';
    expect(markdownRebuilder.rebuild(parsed.document, texts)).toContain('\n\nRice rose in Pyongyang.\n\n');
  });

  it('when a translation arrives decomposed (NFD), then the rebuilt document is NFC', () => {
    const texts = parsed.segments.map((s) => s.source.normalize('NFD'));
    expect(markdownRebuilder.rebuild(parsed.document, texts)).toBe(parsed.document);
  });
});
