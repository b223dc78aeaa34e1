import { describe, expect, it } from 'vitest';
import { renderedBlocks } from '../../src/web/reader/rendered-blocks.ts';

describe('renderedBlocks', () => {
  it('when a document has front matter and Markdown, then the blocks are the header and body text readers see', () => {
    const document = [
      '---',
      'title: "Rice **prices** rise"',
      'subtitle: Markets react',
      'author: Park',
      'date: 2026-09-14',
      'tags: [economy, rice]',
      'slug: rice',
      '---',
      '',
      'The **price** of [rice](https://example.org/rice) rose.<br>Again.',
      '',
      '## Prices by region',
      '',
      '- Pyongyang: *7,300* won',
      '- Hyesan: `7,800` won',
      '',
      '> A quoted line',
      '',
      '{{< figure src="/a.jpg" caption="A **market**" >}}',
    ].join('\n');
    expect(renderedBlocks(document)).toEqual([
      'Rice **prices** rise',
      'Markets react',
      'Park',
      '2026-09-14',
      'economy, rice',
      'The price of rice rose. Again.',
      'Prices by region',
      'Pyongyang: 7,300 won',
      'Hyesan: 7,800 won',
      'A quoted line',
      'A market',
    ]);
  });

  it('when a list item holds paragraphs, then each paragraph is a block once', () => {
    expect(renderedBlocks('- first\n\n  second\n- third\n')).toEqual(['first', 'second', 'third']);
  });

  it('when the front matter is malformed, then the body is still compared', () => {
    expect(renderedBlocks('---\ntitle: [unclosed\n---\n\nBody.\n')).toEqual(['Body.']);
  });
});
