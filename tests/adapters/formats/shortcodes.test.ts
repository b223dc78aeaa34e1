import { describe, expect, it } from 'vitest';
import { MarkdownFormat, markdownRebuilder } from '../../../src/adapters/formats/index.ts';
import { inlineTagsCheck } from '../../../src/checks/inline-tags.ts';
import { plainText } from '../../../src/core/segment-text.ts';
import { KO_EN } from '../../checks/ctx.ts';

function parse(md: string) {
  return MarkdownFormat.parse(md, 'a.md');
}

/** Rebuild with each segment's text passed through `translate`. */
function rebuild(md: string, translate: (source: string, i: number) => string): string {
  const parsed = parse(md);
  return markdownRebuilder.rebuild(
    parsed.document,
    parsed.segments.map((s, i) => translate(s.source, i)),
  );
}

describe('Hugo shortcodes in Markdown', () => {
  it('when an inline shortcode sits in prose, then it is a standalone tag whose text is kept in the tag map', () => {
    const [segment] = parse('협상은 {{< ref "talks_2024.md" >}} 이후 처음이다.\n').segments;
    expect(segment?.source).toBe('협상은 <x1/> 이후 처음이다.');
    expect(segment?.tags['1']).toEqual({ type: 'x', node: 'shortcode', attrs: { value: '{{< ref "talks_2024.md" >}}' } });
  });

  it('when a paired shortcode wraps prose, then its text is translatable inside a paired tag', () => {
    const [segment] = parse('그는 {{% note %}}*비공개*로 진행됐다{{% /note %}}고 밝혔다.\n').segments;
    expect(segment?.source).toBe('그는 <g1><g2>비공개</g2>로 진행됐다</g1>고 밝혔다.');
    expect(segment?.tags['1']).toEqual({ type: 'g', node: 'shortcode', attrs: { open: '{{% note %}}', close: '{{% /note %}}' } });
  });

  it('when a translation moves the tags, then the rebuild restores each shortcode byte for byte', () => {
    const md = '협상은 {{< ref "talks_2024.md" >}} 이후 {{% note %}}*비공개*로{{% /note %}} 진행됐다.\n';
    const out = rebuild(md, () => 'The talks, <g2>held <g3>privately</g3></g2>, were the first since <x1/>.');
    expect(out).toBe('The talks, {{% note %}}held *privately*{{% /note %}}, were the first since {{< ref "talks_2024.md" >}}.\n');
  });

  it('when a shortcode parameter holds Markdown characters, then nothing inside it is read as Markdown or escaped', () => {
    const md = '사진 {{< img src="/a_b*c_d*.jpg" caption="*x* [y](z)" >}} 참고.\n';
    const parsed = parse(md);
    expect(parsed.segments[0]?.source).toBe('사진 <x1/> 참고.');
    expect(parsed.document).toBe(md);
    expect(rebuild(md, () => 'See <x1/>.')).toBe('See {{< img src="/a_b*c_d*.jpg" caption="*x* [y](z)" >}}.\n');
  });

  it('when a quoted parameter contains >}}, then the shortcode ends at the real closing braces', () => {
    const [segment] = parse('가 {{< x title="a >}} b" >}} 나\n').segments;
    expect(segment?.source).toBe('가 <x1/> 나');
    expect(segment?.tags['1']?.attrs?.value).toBe('{{< x title="a >}} b" >}}');
  });

  it('when a shortcode stands alone on its lines, then it is a protected block and no segment', () => {
    const md = '{{< youtube id="abc_def" >}}\n\n{{% note %}}\n\n노트 문단.\n\n{{% /note %}}\n';
    const parsed = parse(md);
    expect(parsed.segments.map((s) => s.source)).toEqual(['노트 문단.']);
    expect(rebuild(md, () => 'A note.')).toBe('{{< youtube id="abc_def" >}}\n\n{{% note %}}\n\nA note.\n\n{{% /note %}}\n');
  });

  it('when a block paired shortcode has no blank lines inside, then its prose is one segment inside a paired tag', () => {
    const md = '{{% note %}}\n이 기사는 현장 취재를 바탕으로 했다.\n{{% /note %}}\n';
    const parsed = parse(md);
    expect(parsed.segments.map((s) => s.source)).toEqual(['<g1>\n이 기사는 현장 취재를 바탕으로 했다.\n</g1>']);
    expect(rebuild(md, () => '<g1>\nThis story is based on reporting on site.\n</g1>')).toBe(
      '{{% note %}}\nThis story is based on reporting on site.\n{{% /note %}}\n',
    );
  });

  it('when a figure shortcode is a block, then its alt, title and caption are segments and only they change', () => {
    const md = '{{< figure src="/img/a_b.jpg" alt="협상장 내부" title="판문점" caption="대표단 \\"오전 10시\\"" class="wide" >}}\n';
    const parsed = parse(md);
    expect(parsed.segments.map((s) => [s.kind, s.source])).toEqual([
      ['image-alt', '협상장 내부'],
      ['caption', '판문점'],
      ['caption', '대표단 "오전 10시"'],
    ]);
    const out = rebuild(md, (_s, i) => ['Inside the room', 'Panmunjom', 'Delegates "10 a.m." &amp; aides'][i]!);
    expect(out).toBe(
      '{{< figure src="/img/a_b.jpg" alt="Inside the room" title="Panmunjom" caption="Delegates \\"10 a.m.\\" & aides" class="wide" >}}\n',
    );
  });

  it('when a shortcode spans lines inside a quote, then it is one tag and the quote keeps its markers', () => {
    const md = '> 대표는 {{< abbr\n>   title="조선인민군" >}} 측의 제안을 검토했다.\n';
    const parsed = parse(md);
    expect(parsed.segments[0]?.source).toBe('대표는 <x1/> 측의 제안을 검토했다.');
    expect(rebuild(md, () => 'The delegate weighed the <x1/> proposal.')).toBe(
      '> The delegate weighed the {{< abbr\n>   title="조선인민군" >}} proposal.\n',
    );
  });

  it('when text only looks like a shortcode because it was escaped, then it stays text and stays escaped', () => {
    const md = '문법은 \\{{< name >}} 이다.\n';
    const parsed = parse(md);
    expect(plainText(parsed.segments[0]?.source ?? '')).toBe('문법은 {{< name >}} 이다.');
    expect(parsed.document).toBe(md);
  });

  it('when a translation drops a shortcode tag, then the inline-tags check reports it as an error', () => {
    const source = parse('협상은 {{< ref "talks_2024.md" >}} 이후 처음이다.\n').segments[0]!.source;
    expect(inlineTagsCheck.severity).toBe('error');
    expect(inlineTagsCheck.run(source, 'It is the first round of talks.', KO_EN)).toEqual({
      missing: ['<x1/>'],
      extra: [],
      unbalanced: [],
    });
  });

  it('when a translation refers to a shortcode tag the source lacks, then the rebuild refuses it', () => {
    expect(() => rebuild('협상은 {{< ref "t.md" >}} 이후다.\n', () => 'After <x2/>.')).toThrow(/no tag 2/);
  });
});

describe('Hugo shortcodes in a hostile paragraph', () => {
  it('when a paragraph holds thousands of unclosed shortcode openers, then parsing stays fast and keeps them as text', () => {
    const md = `${'{{< a "b '.repeat(5_000)}\n`;
    const parsed = parse(md);
    expect(plainText(parsed.segments[0]?.source ?? '')).toBe(md.trim());
  });
});
