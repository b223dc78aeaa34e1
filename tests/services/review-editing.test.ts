import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.ts';
import { ConflictError, FourEyesError, IllegalTransitionError, ValidationError } from '../../src/core/errors.ts';
import type { Storage } from '../../src/core/ports/storage-backend.ts';
import type { Translation } from '../../src/core/model.ts';
import { CheckService } from '../../src/services/checks.ts';
import { ReviewService } from '../../src/services/review.ts';
import { segmentOffers } from '../../src/services/review-rules.ts';
import { newTranslation } from '../../src/core/workflow.ts';
import { openTestStorage } from '../support/storage.ts';
import { REVIEW_SLUG, setUpReview, storedTranslation } from './support.ts';

const tina = { name: 'tina', role: 'translator', locales: ['en'] } as const;
const rex = { name: 'rex', role: 'reviewer', locales: ['en'] } as const;
const rita = { name: 'rita', role: 'reviewer', locales: ['en'] } as const;
const jay = { name: 'jay', role: 'reviewer', locales: ['ja'] } as const;
const ed = { name: 'ed', role: 'editor', locales: [] } as const;

// P1 says "20%": a different number fails the numbers check (an error).
const GOOD = 'Rice prices at North Korean markets rose 20% in a month.';
const BETTER = 'Rice prices in North Korean markets rose 20% within a month.';
const WRONG_NUMBER = 'Rice prices at North Korean markets rose about 25% in a month.';

let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
});

async function withChecks() {
  storage = await openTestStorage();
  const base = await setUpReview();
  const checker = new CheckService({ store: base.deps.store, checks: CHECKS, settings: storage.mt.settings });
  return { ...base, review: new ReviewService({ ...base.deps, checker }) };
}

/** Counts the store's writes from now on. */
function countWrites(deps: Awaited<ReturnType<typeof setUpReview>>['deps']): () => number {
  let writes = 0;
  deps.store.watch(() => {
    writes++;
  });
  return () => writes;
}

async function historyOf(deps: Awaited<ReturnType<typeof setUpReview>>['deps'], segmentId: string) {
  const record = (await deps.store.get(REVIEW_SLUG))!;
  return record.history.filter((h) => h.segmentId === segmentId && h.locale === 'en');
}

describe('what the review page offers (segmentOffers)', () => {
  const row = (state: Translation['state'], textBy: string | null = 'tina'): Translation => ({
    ...newTranslation('s-1', 'en', '2026-03-01T09:00:00Z'),
    state,
    text: state === 'untranslated' ? '' : 'Text.',
    textBy,
  });
  const offered = (t: Translation, person: Parameters<typeof segmentOffers>[1]) => {
    const { actions, primary } = segmentOffers(t, person, true);
    return { actions: Object.fromEntries(Object.entries(actions).map(([k, v]) => [k, v.enabled ? 'on' : v.reason])), primary };
  };
  it.each([
    ['a translator, untranslated', row('untranslated', null), tina, { save: 'on', submit: 'on' }, 'submit'],
    ['a translator, draft', row('draft'), tina, { save: 'on', submit: 'on' }, 'submit'],
    ['a translator, submitted', row('submitted'), tina, { save: 'on' }, 'save'],
    ['a translator, approved', row('approved'), tina, {}, null],
    ['a translator, stale', row('stale'), tina, { save: 'on', submit: 'on' }, 'submit'],
    ['a reviewer, submitted by someone else', row('submitted'), rex, { save: 'on', approve: 'on', reject: 'on' }, 'approve'],
    ['a reviewer, submitted by them', row('submitted', 'rex'), rex, { save: 'on', approve: 'four-eyes', reject: 'on' }, 'approve'],
    ['a reviewer, draft', row('draft'), rex, { save: 'on', submit: 'on' }, 'submit'],
    ['a reviewer, approved', row('approved'), rex, { save: 'on' }, 'save'],
    ['a reviewer of another locale', row('submitted'), jay, {}, null],
    ['an editor, submitted', row('submitted'), ed, { save: 'on', approve: 'on', reject: 'on' }, 'approve'],
  ])('when %s, then exactly the legal actions are offered', (_case, t, person, actions, primary) => {
    expect(offered(t, person)).toEqual({ actions, primary });
  });

  it('when the four-eyes rule is off, then a reviewer may approve their own text', () => {
    expect(segmentOffers(row('submitted', 'rex'), rex, false).actions.approve).toEqual({ enabled: true });
  });
});

