import { describe, expect, it } from 'vitest';
import { FormatParseError, LimitError } from '../../src/core/errors.ts';
import { LIMITS } from '../../src/core/limits.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { cpuTime, HOSTILE_BUDGET_MS, HOSTILE_SHAPES, type HostileOutcome } from '../support/hostile-inputs.ts';
import { testDeps } from './support.ts';

async function outcomeOf(file: string, content: string): Promise<{ outcome: HostileOutcome; ms: number; error?: unknown }> {
  const { ms, error } = await cpuTime(() => importArticle(testDeps(), { file, content, by: 'editor' }));
  if (error === undefined) return { outcome: 'imported', ms };
  if (error instanceof LimitError) return { outcome: error.limit, ms, error };
  if (error instanceof FormatParseError) return { outcome: 'format-parse', ms, error };
  throw error;
}

describe('importing hostile input (issue 12: no input can stall the server)', () => {
  it.each(HOSTILE_SHAPES.map((shape) => [shape.name, shape] as const))(
    'when %s is imported, then it ends as expected within the CPU-time budget',
    async (_name, shape) => {
      const content = shape.build(shape.test.size);
      const { outcome, ms, error } = await outcomeOf(shape.file, content);
      expect({ outcome, message: error instanceof Error ? error.message : undefined }).toMatchObject({ outcome: shape.test.outcome });
      expect(ms).toBeLessThan(HOSTILE_BUDGET_MS);
    },
  );

  it('when a refusal names a limit, then it names the file, and the limit it names has its documented value', async () => {
    const shape = HOSTILE_SHAPES.find((s) => s.file === 'quotes.md')!;
    const { error } = await outcomeOf(shape.file, shape.build(shape.test.size));
    expect(error).toBeInstanceOf(LimitError);
    expect(error).toMatchObject({ limit: 'nestingDepth', max: LIMITS.nestingDepth, file: 'quotes.md', line: 6 });
    expect((error as Error).message).toContain('quotes.md');
  });

  // Quotes and lists are estimated exactly; a run of asterisks is estimated at one level per asterisk (it can be).
  it.each([
    ['block quotes', (depth: number) => `${'>'.repeat(depth)} 인용`],
    ['lists', (depth: number) => Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- 항목`).join('\n')],
    ['asterisks', (depth: number) => `가 ${'*'.repeat(depth)}강조${'*'.repeat(depth)}`],
    ['quotes in list items', (depth: number) => `${'- > '.repeat(depth / 2)}${depth % 2 === 1 ? '- ' : ''}인용`],
  ])('when %s nest as deep as the limit, then the article imports; one level more is refused', async (_name, nest) => {
    const at = (depth: number) => `---\ntitle: 제목\n---\n\n${nest(depth)}\n`;
    expect((await outcomeOf('deep.md', at(LIMITS.nestingDepth))).outcome).toBe('imported');
    expect((await outcomeOf('deep.md', at(LIMITS.nestingDepth + 1))).outcome).toBe('nestingDepth');
  });

  it('when an article has exactly the most segments allowed, then it imports; one more is refused', async () => {
    // The title is a segment too.
    const body = (count: number) => Array.from({ length: count }, (_, i) => `문단 ${i}.`).join('\n\n');
    const at = (count: number) => `---\ntitle: 제목\n---\n\n${body(count - 1)}\n`;
    expect((await outcomeOf('max.md', at(LIMITS.segments))).outcome).toBe('imported');
    expect((await outcomeOf('max.md', at(LIMITS.segments + 1))).outcome).toBe('segments');
  });

  it('when a paragraph has exactly the most characters allowed (tags not counted), then it imports; one more is refused', async () => {
    const paragraph = (chars: number) => `**${'가'.repeat(chars - 1)}**나`;
    const at = (chars: number) => `---\ntitle: 제목\n---\n\n${paragraph(chars)}\n`;
    expect((await outcomeOf('long.md', at(LIMITS.segmentChars))).outcome).toBe('imported');
    expect(await outcomeOf('long.md', at(LIMITS.segmentChars + 1))).toMatchObject({
      outcome: 'segmentChars',
      error: { actual: LIMITS.segmentChars + 1 },
    });
  });
});
