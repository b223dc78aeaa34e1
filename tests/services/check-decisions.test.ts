import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { markdownRebuilder } from '../../src/adapters/formats/markdown.ts';
import { HugoPublishTarget } from '../../src/adapters/publish/hugo-publish-target.ts';
import { CHECKS } from '../../src/checks/index.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/core/errors.ts';
import type { Storage } from '../../src/core/ports/storage-backend.ts';
import { PublishRefusedError } from '../../src/core/publication.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { CheckService, checkStatuses } from '../../src/services/checks.ts';
import { ConfidentialService } from '../../src/services/confidential.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { PublishService } from '../../src/services/publish.ts';
import { ReviewService } from '../../src/services/review.ts';
import { openTestStorage } from '../support/storage.ts';
import { article, P1, P2, testDeps } from './support.ts';

// P1 says "20%": a text without the final full stop fails end-punctuation (a warning), a different number fails
// numbers (an error).
const WARNS = 'Rice prices at North Korean markets rose 20% in a month';
const WARNS_TOO = 'Rice prices at North Korean markets rose by 20% within a month';
const ERRS = 'Rice prices at North Korean markets rose about 25% in a month.';
const P1_EDITED = '북한 장마당에서 쌀값이 한 달 새 20% 넘게 올랐다.';

const slug = parseSlug('rice-prices');
const tina = { name: 'tina', role: 'translator', locales: ['en'] };
const rex = { name: 'rex', role: 'reviewer', locales: ['en'] };
const rio = { name: 'rio', role: 'reviewer', locales: ['en'] };
const jun = { name: 'jun', role: 'translator', locales: ['ja'] };

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

/** The review article with checks hooked in as main.ts does, publishing with the check gate, confidential terms. */
async function setUp() {
  storage = await openTestStorage();
  const deps = testDeps();
  const checks = new CheckService({ store: deps.store, checks: CHECKS, settings: storage.mt.settings });
  const services = { ...deps, checker: checks };
  const review = new ReviewService(services);
  const publish = new PublishService({
    ...services,
    publications: storage.publications,
    rebuilder: markdownRebuilder,
    publishTarget: new HugoPublishTarget(await mkdtemp(join(tmpdir(), 'tandem-decisions-'))),
    checks,
  });
  const confidential = new ConfidentialService({ settings: storage.mt.settings });
  const importSource = (paragraphs: readonly string[]) =>
    importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', paragraphs), by: 'editor' });
  await importSource([P1, P2]);
  const record = async () => (await deps.store.get(slug))!;
  const segmentOf = async (source: string) => (await record()).segments.find((s) => s.source === source && !s.removedAt)!;
  const p1 = (await segmentOf(P1)).id;
  const ref = { slug, segmentId: p1, locale: 'en' };
  const row = async () => (await record()).translations.find((t) => t.segmentId === p1 && t.locale === 'en')!;
  /** The stored results of P1 in English with their status, judged against the segment's current source. */
  const statuses = async () => {
    const r = await record();
    return checkStatuses(await row(), r.segments.find((s) => s.id === p1)!).map((c) => [c.checkId, c.status]);
  };
  const history = async () =>
    (await record()).history.filter((h) => h.segmentId === p1 && h.locale === 'en').map((h) => [h.action, h.by, h.checkIds, h.comment]);
  return { deps, checks, review, publish, confidential, importSource, ref, p1, row, statuses, history };
}

