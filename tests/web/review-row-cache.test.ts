import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.ts';
import type { Segment, Translation } from '../../src/core/model.ts';
import { contentHash, sourceHash } from '../../src/core/text.ts';
import { newTranslation } from '../../src/core/workflow.ts';
import { describeCheckResult } from '../../src/services/check-text.ts';
import { checkStatuses } from '../../src/services/checks.ts';
import { segmentOffers } from '../../src/services/review-rules.ts';
import { createI18n, UI_LANGUAGES } from '../../src/web/i18n.ts';
import type { PageContext } from '../../src/web/render.ts';
import type { RowView, SegmentRow } from '../../src/web/views/review/page.ts';
import { RowCache } from '../../src/web/views/review/row-cache.ts';
import { segmentRow } from '../../src/web/views/review/segment-row.ts';

const i18n = createI18n();

function context(lng: string, csrfToken = 'token-one'): PageContext {
  return { t: i18n.getFixedT(lng), lng, user: undefined, csrfToken, url: '/review/a/en', uiLanguages: UI_LANGUAGES };
}

function viewFor(ctx: PageContext, changes: Partial<RowView> = {}): RowView {
  return {
    slug: 'cache-article',
    locale: 'en',
    sourceLocale: 'ko',
    canEdit: true,
    canReview: true,
    canComment: true,
    mt: { state: 'ready', message: 'ready' },
    describeCheck: (result) => describeCheckResult(result, CHECKS, ctx.t),
    ...changes,
  };
}

const source = '북한 쌀 가격이 2024년에 <g1>30%</g1> 올랐다.';
const segment: Segment = {
  id: 's-cache1',
  kind: 'paragraph',
  source,
  tags: { '1': { type: 'g', node: 'strong' } },
  hash: sourceHash(source),
  order: 0,
  sourceRevision: 1,
};
const translator = { name: 'translator-a', role: 'translator', locales: ['en'] } as const;
const reviewer = { name: 'reviewer-b', role: 'reviewer', locales: ['en'] } as const;

const submitted: Translation = {
  ...newTranslation(segment.id, 'en', '2026-03-01T09:00:00.000Z'),
  state: 'submitted',
  text: 'Rice prices rose <g1>30%</g1> in 2024.',
  origin: 'human',
  revision: 2,
  updatedBy: translator.name,
  textBy: translator.name,
  checks: [],
  checkedFor: { textHash: contentHash('Rice prices rose <g1>30%</g1> in 2024.'), sourceHash: segment.hash },
};

/** A row as review-page.ts builds it, for `person`, with `changes` on top. */
function rowFor(person: typeof translator | typeof reviewer, changes: Partial<SegmentRow> = {}): SegmentRow {
  const translation = changes.translation ?? submitted;
  const checks = checkStatuses(translation, segment);
  return {
    segment,
    translation,
    nextId: null,
    needsWork: true,
    offers: segmentOffers(translation, person, true),
    editors: [],
    memory: [],
    glossary: [],
    history: [],
    checks,
    checked: true,
    ...changes,
  };
}

function cached(cache: RowCache, ctx: PageContext, view: RowView, row: SegmentRow): string {
  const out: Buffer[] = [];
  cache.draw(ctx, view, row, out);
  return Buffer.concat(out).toString('utf8');
}

const memoryMatch = {
  score: 92,
  exact: false,
  text: 'Rice prices climbed <g1>30%</g1> in 2024.',
  diff: [
    { op: 'equal', text: '북한 쌀 가격이 ' },
    { op: 'insert', text: '2024년에 ' },
  ],
  entry: { source: '북한 쌀 가격이 30% 올랐다.', approvedBy: 'reviewer-b' },
} as const;

