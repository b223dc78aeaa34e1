import { describe, expect, it } from 'vitest';
import { decodeInput, formatForFile } from '../../src/adapters/formats/index.ts';
import { InMemoryArticleStore, InMemoryMtStore } from '../../src/adapters/storage/in-memory/index.ts';
import { NoneProvider } from '../../src/adapters/mt/none.ts';
import { CHECKS } from '../../src/checks/index.ts';
import { checksCurrent, decisionBasis } from '../../src/core/check-decisions.ts';
import { ValidationError } from '../../src/core/errors.ts';
import type { ArticleRecord, Translation } from '../../src/core/model.ts';
import type { Slug } from '../../src/core/slug.ts';
import { CheckService } from '../../src/services/checks.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { createMtService } from '../../src/services/mt/index.ts';
import { ReviewService } from '../../src/services/review.ts';
import type { ServiceDeps } from '../../src/services/types.ts';
import { article, P1, P2, REVIEW_SLUG } from './support.ts';

// Issue 12: a translation's text and its check results land in one store write, whatever changes the text; results
// missing or run on another text (a crash between two writes, as before) count as "not checked", and approval then
// runs the checks first. Issue 13: memory drafts at import are one write per article, checks included.

/** The in-memory store, counting the writes that stored something. */
class CountingStore extends InMemoryArticleStore {
  writes = 0;

  override update(
    slug: Slug,
    change: (current: ArticleRecord | null) => ArticleRecord | null | Promise<ArticleRecord | null>,
  ): Promise<ArticleRecord | null> {
    return super.update(slug, async (current) => {
      const next = await change(current);
      if (next !== null) this.writes++;
      return next;
    });
  }
}

const tina = { name: 'tina', role: 'translator' };
const rex = { name: 'rex', role: 'reviewer' };
// 21% for the source's 20%: the numbers check fails, an error that needs a reason at approval.
const WRONG = 'Rice prices at North Korean markets rose 21% in a month.';
const RIGHT = 'Rice prices at North Korean markets rose 20% in a month.';
const WRONG_P2 = "Pyongyang's exchange rate traded around 9,000 won to the dollar.";

async function setUp(extra: Partial<ServiceDeps> = {}) {
  const store = new CountingStore();
  const mt = new InMemoryMtStore();
  const checks = new CheckService({ store, checks: CHECKS, settings: mt.settings });
  const deps: ServiceDeps = {
    store,
    formats: { forFile: formatForFile, decode: (content, file) => decodeInput(content, file) },
    sourceLocale: 'ko',
    targetLocales: ['en'],
    checker: checks,
    ...extra,
  };
  await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, P2]), by: 'editor' });
  const record = (await store.get(REVIEW_SLUG))!;
  const id = (source: string) => record.segments.find((s) => s.source === source)!.id;
  const ref = { slug: REVIEW_SLUG, segmentId: id(P1), locale: 'en' };
  const p2 = { ...ref, segmentId: id(P2) };
  store.writes = 0;
  return { store, mt, checks, deps, review: new ReviewService(deps), ref, p2 };
}

type Rig = Awaited<ReturnType<typeof setUp>>;

/** Every way a translation's text changes through the services, and the segments each touches. */
const TEXT_CHANGES: readonly [string, (rig: Rig) => Promise<unknown>, ('ref' | 'p2')[]][] = [
  ['a save', ({ review, ref }) => review.saveTranslation({ ...ref, text: WRONG, baseRevision: 0, actor: tina }), ['ref']],
  ['a submit with text', ({ review, ref }) => review.submit({ ...ref, text: WRONG, actor: tina }), ['ref']],
  ['a machine draft', ({ review, ref }) => review.applyMachineDraft({ ...ref, text: WRONG, expectedRevision: 0 }), ['ref']],
  ['a memory draft', ({ review, ref }) => review.applyMemoryDraft({ ...ref, text: WRONG, expectedRevision: 0 }), ['ref']],
  [
    'a batch of machine drafts',
    ({ review, ref, p2 }) =>
      review.applyMachineDrafts([
        { ...ref, text: WRONG, expectedRevision: 0 },
        { ...p2, text: WRONG_P2, expectedRevision: 0 },
      ]),
    ['ref', 'p2'],
  ],
  [
    'a batch of memory drafts',
    ({ review, ref, p2 }) =>
      review.applyMemoryDrafts([
        { ...ref, text: WRONG, expectedRevision: 0 },
        { ...p2, text: WRONG_P2, expectedRevision: 0 },
      ]),
    ['ref', 'p2'],
  ],
];

