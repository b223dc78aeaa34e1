import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeArticle } from '../../src/core/article-summary.ts';
import type { ArticleSummary } from '../../src/core/model.ts';
import { SummaryIndex } from '../../src/core/summary-index.ts';
import { WORK_KINDS } from '../../src/core/work-lists.ts';
import { applyOp, OP_SLUGS, recordOp } from '../fixtures/storage/record-ops.ts';

const TARGETS = ['en', 'ja', 'zh-Hans'];

/** An order kept by the index: by title, then slug. */
const byTitle = (a: ArticleSummary, b: ArticleSummary) =>
  a.title.localeCompare(b.title) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/** Everything the index answers, as plain data. */
function snapshot(index: SummaryIndex) {
  return {
    byTitle: index.sorted('title', byTitle).map((s) => s.slug),
    newest: index.newest.map((s) => s.slug),
    groups: TARGETS.map((l) => index.groups(l)),
    totals: TARGETS.map((l) => index.totals(l)),
    assignees: index.assignees(),
    desks: [...index.uses('desks')].sort(),
    tags: [...index.uses('tags')].sort(),
    effort: [...index.effort()].sort(([a], [b]) => a.localeCompare(b)),
    work: WORK_KINDS.flatMap((kind) => [
      ...TARGETS.map((locale) => index.work({ locale, kind }, 1_000)),
      ...(kind === 'ready' ? [] : ['tina', 'rita'].map((person) => index.work({ person, kind }, 1_000))),
    ]),
  };
}

describe('SummaryIndex', () => {
  it('when summaries are replaced one write at a time, then it answers as an index built from the final summaries', () => {
    fc.assert(
      fc.property(fc.array(recordOp, { minLength: 1, maxLength: 40 }), (ops) => {
        const records = new Map<string, ReturnType<typeof applyOp>>();
        const kept = new SummaryIndex(TARGETS);
        kept.sorted('title', byTitle);
        const generations: number[] = [];
        for (const [i, op] of ops.entries()) {
          if (op.kind === 'reopen' || op.kind === 'crash') continue;
          const slug = OP_SLUGS[op.slug]!;
          const next = applyOp(records.get(slug) ?? null, op, i + 1);
          if (!next) continue;
          records.set(slug, next);
          kept.set(summarizeArticle(next));
          generations.push(kept.generation);
        }
        const finals: ArticleSummary[] = [...records.values()].map((r) => summarizeArticle(r!));
        expect(snapshot(kept)).toEqual(snapshot(new SummaryIndex(TARGETS, finals)));
        // Every change is a new generation.
        expect(generations).toEqual([...new Set(generations)].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it('when nothing waits any more, then the totals and groups are empty again', () => {
    const records = [
      applyOp(null, { kind: 'import', slug: 0, segments: 3, desk: '정치', tags: ['선거'] }, 1)!,
      applyOp(null, { kind: 'import', slug: 1, segments: 0, desk: null, tags: [] }, 2)!,
    ];
    const index = new SummaryIndex(TARGETS, records.map(summarizeArticle));
    expect(index.totals('en')!.waiting.untranslated).toBe(3);
    expect(index.groups('ja')).toHaveLength(1);
    const emptied = applyOp(records[0]!, { kind: 'import', slug: 0, segments: 0, desk: null, tags: [] }, 3)!;
    index.set(summarizeArticle(emptied));
    expect(TARGETS.map((l) => [index.totals(l)!.waiting.untranslated, index.groups(l).length])).toEqual(TARGETS.map(() => [0, 0]));
    expect([...index.uses('desks')]).toEqual([]);
    expect(index.size).toBe(2);
  });
});
