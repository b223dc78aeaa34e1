import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeArticle } from '../../src/core/article-summary.ts';
import type { ArticleRecord } from '../../src/core/model.ts';
import { SummaryIndex } from '../../src/core/summary-index.ts';
import { WORK_KINDS, type WorkKind } from '../../src/core/work-lists.ts';
import { queueItemsOf, type QueueItem } from '../../src/services/queue.ts';
import { applyOp, OP_SLUGS, recordOp } from '../fixtures/storage/record-ops.ts';

const TARGETS = ['en', 'ja', 'zh-Hans'];

const kindOf = (item: QueueItem): WorkKind | null => (item.state === 'untranslated' ? null : item.rejection ? 'rejected' : item.state);

/** The home page's lists worked out segment by segment from the records: slug/locale → count, per list. */
function expected(records: readonly ArticleRecord[]): Map<string, Map<string, number>> {
  const lists = new Map<string, Map<string, number>>();
  const add = (list: string, group: string, n: number) => {
    const groups = lists.get(list) ?? new Map<string, number>();
    groups.set(group, (groups.get(group) ?? 0) + n);
    lists.set(list, groups);
  };
  for (const record of records) {
    for (const item of queueItemsOf(record, TARGETS)) {
      const kind = kindOf(item);
      if (!kind) continue;
      add(`${item.locale}/${kind}`, `${item.slug}/${item.locale}`, 1);
      if (item.assignee) add(`${item.assignee}/${kind}`, `${item.slug}/${item.locale}`, 1);
    }
    const live = record.segments.filter((s) => !s.removedAt);
    for (const locale of TARGETS) {
      const summary = summarizeArticle(record).locales.find((l) => l.locale === locale);
      if (live.length > 0 && summary?.counts.approved === live.length && summary.errors === 0) {
        add(`${locale}/ready`, `${record.article.slug}/${locale}`, live.length);
      }
    }
  }
  return lists;
}

describe('work lists of the summary index', () => {
  it('when articles go through any writes, then each list holds the groups and counts worked out segment by segment, in order', () => {
    fc.assert(
      fc.property(fc.array(recordOp, { minLength: 1, maxLength: 40 }), (ops) => {
        const records = new Map<string, ArticleRecord>();
        const index = new SummaryIndex(TARGETS);
        for (const [i, op] of ops.entries()) {
          if (op.kind === 'reopen' || op.kind === 'crash') continue;
          const slug = OP_SLUGS[op.slug]!;
          const next = applyOp(records.get(slug) ?? null, op, i + 1);
          if (!next) continue;
          records.set(slug, next);
          index.set(summarizeArticle(next));
        }
        const want = expected([...records.values()]);
        const keys = WORK_KINDS.flatMap((kind) => [
          ...TARGETS.map((locale) => ({ name: `${locale}/${kind}`, key: { locale, kind } })),
          ...(kind === 'ready' ? [] : ['tina', 'rita'].map((person) => ({ name: `${person}/${kind}`, key: { person, kind } }))),
        ]);
        for (const { name, key } of keys) {
          const { groups, total, more } = index.work(key, 1_000);
          expect(more).toBe(false);
          const got = new Map(groups.map((g) => [`${g.slug}/${g.locale}`, g.count]));
          expect([name, got]).toEqual([name, want.get(name) ?? new Map()]);
          expect(total).toBe([...got.values()].reduce((a, b) => a + b, 0));
          const at = groups.map((g) => g.at);
          expect(at).toEqual([...at].sort((a, b) => (key.kind === 'ready' ? b.localeCompare(a) : a.localeCompare(b))));
        }
      }),
      { numRuns: 200 },
    );
  });
});
