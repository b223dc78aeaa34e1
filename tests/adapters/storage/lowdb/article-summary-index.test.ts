import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LowdbArticleStore } from '../../../../src/adapters/storage/lowdb/article-store.ts';
import { summarizeArticle } from '../../../../src/core/article-summary.ts';
import { parseSlug } from '../../../../src/core/slug.ts';
import { decodeSummary, encodeSummary } from '../../../../src/adapters/storage/lowdb/summary-codec.ts';
import { applyOp, OP_SLUGS, oneArticle as record, recordOp } from '../../../fixtures/storage/record-ops.ts';

/** The index as the store serves it, against a summary computed afresh from every stored record. */
async function expectIndexMatchesRecords(store: LowdbArticleStore): Promise<void> {
  const listed = (await store.list()).sort((a, b) => a.slug.localeCompare(b.slug));
  const recomputed = [];
  for (const slug of OP_SLUGS) {
    const record = await store.get(parseSlug(slug));
    if (record) recomputed.push(summarizeArticle(record));
  }
  expect(listed).toEqual(recomputed);
}

describe('article summaries in the lowdb index', () => {
  it('when any sequence of imports, translations, removals, retitles, reopens and crashes runs, then the index equals a full recomputation', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordOp, { minLength: 1, maxLength: 14 }), async (ops) => {
        const dir = await mkdtemp(join(tmpdir(), 'tandem-summary-'));
        let store = await LowdbArticleStore.open(dir);
        try {
          for (const [i, op] of ops.entries()) {
            if (op.kind === 'reopen') {
              await store.close();
              store = await LowdbArticleStore.open(dir);
            } else if (op.kind === 'crash') {
              // A SIGKILL: the process never closes the store; the next one opens the same files.
              store = await LowdbArticleStore.open(dir);
            } else {
              await store.update(parseSlug(OP_SLUGS[op.slug]!), (current) => applyOp(current, op, i + 1));
            }
            await expectIndexMatchesRecords(store);
          }
          await store.close();
          const reopened = await LowdbArticleStore.open(dir);
          await expectIndexMatchesRecords(reopened);
          await reopened.close();
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe('index rows on disk', () => {
  it('when any summary is encoded for index.json and decoded, then it comes back equal', () => {
    fc.assert(
      fc.property(record, (r) => {
        if (!r) return;
        const summary = summarizeArticle(r);
        expect(decodeSummary(JSON.parse(JSON.stringify(encodeSummary(summary))))).toEqual(summary);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['no slug', { l: [] }],
    ['counts of the wrong length', { s: 'a', l: [['en', [1, 2], 0, 0, 0, 0, []]] }],
    ['an unknown queue state', { s: 'a', l: [['en', [0, 0, 0, 0, 0], 0, 0, 0, 0, [[9, null, 0, 1, '2026-01-01T00:00:00.000Z']]]] }],
  ])('when a stored row has %s, then decoding throws (and the store rebuilds its index)', (_, row) => {
    expect(() => decodeSummary(row as never)).toThrow(TypeError);
  });
});
