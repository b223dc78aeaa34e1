import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, FourEyesError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { type ArticleRecord, TRANSLATION_STATES } from '../../src/core/model.ts';
import { needsWork, nextNeedingWork, nextNeedingWorkAll, QUEUE_STATES } from '../../src/services/queue.ts';
import type { ReviewService } from '../../src/services/review.ts';
import type { TranslationEvent } from '../../src/services/types.ts';
import { REVIEW_SLUG, setUpReview, storedTranslation } from './support.ts';

const tina = { name: 'tina', role: 'translator', locales: ['en'] };
const rex = { name: 'rex', role: 'reviewer', locales: ['en'] };
const rita = { name: 'rita', role: 'reviewer', locales: ['en'] };
const jay = { name: 'jay', role: 'reviewer', locales: ['ja'] };

describe('review workflow rules', () => {
  it('when a reviewer approves text they wrote, then the refusal is a FourEyesError (a ForbiddenError) with its own code', async () => {
    const { review, ref } = await setUpReview();
    await review.submit({ ...ref, text: 'Rice rose.', actor: rex });
    const refusal = await review.approve({ ...ref, actor: rex }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(FourEyesError);
    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect((refusal as FourEyesError).code).toBe('four-eyes');
  });

  it('when a person who may not review in the locale edits approved text, then it is refused; a reviewer of the locale may', async () => {
    const { deps, review, ref, segmentId } = await setUpReview();
    await review.submit({ ...ref, text: 'Rice rose.', actor: tina });
    const approved = await review.approve({ ...ref, actor: rex });
    for (const actor of [tina, jay]) {
      const refusal = await review
        .saveTranslation({ ...ref, text: 'Changed', baseRevision: approved.revision, actor })
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ForbiddenError);
      expect(refusal).not.toBeInstanceOf(FourEyesError);
      await expect(review.submit({ ...ref, text: 'Changed', actor })).rejects.toThrow(ForbiddenError);
    }
    expect(await storedTranslation(deps, segmentId)).toMatchObject({ state: 'approved', text: 'Rice rose.' });
    const edited = await review.saveTranslation({ ...ref, text: 'Rice rose sharply.', baseRevision: approved.revision, actor: rita });
    expect(edited).toMatchObject({ state: 'submitted', textBy: 'rita' });
  });

  it('when an approval carries text that differs from the stored text of its revision, then it is refused and nothing changes', async () => {
    const { deps, review, ref, segmentId } = await setUpReview();
    const submitted = await review.submit({ ...ref, text: 'Rice rose.', actor: tina });
    await expect(review.approve({ ...ref, baseRevision: submitted.revision, text: 'Rice rose a lot.', actor: rex })).rejects.toThrow(
      ValidationError,
    );
    await expect(review.approve({ ...ref, baseRevision: submitted.revision - 1, text: 'Rice rose a lot.', actor: rex })).rejects.toThrow(
      ConflictError,
    );
    expect(await storedTranslation(deps, segmentId)).toMatchObject({ state: 'submitted', revision: submitted.revision });
    const approved = await review.approve({ ...ref, baseRevision: submitted.revision, text: 'Rice rose.', actor: rex });
    expect(approved.state).toBe('approved');
  });

  it('when a submit carries the stored text unchanged, then it is a plain state change without a save', async () => {
    const { review, ref } = await setUpReview();
    const saved = await review.saveTranslation({ ...ref, text: 'Rice rose.', baseRevision: 0, actor: tina });
    const submitted = await review.submit({ ...ref, text: 'Rice rose.', baseRevision: saved.revision, actor: tina });
    expect(submitted).toMatchObject({ state: 'submitted', text: 'Rice rose.' });
    expect(submitted.revision).toBe(saved.revision + 1);
  });

  it('when approve-all runs, then it takes submitted rows without check errors and not written by the approver', async () => {
    const { deps, review, ref, segmentId, p2Id } = await setUpReview();
    await review.submit({ ...ref, text: 'Rice rose.', actor: tina });
    await review.submit({ ...ref, segmentId: p2Id, text: 'The rate held.', actor: rex });
    const record = (await deps.store.get(REVIEW_SLUG))!;
    expect(review.bulkApprovable(record, 'en', 'rex').map((t) => t.segmentId)).toEqual([segmentId]);
    expect(await review.approveAll({ slug: REVIEW_SLUG, locale: 'en', actor: rex })).toEqual({
      approved: 1,
      skipped: 0,
      heldByChecks: 0,
      ownTexts: 1,
    });
    expect(await storedTranslation(deps, segmentId)).toMatchObject({ state: 'approved', updatedBy: 'rex' });
    expect(await storedTranslation(deps, p2Id)).toMatchObject({ state: 'submitted' });
  });

  it('when a row counted by approve-all changes before its turn, then it is skipped, not approved unseen', async () => {
    let review!: ReviewService;
    let p2 = '';
    const onApproved = async (event: TranslationEvent) => {
      // The first approval stands in for another person editing the second row meanwhile.
      if (event.segment.id !== p2) {
        const current = event.record.translations.find((t) => t.segmentId === p2 && t.locale === 'en')!;
        await review.saveTranslation({
          slug: REVIEW_SLUG,
          segmentId: p2,
          locale: 'en',
          text: 'Edited meanwhile.',
          baseRevision: current.revision,
          actor: { name: 'tina' },
        });
      }
    };
    const set = await setUpReview({ onApproved });
    review = set.review;
    p2 = set.p2Id;
    await review.submit({ ...set.ref, text: 'Rice rose.', actor: tina });
    await review.submit({ ...set.ref, segmentId: p2, text: 'The rate held.', actor: tina });
    expect(await review.approveAll({ slug: REVIEW_SLUG, locale: 'en', actor: rex })).toEqual({
      approved: 1,
      skipped: 1,
      heldByChecks: 0,
      ownTexts: 0,
    });
    expect(await storedTranslation(set.deps, p2)).toMatchObject({ state: 'submitted', text: 'Edited meanwhile.', textBy: 'tina' });
  });

  it('when approve-all names an article that does not exist, then it is a NotFoundError', async () => {
    const { review } = await setUpReview();
    await expect(review.approveAll({ slug: 'no-such-article', locale: 'en', actor: rex })).rejects.toThrow(NotFoundError);
  });
});

