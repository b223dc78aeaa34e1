import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/web/render-markdown.ts';

const html = (md: string) => String(renderMarkdown(md));

describe('reader rendering of Hugo shortcodes', () => {
  it('when a figure shortcode stands alone, then it is an HTML figure with image and caption, not in a paragraph', () => {
    expect(html('{{< figure src="/img/a_b*1.jpg" alt="협상장 내부" title="판문점" caption="대표단 *도착*" >}}\n')).toBe(
      '<figure><img src="/img/a_b*1.jpg" alt="협상장 내부" /><figcaption><h4>판문점</h4><p>대표단 <em>도착</em></p></figcaption></figure>',
    );
  });

  it('when a figure carries script or a javascript: URL, then the sanitizer removes them', () => {
    const out = html(
      '{{< figure src="javascript:alert(1)" link="javascript:x" caption="<script>alert(1)</script><img src=x onerror=y>" >}}\n',
    );
    expect(out).not.toMatch(/script|javascript:|onerror/i);
    expect(out).toContain('<figure>');
  });

  it('when unknown shortcodes appear inline or as blocks, then they are dropped and their inner text stays', () => {
    const out = html(
      '그는 {{% note %}}*비공개*로{{% /note %}} 말했다 {{< ref "a.md" >}}.\n\n{{< youtube abc >}}\n\n{{% note %}}\n노트.\n{{% /note %}}\n',
    );
    expect(out).not.toMatch(/\{\{|\}\}/);
    expect(out).toContain('그는 <em>비공개</em>로 말했다 .');
    expect(out).toContain('노트.');
  });

  it('when a shortcode is written in its comment form, then readers see the tag it stands for as text', () => {
    expect(html('문법: {{</* figure src="x" */>}}\n')).toBe('<p>문법: {{&lt; figure src="x" &gt;}}</p>\n');
  });

  it('when a shortcode is inside code, then it stays code', () => {
    expect(html('`{{< x >}}`\n')).toBe('<p><code>{{&lt; x &gt;}}</code></p>\n');
  });
});
