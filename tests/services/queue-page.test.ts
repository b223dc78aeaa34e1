import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { encodeQueueCursor } from '../../src/services/queue-cursor.ts';
import { reviewQueue } from '../../src/services/queue-page.ts';
import { QUEUE_ISSUES, QUEUE_STATES, queueItemsOf, UNASSIGNED, type QueueFilter, type QueueItem } from '../../src/services/queue.ts';
import { applyOp, OP_SLUGS, recordOp } from '../fixtures/storage/record-ops.ts';
import { testDeps } from './support.ts';

const TARGETS = ['en', 'ja', 'zh-Hans'];

const filterArb: fc.Arbitrary<QueueFilter> = fc.record(
  {
    locales: fc.subarray(TARGETS),
    states: fc.subarray([...QUEUE_STATES]),
    slug: fc.constantFrom(...OP_SLUGS),
    assignee: fc.constantFrom('tina', 'rita', UNASSIGNED),
    issues: fc.constantFrom(...QUEUE_ISSUES),
    pageSize: fc.integer({ min: 1, max: 7 }),
  },
  { requiredKeys: ['pageSize'] },
);

function matches(item: QueueItem, f: QueueFilter): boolean {
  return (
    (!f.locales?.length || f.locales.includes(item.locale)) &&
    (!f.states?.length || f.states.includes(item.state)) &&
    (!f.slug || item.slug === f.slug) &&
    (f.assignee === undefined || (f.assignee === UNASSIGNED ? item.assignee === null : item.assignee === f.assignee)) &&
    (!f.issues || (f.issues === 'errors' ? item.errors > 0 : f.issues === 'warnings' ? item.warnings > 0 : item.errors + item.warnings > 0))
  );
}

const key = (i: QueueItem) => `${i.slug}/${i.locale}/${i.segmentId}`;

describe('review queue over summaries', () => {
  it('when every page is followed by its cursor, then the pages hold each matching waiting segment once and the counts agree', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordOp, { minLength: 1, maxLength: 30 }),
        filterArb,
        fc.subarray(TARGETS),
        async (ops, filter, viewerLocales) => {
          const deps = testDeps({ targetLocales: TARGETS });
          for (const [i, op] of ops.entries()) {
            // Pages read before and between the writes: the summary index then follows the writes instead of being built after them.
            if (i === 0 || i === ops.length >> 1) await reviewQueue(deps, filter, { locales: viewerLocales });
            if (op.kind === 'reopen' || op.kind === 'crash') continue;
            await deps.store.update(parseSlug(OP_SLUGS[op.slug]!), (current) => applyOp(current, op, i + 1));
          }
          // Without a locale filter the rows cover the viewer's own locales (all when they have none).
          const shown = filter.locales?.length ? filter.locales : viewerLocales.length ? viewerLocales : TARGETS;
          const expected: QueueItem[] = [];
          for (const s of await deps.store.list())
            expected.push(...queueItemsOf((await deps.store.get(s.slug))!, shown).filter((i) => matches(i, filter)));

          const seen: QueueItem[] = [];
          let cursor: string | undefined;
          const first = await reviewQueue(deps, filter, { locales: viewerLocales });
          for (let page = first; ; ) {
            expect(page.items.length).toBeLessThanOrEqual(filter.pageSize!);
            seen.push(...page.items);
            if (!page.next) break;
            expect(page.items).toHaveLength(filter.pageSize!);
            cursor = page.next;
            page = await reviewQueue(deps, { ...filter, cursor }, { locales: viewerLocales });
            expect(page.first).toBe(false);
          }
          expect(seen.map(key).sort()).toEqual(expected.map(key).sort());
          expect(first.total).toBe(expected.length);
          // The viewer's locales come first.
          const own = seen.map((i) => viewerLocales.includes(i.locale));
          expect(own).toEqual([...own].sort((a, b) => Number(b) - Number(a)));
          const broad = { ...filter, locales: [], states: [] };
          for (const c of first.counts) {
            for (const state of QUEUE_STATES) {
              const n = (
                await Promise.all((await deps.store.list()).map(async (s) => queueItemsOf((await deps.store.get(s.slug))!, [c.locale])))
              )
                .flat()
                .filter((i) => i.state === state && matches(i, broad)).length;
              expect(c.counts[state]).toBe(n);
            }
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('when a page is built, then only the articles it shows are read, whatever the archive holds', async () => {
    const deps = testDeps({ targetLocales: TARGETS });
    const slugs = Array.from({ length: 40 }, (_, i) => `story-${i}`);
    for (const [i, slug] of slugs.entries()) {
      const record = applyOp(null, { kind: 'import', slug: 0, segments: 5, desk: null, tags: [] }, i + 1)!;
      await deps.store.update(parseSlug(slug), () => ({ ...record, article: { ...record.article, slug: parseSlug(slug) } }));
    }
    const read: string[] = [];
    const store = deps.store;
    const counting = {
      ...deps,
      store: Object.assign(Object.create(store), {
        get: (slug: string) => {
          read.push(slug);
          return store.get(parseSlug(slug));
        },
        list: () => store.list(),
      }),
    };
    const page = await reviewQueue(counting, { pageSize: 7 }, { locales: [] });
    expect(page.items).toHaveLength(7);
    expect(page.total).toBe(40 * 5 * TARGETS.length);
    expect(read).toHaveLength(2);
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['extra fields', Buffer.from(JSON.stringify({ s: 'alpha', l: 'en', t: '2026-01-01T00:00:00.000Z', i: 0, x: 1 })).toString('base64url')],
    ['a negative skip', encodeQueueCursor({ slug: parseSlug('alpha'), locale: 'en', oldest: '2026-01-01T00:00:00.000Z', skip: -1 })],
    ['a malformed slug', Buffer.from(JSON.stringify({ s: '../etc', l: 'en', t: '2026-01-01T00:00:00.000Z', i: 0 })).toString('base64url')],
    [
      'a locale that is not a target',
      encodeQueueCursor({ slug: parseSlug('alpha'), locale: 'fr', oldest: '2026-01-01T00:00:00.000Z', skip: 0 }),
    ],
    ['a date that is no instant', encodeQueueCursor({ slug: parseSlug('alpha'), locale: 'en', oldest: 'yesterday', skip: 0 })],
  ])('when the cursor holds %s, then the queue refuses it with a ValidationError', async (_, cursor) => {
    const deps = testDeps({ targetLocales: TARGETS });
    await expect(reviewQueue(deps, { cursor })).rejects.toBeInstanceOf(ValidationError);
  });
});
