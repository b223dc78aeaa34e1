import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/web/render-markdown.ts';
import { cpuTime, HOSTILE_BUDGET_MS, HOSTILE_SHAPES } from '../support/hostile-inputs.ts';

// The reader site renders published bodies with markdown-it; a translation reaches them too, so the renderer must
// stay fast on what the importer refuses. markdown-it caps nesting itself (maxNesting), so nothing is refused here.
// (The file over the import size is left out: no stored body can be that large.)
const markdownShapes = HOSTILE_SHAPES.filter((shape) => shape.file.endsWith('.md') && shape.test.outcome !== 'importBytes');

describe('rendering hostile Markdown for readers', () => {
  it.each(markdownShapes.map((shape) => [shape.name, shape] as const))(
    'when %s is rendered, then it is HTML within the CPU-time budget',
    async (_name, shape) => {
      let out = '';
      const { ms, error } = await cpuTime(async () => {
        out = String(renderMarkdown(shape.build(shape.test.size)));
      });
      expect(error).toBeUndefined();
      expect(out.length).toBeGreaterThan(0);
      expect(ms).toBeLessThan(HOSTILE_BUDGET_MS);
    },
  );

  it.each([
    ['20,000 nested divs', `${'<div>'.repeat(20_000)}가${'</div>'.repeat(20_000)}`],
    ['20,000 nested block quotes', `${'>'.repeat(20_000)} 인용`],
    ['20,000 asterisks around a word', `${'*'.repeat(20_000)}가${'*'.repeat(20_000)}`],
    ['20,000 nested links', `${'['.repeat(20_000)}a${'](b)'.repeat(20_000)}`],
  ])('when %s are rendered, then the stack holds and it is fast', async (_name, source) => {
    const { ms, error } = await cpuTime(async () => {
      renderMarkdown(source);
    });
    expect(error).toBeUndefined();
    expect(ms).toBeLessThan(HOSTILE_BUDGET_MS);
  });
});