/** Each input a row shows, changed one at a time: [what, the context, view and row after the change]. */
const CHANGES: readonly [string, () => { ctx: PageContext; view: RowView; row: SegmentRow }][] = [
  ['the translation text', () => base({ translation: { ...submitted, text: 'Rice cost <g1>30%</g1> more in 2024.', revision: 3 } })],
  ['the state', () => base({ translation: { ...submitted, state: 'draft' } })],
  [
    'a new check result',
    () => {
      const translation: Translation = {
        ...submitted,
        checks: [{ checkId: 'numbers', severity: 'error', detail: { missing: ['2024'], extra: [] } }],
      };
      return base({ translation, checks: checkStatuses(translation, segment) });
    },
  ],
  ['a memory match', () => base({ memory: [memoryMatch] })],
  ['a memory match score (the memory changed)', () => base({ memory: [{ ...memoryMatch, score: 75 }] })],
  ['a glossary entry', () => base({ glossary: [{ source: '쌀', target: 'rice', note: 'staple' }] })],
  ['a glossary entry edited', () => base({ glossary: [{ source: '쌀', target: 'paddy rice', note: 'staple' }] })],
  [
    'a comment',
    () => base({ translation: { ...submitted, comments: [{ by: 'editor', at: '2026-03-02T10:00:00.000Z', text: 'Check the figure.' }] } }),
  ],
  [
    'the history',
    () =>
      base({
        history: [
          {
            at: '2026-03-01T09:00:00.000Z',
            by: translator.name,
            segmentId: segment.id,
            locale: 'en',
            action: 'submit',
            from: 'draft',
            to: 'submitted',
            textBefore: null,
            textAfter: null,
          },
        ],
      }),
  ],
  ['the next segment needing work', () => base({ nextId: 's-cache2' })],
  [
    "another user's role and offers",
    () => {
      const ctx = context('en');
      return { ctx, view: viewFor(ctx, { canReview: false }), row: rowFor(translator) };
    },
  ],
  [
    'the UI language',
    () => {
      const ctx = context('ko');
      return { ctx, view: viewFor(ctx), row: rowFor(reviewer) };
    },
  ],
  ['machine translation switched off', () => ({ ...base(), view: viewFor(context('en'), { mt: { state: 'off', message: 'off' } }) })],
  ['the comment permission', () => ({ ...base(), view: viewFor(context('en'), { canComment: false }) })],
];

function base(changes: Partial<SegmentRow> = {}): { ctx: PageContext; view: RowView; row: SegmentRow } {
  const ctx = context('en');
  return { ctx, view: viewFor(ctx), row: rowFor(reviewer, changes) };
}

describe('review row cache', () => {
  it('when a row is drawn again unchanged, then it comes from the cache and equals a fresh drawing', () => {
    const cache = new RowCache();
    const { ctx, view, row } = base();
    const first = cached(cache, ctx, view, row);
    const again = cached(cache, ctx, view, { ...row, segment: { ...segment }, translation: { ...submitted } });
    expect(again).toBe(first);
    expect(again).toBe(segmentRow(ctx, view, row).toString());
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, rows: 1 });
  });

  it.each(CHANGES)('when %s changes, then the cached row shows the change', (_what, change) => {
    const cache = new RowCache();
    const before = base();
    const old = cached(cache, before.ctx, before.view, before.row);
    const after = change();
    const drawn = cached(cache, after.ctx, after.view, after.row);
    expect(drawn).not.toBe(old);
    expect(drawn).toBe(segmentRow(after.ctx, after.view, after.row).toString());
    expect(cache.stats.misses).toBe(2);
  });

  it("when another session asks, then the row carries that session's CSRF token, never the first one's", () => {
    const cache = new RowCache();
    const { view, row } = base();
    const first = cached(cache, context('en', 'token-one'), view, row);
    const second = cached(cache, context('en', 'token-two'), view, row);
    expect(cache.stats.hits).toBe(1);
    expect(first).toContain('value="token-one"');
    expect(second).not.toContain('token-one');
    expect(second).toBe(segmentRow(context('en', 'token-two'), view, row).toString());
  });

  it('when someone opens the segment, then the cached row shows who, live', () => {
    const cache = new RowCache();
    const { ctx, view, row } = base();
    cached(cache, ctx, view, row);
    const editing: SegmentRow = { ...row, editors: [{ name: 'translator-c', expiresAt: Date.now() + 60_000 }] };
    const drawn = cached(cache, ctx, view, editing);
    expect(cache.stats.hits).toBe(1);
    expect(drawn).toContain('translator-c');
    expect(drawn).toBe(segmentRow(ctx, view, editing).toString());
  });

  it('when a refused save points at the row, then the row shows the typed text and is not cached', () => {
    const cache = new RowCache();
    const { ctx, view, row } = base();
    cached(cache, ctx, view, row);
    const refused = { ...view, alert: { message: 'Refused', segmentId: segment.id, text: 'my typed text' } };
    const drawn = cached(cache, ctx, refused, row);
    expect(drawn).toContain('my typed text');
    expect(cache.stats).toMatchObject({ hits: 0, misses: 1 });
    expect(cached(cache, ctx, view, row)).not.toContain('my typed text');
  });
});