describe('queue states', () => {
  it.each([
    ['untranslated', false, true],
    ['draft', false, true],
    ['stale', false, true],
    ['submitted', false, false],
    ['submitted', true, true],
    ['approved', true, false],
  ] as const)('when a row is %s and the person may review: %s, then it needs their work: %s', (state, mayReview, expected) => {
    expect(needsWork(state, mayReview)).toBe(expected);
  });

  it("when every queue state needs a reviewer's work, then the queue and the review page agree on the states", () => {
    for (const state of QUEUE_STATES) expect(needsWork(state, true)).toBe(true);
  });

  it('when the next segment needing work is asked for, then it follows reading order, wraps round and skips done work', async () => {
    const { deps, review, ref, segmentId, p2Id } = await setUpReview();
    const record = (await deps.store.get(REVIEW_SLUG))!;
    const title = record.segments.find((s) => s.order === 0)!.id;
    expect(nextNeedingWork(record, 'en', segmentId, false)).toBe(p2Id);
    expect(nextNeedingWork(record, 'en', p2Id, false)).toBe(title);
    await review.submit({ ...ref, segmentId: p2Id, text: 'The rate held.', actor: tina });
    await review.submit({ ...ref, segmentId: title, text: 'Rice', actor: tina });
    const after = (await deps.store.get(REVIEW_SLUG))!;
    expect(nextNeedingWork(after, 'en', segmentId, false)).toBeNull();
    expect(nextNeedingWork(after, 'en', segmentId, true)).toBe(p2Id);
  });

  it('when the next segment is asked for every row at once, then each answer is the reading-order walk from that row', () => {
    const rows = fc.array(fc.record({ state: fc.constantFrom(...TRANSLATION_STATES), removed: fc.boolean(), order: fc.nat(50) }), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(rows, fc.boolean(), (list, mayReview) => {
        const record = {
          segments: list.map((r, i) => ({
            id: `s${i}`,
            order: r.order * 100 + i,
            ...(r.removed ? { removedAt: '2026-01-01T00:00:00Z' } : {}),
          })),
          translations: list.map((r, i) => ({ segmentId: `s${i}`, locale: 'en', state: r.state })),
        } as unknown as ArticleRecord;
        const live = [...record.segments].filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
        const all = nextNeedingWorkAll(record, 'en', mayReview);
        expect([...all.keys()].sort()).toEqual(live.map((s) => s.id).sort());
        for (const [at, from] of live.entries()) {
          const walk = [...live.slice(at + 1), ...live.slice(0, at)];
          const state = (id: string) => list[Number(id.slice(1))]!.state;
          const expected = walk.find((s) => needsWork(state(s.id), mayReview))?.id ?? null;
          expect(all.get(from.id)).toBe(expected);
          expect(nextNeedingWork(record, 'en', from.id, mayReview)).toBe(expected);
        }
      }),
    );
  });
});
