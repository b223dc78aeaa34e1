import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import type { Translation } from '../../src/core/model.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { ReviewService } from '../../src/services/review.ts';
import { CheckService } from '../../src/services/checks.ts';
import { CHECKS } from '../../src/checks/index.ts';
import type { ServiceDeps, TranslationEvent } from '../../src/services/types.ts';
import { article, P1, P2, P2_EDITED, setUpReview, storedTranslation, testDeps } from './support.ts';

const slug = parseSlug('rice-prices');
const tina = { name: 'tina', role: 'translator' };
const rex = { name: 'rex', role: 'reviewer' };

const setUp = setUpReview;

async function stored(deps: ServiceDeps, segmentId: string, locale = 'en'): Promise<Translation> {
  return (await storedTranslation(deps, segmentId, locale))!;
}

describe('ReviewService', () => {
  it('when a translator saves, submits and a reviewer approves, then the row is approved with a history of each step', async () => {
    const { deps, review, ref, segmentId } = await setUp();
    const saved = await review.saveTranslation({ ...ref, text: 'Rice rose 20% in a month.', baseRevision: 0, actor: tina });
    expect(saved).toMatchObject({ state: 'draft', revision: 1, origin: 'human', textBy: 'tina' });
    await review.submit({ ...ref, actor: tina });
    const approved = await review.approve({ ...ref, baseRevision: 2, actor: rex });
    expect(approved).toMatchObject({ state: 'approved', revision: 3, approvedSource: P1 });
    expect(await stored(deps, segmentId)).toEqual(approved);
    const history = (await deps.store.get(slug))!.history.filter((h) => h.segmentId === segmentId && h.locale === 'en');
    expect(history.map((h) => [h.action, h.by, h.from, h.to])).toEqual([
      ['save', 'tina', 'untranslated', 'draft'],
      ['submit', 'tina', 'draft', 'submitted'],
      ['approve', 'rex', 'submitted', 'approved'],
    ]);
  });

  it('when a save carries an old revision, then it is refused with a conflict carrying the current translation', async () => {
    const { deps, review, ref, segmentId } = await setUp();
    await review.saveTranslation({ ...ref, text: 'First edit.', baseRevision: 0, actor: tina });
    const error = await review.saveTranslation({ ...ref, text: 'Second edit from an old page.', baseRevision: 0, actor: rex }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).current).toMatchObject({ text: 'First edit.', revision: 1 });
    expect((await stored(deps, segmentId)).text).toBe('First edit.');
  });

  it('when a save carries no revision, then it is refused as invalid', async () => {
    const { review, ref } = await setUp();
    await expect(review.saveTranslation({ ...ref, text: 'x', baseRevision: undefined as unknown as number, actor: tina })).rejects.toThrow(
      ValidationError,
    );
  });

  it('when a reviewer approves text they wrote, then the four-eyes rule refuses it', async () => {
    const { deps, review, ref, segmentId } = await setUp();
    await review.submit({ ...ref, text: 'Rice rose.', actor: rex });
    await expect(review.approve({ ...ref, actor: rex })).rejects.toThrow(ForbiddenError);
    expect((await stored(deps, segmentId)).state).toBe('submitted');
    await expect(review.approve({ ...ref, actor: { name: 'ria' } })).resolves.toMatchObject({ state: 'approved' });
  });

  it('when the four-eyes rule is turned off, then a reviewer may approve their own text', async () => {
    const { review, ref } = await setUp({ fourEyes: false });
    await review.submit({ ...ref, text: 'Rice rose.', actor: rex });
    await expect(review.approve({ ...ref, actor: rex })).resolves.toMatchObject({ state: 'approved' });
  });

  it('when a reviewer submits a machine draft untouched, then they may approve it (they did not write it)', async () => {
    const { review, ref } = await setUp();
    await review.applyMachineDraft({ ...ref, text: 'Rice prices rose 20%.', expectedRevision: 0 });
    await review.submit({ ...ref, actor: rex });
    await expect(review.approve({ ...ref, actor: rex })).resolves.toMatchObject({ state: 'approved', origin: 'machine' });
  });

  it('when rejecting without a comment, then it is refused; with one, the row goes back to draft with the comment', async () => {
    const { review, ref } = await setUp();
    await review.submit({ ...ref, text: 'Rice rose.', actor: tina });
    await expect(review.reject({ ...ref, comment: '', actor: rex })).rejects.toThrow(ValidationError);
    const rejected = await review.reject({ ...ref, comment: 'Name the market.', actor: rex });
    expect(rejected.state).toBe('draft');
    expect(rejected.comments.at(-1)).toMatchObject({ by: 'rex', text: 'Name the market.' });
  });

  it('when approving a draft, then the state machine refuses it', async () => {
    const { review, ref } = await setUp();
    await review.saveTranslation({ ...ref, text: 'Rice rose.', baseRevision: 0, actor: tina });
    await expect(review.approve({ ...ref, actor: rex })).rejects.toThrow(IllegalTransitionError);
  });

  it('when an approved translation is edited, then it goes back to submitted', async () => {
    const { review, ref } = await setUp();
    await review.submit({ ...ref, text: 'Rice rose.', actor: tina });
    const approved = await review.approve({ ...ref, actor: rex });
    const edited = await review.saveTranslation({ ...ref, text: 'Rice rose sharply.', baseRevision: approved.revision, actor: rex });
    expect(edited).toMatchObject({ state: 'submitted', approvedText: 'Rice rose.' });
  });

  it('when a translation fails an error-level check, then approval is refused unless a reviewer gives a reason, which stays in the history', async () => {
    const deps = testDeps();
    const checks = new CheckService({ store: deps.store, checks: CHECKS });
    const review = new ReviewService({ ...deps, checker: checks });
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, P2]), by: 'editor' });
    const segmentId = (await deps.store.get(slug))!.segments.find((s) => s.source === P1)!.id;
    const ref = { slug, segmentId, locale: 'en' };
    // "20%" in the source is gone from the target: the numbers check is an error.
    await review.submit({ ...ref, text: 'Rice prices rose sharply in a month.', actor: tina });
    expect((await stored(deps, segmentId)).checks?.map((c) => c.checkId)).toContain('numbers');

    await expect(review.approve({ ...ref, actor: rex })).rejects.toThrow(/numbers/);
    expect((await stored(deps, segmentId)).state).toBe('submitted');

    const approved = await review.approve({ ...ref, actor: rex, overrideReason: 'The desk rounds percentages away in headlines' });
    expect(approved.state).toBe('approved');
    const last = (await deps.store.get(slug))!.history.at(-1)!;
    expect(last).toMatchObject({
      action: 'approve',
      by: 'rex',
      comment: 'checks overridden: The desk rounds percentages away in headlines',
    });
  });

  it('when machine drafts arrive as a batch, then they land in one write and a human edit still wins', async () => {
    const { deps, review, ref, segmentId, p2Id } = await setUp();
    await review.saveTranslation({ ...ref, text: 'Human text.', baseRevision: 0, actor: tina });
    let writes = 0;
    const update = deps.store.update.bind(deps.store);
    deps.store.update = (s, change) => {
      writes += 1;
      return update(s, change);
    };
    const outcomes = await review.applyMachineDrafts([
      { slug, segmentId, locale: 'en', text: 'Machine one.', expectedRevision: 0 },
      { slug, segmentId: p2Id, locale: 'en', text: 'Machine two.', expectedRevision: 0 },
      { slug, segmentId: p2Id, locale: 'ja', text: '機械の二。', expectedRevision: 0 },
    ]);
    expect(writes).toBe(1);
    expect(outcomes.map((o) => o.outcome)).toEqual(['suggested', 'applied', 'applied']);
    expect(await stored(deps, segmentId)).toMatchObject({ text: 'Human text.', suggestion: { text: 'Machine one.' } });
    expect(await stored(deps, p2Id)).toMatchObject({ state: 'draft', origin: 'machine', machineDraft: 'Machine two.' });
    expect(await stored(deps, p2Id, 'ja')).toMatchObject({ state: 'draft', text: '機械の二。' });
  });

  it('when a machine draft arrives after a human edit, then it is kept only as a suggestion', async () => {
    const { deps, review, ref, segmentId } = await setUp();
    // The job started at revision 0; the translator saved meanwhile.
    await review.saveTranslation({ ...ref, text: 'Human text.', baseRevision: 0, actor: tina });
    const late = await review.applyMachineDraft({ ...ref, text: 'Machine text.', expectedRevision: 0 });
    expect(late.outcome).toBe('suggested');
    expect(await stored(deps, segmentId)).toMatchObject({
      text: 'Human text.',
      origin: 'human',
      revision: 1,
      suggestion: { text: 'Machine text.', origin: 'machine' },
    });
  });

  it('when a machine draft arrives for a human text at the expected revision, then it is still only a suggestion', async () => {
    const { review, ref } = await setUp();
    const saved = await review.saveTranslation({ ...ref, text: 'Human text.', baseRevision: 0, actor: tina });
    const late = await review.applyMachineDraft({ ...ref, text: 'Machine text.', expectedRevision: saved.revision });
    expect(late).toMatchObject({ outcome: 'suggested', translation: { text: 'Human text.' } });
  });

  it('when a machine draft arrives for an untouched row, then it becomes the draft', async () => {
    const { review, ref } = await setUp();
    const result = await review.applyMachineDraft({ ...ref, text: 'Machine text.', expectedRevision: 0, actor: { name: 'deepl' } });
    expect(result.outcome).toBe('applied');
    expect(result.translation).toMatchObject({ state: 'draft', origin: 'machine', machineDraft: 'Machine text.', textBy: 'deepl' });
  });

  it('when a machine draft arrives over a memory draft, then the memory draft stays and the machine one is a suggestion', async () => {
    const { review, ref } = await setUp();
    const memory = await review.applyMemoryDraft({ ...ref, text: 'From memory.', expectedRevision: 0 });
    expect(memory.translation).toMatchObject({ origin: 'memory', state: 'draft' });
    const machine = await review.applyMachineDraft({ ...ref, text: 'From machine.', expectedRevision: memory.translation.revision });
    expect(machine).toMatchObject({ outcome: 'suggested', translation: { text: 'From memory.' } });
  });

  it('when a machine draft was made for a source that changed since, then it is discarded', async () => {
    const { deps, review, p2Id } = await setUp();
    const ref = { slug, segmentId: p2Id, locale: 'en' };
    const oldHash = (await deps.store.get(slug))!.segments.find((s) => s.id === p2Id)!.hash;
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, P2_EDITED]), by: 'editor' });
    const current = await stored(deps, p2Id);
    const result = await review.applyMachineDraft({ ...ref, text: 'Old draft.', expectedRevision: current.revision, sourceHash: oldHash });
    expect(result.outcome).toBe('discarded');
    expect(await stored(deps, p2Id)).toEqual(current);
  });

  it('when the source changes while a machine job is in flight for an untranslated row, then the late draft is not applied', async () => {
    const { deps, review, p2Id } = await setUp();
    const jobRevision = (await stored(deps, p2Id)).revision;
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, P2_EDITED]), by: 'editor' });
    const result = await review.applyMachineDraft({
      slug,
      segmentId: p2Id,
      locale: 'en',
      text: 'Old draft.',
      expectedRevision: jobRevision,
    });
    expect(result.outcome).toBe('suggested');
    expect((await stored(deps, p2Id)).state).toBe('untranslated');
  });

  it('when hooks are set, then approval and text changes are reported with the stored record', async () => {
    const approved: TranslationEvent[] = [];
    const changed: TranslationEvent[] = [];
    const { review, ref } = await setUp({
      onApproved: async (e) => void approved.push(e),
      onTextChanged: async (e) => void changed.push(e),
    });
    await review.applyMachineDraft({ ...ref, text: 'Machine.', expectedRevision: 0 });
    await review.saveTranslation({ ...ref, text: 'Edited.', baseRevision: 1, actor: tina });
    await review.submit({ ...ref, actor: tina });
    await review.approve({ ...ref, actor: rex });
    expect(changed.map((e) => [e.translation.text, e.actor.name])).toEqual([
      ['Machine.', 'machine'],
      ['Edited.', 'tina'],
    ]);
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({ slug, segment: { source: P1 }, translation: { state: 'approved', text: 'Edited.' } });
    expect(approved[0]!.record.translations).toContainEqual(approved[0]!.translation);
  });

  it.each([
    ['an unknown article', { slug: 'no-such-article' }],
    ['an unknown segment', { segmentId: 's-nope' }],
  ])('when saving to %s, then NotFoundError', async (_case, patch) => {
    const { review, ref } = await setUp();
    await expect(review.saveTranslation({ ...ref, ...patch, text: 'x', baseRevision: 0, actor: tina })).rejects.toThrow(NotFoundError);
  });

  it('when saving to a segment a re-import removed, then it is a conflict', async () => {
    const { deps, review, p2Id } = await setUp();
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1]), by: 'editor' });
    await expect(review.saveTranslation({ slug, segmentId: p2Id, locale: 'en', text: 'x', baseRevision: 0, actor: tina })).rejects.toThrow(
      ConflictError,
    );
  });
});