describe('text and check results in one write', () => {
  it.each(TEXT_CHANGES)('when %s changes the text, then one write stores it with its check results', async (_, change, touched) => {
    const rig = await setUp();
    await change(rig);
    expect(rig.store.writes).toBe(1);
    const record = (await rig.store.get(REVIEW_SLUG))!;
    const ctx = await rig.checks.contextFor(record, 'en');
    for (const which of touched) {
      const segment = record.segments.find((s) => s.id === rig[which].segmentId)!;
      const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === 'en')!;
      expect(checksCurrent(t, segment.hash)).toBe(true);
      expect(t.checks).toEqual(rig.checks.check(segment, t.text, ctx));
      expect(t.checks?.map((r) => r.checkId)).toContain('numbers');
    }
  });

  it('when the machine is off and an import finds exact memory matches, then they are applied in one write per article, checked', async () => {
    let service: ReturnType<typeof createMtService> | null = null;
    const rig = await setUp({ afterImport: async (result, record) => void (await service?.afterImport(result, record)) });
    service = createMtService({
      store: rig.store,
      mt: rig.mt,
      provider: new NoneProvider(),
      drafts: rig.review,
      sourceLocale: 'ko',
      targetLocales: ['en'],
      findExactMatch: async () => ({ target: WRONG, slug: null }),
    });
    await importArticle(rig.deps, { file: 'fresh.md', content: article('새 소식', [P1, P2]), slug: 'fresh', by: 'editor' });
    // The import, then every segment's memory draft (three of them) in a second write.
    expect(rig.store.writes).toBe(2);
    const record = (await rig.store.get('fresh' as Slug))!;
    expect(record.translations.map((t) => [t.origin, t.text])).toEqual(record.segments.map(() => ['memory', WRONG]));
    for (const t of record.translations) {
      const segment = record.segments.find((s) => s.id === t.segmentId)!;
      expect(checksCurrent(t, segment.hash)).toBe(true);
    }
  });
});

/** A submitted text stored as a crash between two writes left it: with `checks` and `checkedFor` as given. */
async function crashLeftover(rig: Rig, text: string, stale: Partial<Pick<Translation, 'checks' | 'checkedFor'>>): Promise<void> {
  await rig.store.update(REVIEW_SLUG, (record) => {
    const translations = record!.translations.map(({ checks: _c, checkedFor: _f, ...t }) =>
      t.segmentId === rig.ref.segmentId && t.locale === 'en'
        ? { ...t, ...stale, text, state: 'submitted' as const, textBy: 'tina', revision: 1 }
        : t,
    );
    return { ...record!, translations };
  });
}

const NOT_CHECKED: readonly [string, 'refused' | 'approved', string, Partial<Pick<Translation, 'checks' | 'checkedFor'>>][] = [
  ['no results and a failing text', 'refused', WRONG, {}],
  ['passing results of another text, and a failing text', 'refused', WRONG, { checks: [], checkedFor: decisionBasis(RIGHT, 'other') }],
  [
    'results of the text for another source, and a failing text',
    'refused',
    WRONG,
    { checks: [], checkedFor: decisionBasis(WRONG, 'old source') },
  ],
  ['no results and a passing text', 'approved', RIGHT, {}],
  [
    'failing results of another text, and a passing text',
    'approved',
    RIGHT,
    {
      checks: [{ checkId: 'numbers', severity: 'error', detail: { missing: ['20'], extra: ['21'] } }],
      checkedFor: decisionBasis(WRONG, 'x'),
    },
  ],
];

describe('results missing or run on another text count as not checked', () => {
  it.each(NOT_CHECKED)(
    'when a submitted translation has %s, then approval runs the checks first and is %s',
    async (_, outcome, text, stale) => {
      const rig = await setUp();
      await crashLeftover(rig, text, stale);
      const approving = rig.review.approve({ ...rig.ref, actor: rex });
      if (outcome === 'refused') await expect(approving).rejects.toThrow(ValidationError);
      else
        await expect(approving).resolves.toMatchObject({
          state: 'approved',
          checks: [],
          checkedFor: decisionBasis(text, expect.any(String)),
        });
    },
  );

  it.each(NOT_CHECKED)(
    'when a submitted translation has %s, then approve-all, running them first, leaves it %s',
    async (_, outcome, text, stale) => {
      const rig = await setUp();
      await crashLeftover(rig, text, stale);
      const done = await rig.review.approveAll({ slug: REVIEW_SLUG, locale: 'en', actor: rex });
      // Refused when approved (its checks, run first, found the error), so skipped: before, its results decided nothing.
      expect(done).toEqual(
        outcome === 'approved'
          ? { approved: 1, skipped: 0, heldByChecks: 0, ownTexts: 0 }
          : { approved: 0, skipped: 1, heldByChecks: 0, ownTexts: 0 },
      );
    },
  );
});