describe('a reviewer corrects and approves in one action', () => {
  it('when a reviewer corrects a translator’s submission, then it is approved with their text in one write and the history says whose text they corrected', async () => {
    const { deps, review, ref, segmentId } = await setUpReview();
    const submitted = await review.submit({ ...ref, text: GOOD, actor: tina });
    const writes = countWrites(deps);
    const approved = await review.correctAndApprove({ ...ref, text: BETTER, baseRevision: submitted.revision, actor: rex });
    expect(writes()).toBe(1);
    expect(approved).toMatchObject({ state: 'approved', text: BETTER, approvedText: BETTER, textBy: 'rex' });
    const history = (await historyOf(deps, segmentId)).slice(-2);
    expect(history.map((h) => [h.action, h.by, h.from, h.to, h.correctionOf])).toEqual([
      ['save', 'rex', 'submitted', 'submitted', undefined],
      ['approve', 'rex', 'submitted', 'approved', 'tina'],
    ]);
  });

  it('when the reviewer changed nothing, then it is a plain approval (no correction recorded)', async () => {
    const { deps, review, ref, segmentId } = await setUpReview();
    const submitted = await review.submit({ ...ref, text: GOOD, actor: tina });
    await review.correctAndApprove({ ...ref, text: GOOD, baseRevision: submitted.revision, actor: rex });
    const last = (await historyOf(deps, segmentId)).at(-1)!;
    expect([last.action, last.correctionOf]).toEqual(['approve', undefined]);
  });

  it('when the reviewer wrote the submitted text, then four-eyes refuses and nothing is written', async () => {
    const { deps, review, ref, segmentId } = await setUpReview();
    const submitted = await review.submit({ ...ref, text: GOOD, actor: rex });
    await expect(review.correctAndApprove({ ...ref, text: BETTER, baseRevision: submitted.revision, actor: rex })).rejects.toThrow(
      FourEyesError,
    );
    expect(await storedTranslation(deps, segmentId)).toMatchObject({ state: 'submitted', text: GOOD, revision: submitted.revision });
  });

  it.each([
    ['the row moved on', 'conflict'],
    ['the row is a draft', 'transition'],
  ])('when %s, then it is refused and nothing is written', async (_case, kind) => {
    const { deps, review, ref, segmentId } = await setUpReview();
    const draft = await review.saveTranslation({ ...ref, text: GOOD, baseRevision: 0, actor: tina });
    const current = kind === 'conflict' ? await review.submit({ ...ref, actor: tina }) : draft;
    const refusal = await review
      .correctAndApprove({ ...ref, text: BETTER, baseRevision: draft.revision, actor: rex })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(kind === 'conflict' ? ConflictError : IllegalTransitionError);
    expect(await storedTranslation(deps, segmentId)).toMatchObject({ state: current.state, text: GOOD, revision: current.revision });
  });

  it('when the correction fails an error-level check, then approval needs a reason; with one, it is approved over the check', async () => {
    const { deps, review, ref, segmentId } = await withChecks();
    const submitted = await review.submit({ ...ref, text: GOOD, actor: tina });
    const refusal = await review
      .correctAndApprove({ ...ref, text: WRONG_NUMBER, baseRevision: submitted.revision, actor: rex })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(await storedTranslation(deps, segmentId)).toMatchObject({ state: 'submitted', text: GOOD });
    const approved = await review.correctAndApprove({
      ...ref,
      text: WRONG_NUMBER,
      baseRevision: submitted.revision,
      actor: rex,
      overrideReason: 'The ministry corrected the figure.',
    });
    expect(approved).toMatchObject({ state: 'approved', text: WRONG_NUMBER });
    expect(approved.checkOverride?.checkIds).toContain('numbers');
    expect((await historyOf(deps, segmentId)).at(-1)).toMatchObject({ action: 'approve', correctionOf: 'tina' });
  });

  it('when the corrected text passes the checks the submitted text failed, then no reason is needed', async () => {
    const { review, ref } = await withChecks();
    const submitted = await review.submit({ ...ref, text: WRONG_NUMBER, actor: tina });
    const approved = await review.correctAndApprove({ ...ref, text: GOOD, baseRevision: submitted.revision, actor: rita });
    expect(approved).toMatchObject({ state: 'approved', text: GOOD });
    expect(approved.checkOverride).toBeUndefined();
  });
});

describe('submitting all finished drafts at once', () => {
  it('when a translator submits all, then their drafts go to review in one write; others’ drafts and failing ones stay', async () => {
    const { deps, review, ref, p2Id } = await withChecks();
    const p1 = await review.saveTranslation({ ...ref, text: GOOD, baseRevision: 0, actor: tina });
    await review.saveTranslation({
      ...ref,
      segmentId: p2Id,
      text: 'The exchange rate in Pyongyang was 8,000 won.',
      baseRevision: 0,
      actor: rita,
    });
    const writes = countWrites(deps);
    expect(await review.submitAll({ slug: REVIEW_SLUG, locale: 'en', actor: tina })).toEqual({ submitted: 1, blocked: 0 });
    expect(writes()).toBe(1);
    expect(await storedTranslation(deps, ref.segmentId)).toMatchObject({ state: 'submitted', revision: p1.revision + 1 });
    expect(await storedTranslation(deps, p2Id)).toMatchObject({ state: 'draft' });
  });

  it('when a draft fails an error-level check, then it stays a draft and is counted as blocked', async () => {
    const { review, ref, deps } = await withChecks();
    await review.saveTranslation({ ...ref, text: WRONG_NUMBER, baseRevision: 0, actor: tina });
    expect(await review.submitAll({ slug: REVIEW_SLUG, locale: 'en', actor: tina })).toEqual({ submitted: 0, blocked: 1 });
    expect(await storedTranslation(deps, ref.segmentId)).toMatchObject({ state: 'draft' });
  });

  it('when there is nothing to submit, then nothing is written', async () => {
    const { review, deps } = await setUpReview();
    const writes = countWrites(deps);
    expect(await review.submitAll({ slug: REVIEW_SLUG, locale: 'en', actor: tina })).toEqual({ submitted: 0, blocked: 0 });
    expect(writes()).toBe(0);
  });
});