describe('dismissing a warning for one segment', () => {
  it.each([
    ['a translator', tina],
    ['a reviewer', rex],
  ])(
    'when %s of the locale dismisses a warning, then it is dismissed with who, why and when, in the history, revision kept',
    async (_who, actor) => {
      const s = await setUp();
      await s.review.submit({ ...s.ref, text: WARNS, actor: tina });
      const before = await s.row();
      expect(await s.statuses()).toEqual([['end-punctuation', 'open']]);

      const after = await s.review.dismissCheck({ ...s.ref, checkId: 'end-punctuation', reason: 'The headline style drops it', actor });

      expect(after.revision).toBe(before.revision);
      expect(await s.statuses()).toEqual([['end-punctuation', 'dismissed']]);
      const [result] = checkStatuses(after, { hash: (await s.deps.store.get(slug))!.segments.find((x) => x.id === s.p1)!.hash });
      expect(result?.decision).toMatchObject({ by: actor.name, reason: 'The headline style drops it' });
      expect((await s.history()).at(-1)).toEqual(['dismissCheck', actor.name, ['end-punctuation'], 'The headline style drops it']);
    },
  );

  it('when an error is dismissed, then it is refused: errors are overridden at approval', async () => {
    const s = await setUp();
    await s.review.submit({ ...s.ref, text: ERRS, actor: tina });
    await expect(s.review.dismissCheck({ ...s.ref, checkId: 'numbers', reason: 'fine', actor: rex })).rejects.toThrow(ValidationError);
    expect(await s.statuses()).toEqual([['numbers', 'open']]);
  });

  it.each([
    ['a translator of another locale', jun],
    ['a reviewer without locales', { name: 'rae', role: 'reviewer', locales: [] }],
  ])('when %s dismisses a warning, then it is refused and nothing is recorded', async (_who, actor) => {
    const s = await setUp();
    await s.review.submit({ ...s.ref, text: WARNS, actor: tina });
    const entries = (await s.history()).length;
    await expect(s.review.dismissCheck({ ...s.ref, checkId: 'end-punctuation', reason: 'fine', actor })).rejects.toThrow(ForbiddenError);
    expect(await s.statuses()).toEqual([['end-punctuation', 'open']]);
    expect(await s.history()).toHaveLength(entries);
  });

  it('when a dismissal is undone, then the warning is open again and both steps are in the history', async () => {
    const s = await setUp();
    await s.review.submit({ ...s.ref, text: WARNS, actor: tina });
    await s.review.dismissCheck({ ...s.ref, checkId: 'end-punctuation', reason: 'headline style', actor: tina });
    await s.review.undoDismissal({ ...s.ref, checkId: 'end-punctuation', actor: rex });
    expect(await s.statuses()).toEqual([['end-punctuation', 'open']]);
    expect((await s.history()).slice(-2)).toEqual([
      ['dismissCheck', 'tina', ['end-punctuation'], 'headline style'],
      ['undoDismissal', 'rex', ['end-punctuation'], undefined],
    ]);
    await expect(s.review.undoDismissal({ ...s.ref, checkId: 'end-punctuation', actor: rex })).rejects.toThrow(ConflictError);
  });

  it('when the translation text changes, then the dismissal is void and the warning is open again', async () => {
    const s = await setUp();
    await s.review.submit({ ...s.ref, text: WARNS, actor: tina });
    await s.review.dismissCheck({ ...s.ref, checkId: 'end-punctuation', reason: 'headline style', actor: tina });
    await s.review.saveTranslation({ ...s.ref, text: WARNS_TOO, baseRevision: (await s.row()).revision, actor: tina });
    expect(await s.statuses()).toEqual([['end-punctuation', 'open']]);
    await expect(s.review.undoDismissal({ ...s.ref, checkId: 'end-punctuation', actor: tina })).rejects.toThrow(ConflictError);
  });

  it('when the source changes, then the dismissal is void, here and in tandem check', async () => {
    const s = await setUp();
    await s.review.submit({ ...s.ref, text: WARNS, actor: tina });
    await s.review.dismissCheck({ ...s.ref, checkId: 'end-punctuation', reason: 'headline style', actor: tina });
    expect((await s.checks.checkArticle(slug, 'en')).dismissed).toBe(1);

    await s.importSource([P1_EDITED, P2]);

    expect((await s.row()).state).toBe('stale');
    expect(await s.statuses()).toEqual([['end-punctuation', 'open']]);
    expect(await s.checks.checkArticle(slug, 'en')).toMatchObject({ warnings: 1, dismissed: 0 });
  });
});

describe('overriding an error at approval', () => {
  it('when a reviewer approves over an error with a reason, then it is overridden for that text: check counts it resolved', async () => {
    const s = await setUp();
    await s.review.submit({ ...s.ref, text: ERRS, actor: tina });
    expect(await s.checks.checkArticle(slug, 'en')).toMatchObject({ errors: 1, overridden: 0 });

    const approved = await s.review.approve({ ...s.ref, actor: rex, overrideReason: 'The desk rounds figures in this column' });

    expect(approved.checkOverride).toMatchObject({ checkIds: ['numbers'], by: 'rex', reason: 'The desk rounds figures in this column' });
    expect(await s.statuses()).toEqual([['numbers', 'overridden']]);
    const report = await s.checks.checkArticle(slug, 'en');
    expect(report).toMatchObject({ errors: 0, overridden: 1 });
    expect(report.segments.flatMap((x) => x.results)).toEqual([
      expect.objectContaining({ checkId: 'numbers', status: 'overridden', decision: expect.objectContaining({ by: 'rex' }) }),
    ]);
    expect((await s.history()).at(-1)).toEqual([
      'approve',
      'rex',
      ['numbers'],
      'checks overridden: The desk rounds figures in this column',
    ]);
  });

  it('when the overridden text is sent back to review unchanged, then it may be approved again without a new reason', async () => {
    const s = await setUp();
    await s.review.submit({ ...s.ref, text: ERRS, actor: tina });
    const approved = await s.review.approve({ ...s.ref, actor: rex, overrideReason: 'Rounded on purpose' });
    await s.review.saveTranslation({ ...s.ref, text: ERRS, baseRevision: approved.revision, actor: rex });
    await expect(s.review.approve({ ...s.ref, actor: rio })).resolves.toMatchObject({ state: 'approved' });
  });

  it('when the overridden text is edited, then the error is open again and approval needs a reason', async () => {
    const s = await setUp();
    await s.review.submit({ ...s.ref, text: ERRS, actor: tina });
    const approved = await s.review.approve({ ...s.ref, actor: rex, overrideReason: 'Rounded on purpose' });
    await s.review.saveTranslation({ ...s.ref, text: ERRS.replace('about', 'roughly'), baseRevision: approved.revision, actor: rio });
    expect(await s.statuses()).toEqual([['numbers', 'open']]);
    expect((await s.checks.checkArticle(slug, 'en')).errors).toBe(1);
    await expect(s.review.approve({ ...s.ref, actor: rex })).rejects.toThrow(/numbers/);
  });
});

