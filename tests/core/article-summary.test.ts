import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localeSummaryOf, summarizeArticle } from '../../src/core/article-summary.ts';
import { localeProgress } from '../../src/core/progress.ts';
import { articleEffort } from '../../src/services/post-edit.ts';
import { queueItemsOf } from '../../src/services/queue.ts';
import { applyOp, oneArticle as record } from '../fixtures/storage/record-ops.ts';

const LOCALES = ['en', 'ja', 'zh-Hans', 'fr', 'de'];

describe('summarizeArticle', () => {
  it('when any record is summarized, then it agrees with the per-segment computations of progress, queue and effort', () => {
    fc.assert(
      fc.property(record, (r) => {
        if (!r) return;
        const summary = summarizeArticle(r);
        const effort = articleEffort(r);
        for (const p of localeProgress(r, LOCALES)) {
          const l = localeSummaryOf(summary, p.locale);
          expect(l.counts).toEqual(p.counts);
          const items = queueItemsOf(r, [p.locale]);
          const groups = new Map<string, { count: number; oldest: string }>();
          for (const item of items) {
            const key = JSON.stringify([item.state, item.assignee, item.errors > 0, item.warnings > 0, item.rejection !== null]);
            const g = groups.get(key) ?? { count: 0, oldest: item.since };
            groups.set(key, { count: g.count + 1, oldest: item.since.localeCompare(g.oldest) < 0 ? item.since : g.oldest });
          }
          const facets = new Map(
            l.waiting.map((f) => [
              JSON.stringify([f.state, f.assignee, f.errors, f.warnings, f.rejected]),
              { count: f.count, oldest: f.oldest },
            ]),
          );
          expect(facets).toEqual(groups);
          const mine = effort.segments.filter((s) => s.locale === p.locale);
          expect(l.effort.count).toBe(mine.length);
          expect(l.effort.sum).toBeCloseTo(
            mine.reduce((a, s) => a + s.effort, 0),
            6,
          );
        }
        expect(summary.segmentCount).toBe(r.segments.filter((s) => !s.removedAt).length);
      }),
      { numRuns: 300 },
    );
  });

  it('when front matter names a desk and tags, then the summary keeps them; when it does not, then neither is set', () => {
    const base = applyOp(null, { kind: 'import', slug: 0, segments: 2, desk: '경제', tags: ['rice', '환율'] }, 1)!;
    expect(summarizeArticle(base)).toMatchObject({ desk: '경제', tags: ['rice', '환율'] });
    const plain = summarizeArticle(applyOp(null, { kind: 'import', slug: 0, segments: 2, desk: null, tags: [] }, 1)!);
    expect('desk' in plain || 'tags' in plain).toBe(false);
  });
});