describe('the publish gate', () => {
  /** Both paragraphs and the title approved in English, P1 naming someone who later becomes a confidential source. */
  async function approvedArticle() {
    const s = await setUp();
    const record = (await s.deps.store.get(slug))!;
    for (const segment of record.segments.filter((x) => !x.removedAt)) {
      const text =
        segment.id === s.p1
          ? 'Kim Chol-su says rice prices at North Korean markets rose 20% in a month.'
          : segment.source === P2
            ? "Pyongyang's exchange rate traded around 8,000 won to the dollar."
            : 'Rice prices';
      await s.review.submit({ slug, segmentId: segment.id, locale: 'en', text, actor: tina });
      await s.review.approve({ slug, segmentId: segment.id, locale: 'en', actor: rex });
    }
    return s;
  }

  it('when a confidential name is added after approval, then publishing is refused with the same count as tandem check, until a reviewer overrides it', async () => {
    const s = await approvedArticle();
    expect((await s.checks.checkArticle(slug, 'en')).errors).toBe(0);
    await s.confidential.add({ term: 'Kim Chol-su', render: 'a source', by: 'editor' });

    const report = await s.checks.checkArticle(slug, 'en');
    expect(report.errors).toBe(1);
    const overview = await s.publish.overview(slug);
    expect(overview.locales.find((l) => l.locale === 'en')).toMatchObject({
      openErrors: report.errors,
      missing: [expect.objectContaining({ segmentId: s.p1, state: 'approved', openErrors: ['confidential'] })],
    });
    const refused = await s.publish.publish({ slug, locale: 'en', actor: { name: 'ed' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PublishRefusedError);
    expect((refused as Error).message).toMatch(/open check errors: #\d+ s-\d+ \(confidential\)/);

    // The way back: the text goes back to review unchanged (its checks run again), a reviewer approves with a reason.
    await s.review.saveTranslation({ ...s.ref, text: (await s.row()).text, baseRevision: (await s.row()).revision, actor: rex });
    await expect(s.review.approve({ ...s.ref, actor: rio })).rejects.toThrow(/confidential/);
    await s.review.approve({ ...s.ref, actor: rio, overrideReason: 'He agreed to be named in this story' });

    expect((await s.checks.checkArticle(slug, 'en')).errors).toBe(0);
    expect((await s.publish.overview(slug)).locales.find((l) => l.locale === 'en')).toMatchObject({ openErrors: 0, missing: [] });
    await expect(s.publish.publish({ slug, locale: 'en', actor: { name: 'ed' } })).resolves.toMatchObject({ status: 'published' });
  });
});

describe('approve-all and check errors', () => {
  it('when approve-all leaves submitted rows with check errors, then it says how many, apart from the approver’s own', async () => {
    const { deps, review, ref, p1 } = await setUp();
    const p2 = (await deps.store.get(slug))!.segments.find((s) => s.source === P2)!.id;
    // P2 holds a number (8천 원): a translation without it fails the numbers check, an error; P1's keeps its 20%.
    await review.submit({ ...ref, segmentId: p2, text: 'The rate held.', actor: tina });
    await review.submit({ ...ref, text: 'Rice rose 20% in a month.', actor: tina });

    const outcome = await review.approveAll({ slug, locale: 'en', actor: rex });

    expect(outcome).toEqual({ approved: 1, skipped: 0, heldByChecks: 1, ownTexts: 0 });
    const stateOf = async (id: string) =>
      (await deps.store.get(slug))!.translations.find((t) => t.segmentId === id && t.locale === 'en')?.state;
    expect(await stateOf(p1)).toBe('approved');
    expect(await stateOf(p2)).toBe('submitted');
  });
});
