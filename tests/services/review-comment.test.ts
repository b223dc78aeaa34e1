import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.ts';
import { parseSlug } from '../../src/core/slug.ts';
import type { ServiceDeps, TranslationEvent } from '../../src/services/types.ts';
import { setUpReview, storedTranslation } from './support.ts';

const slug = parseSlug('rice-prices');
const tina = { name: 'tina', role: 'translator' };
const rex = { name: 'rex', role: 'reviewer' };

const setUp = setUpReview;

const stored = (deps: ServiceDeps, segmentId: string) => storedTranslation(deps, segmentId);

describe('ReviewService.comment', () => {
  it('when a reviewer comments on a draft, then the comment and a history entry are stored and state, text and revision stay', async () => {
    const { deps, review, ref, segmentId } = await setUp();
    const saved = await review.saveTranslation({ ...ref, text: 'Rice rose 20%.', baseRevision: 0, actor: tina });
    const after = await review.comment({ ...ref, text: 'Which month?', actor: rex });
    expect(after).toMatchObject({ state: 'draft', text: 'Rice rose 20%.', revision: saved.revision, updatedBy: 'tina', textBy: 'tina' });
    expect(after.comments).toEqual([expect.objectContaining({ by: 'rex', text: 'Which month?' })]);
    expect(await stored(deps, segmentId)).toEqual(after);
    const last = (await deps.store.get(slug))!.history.at(-1)!;
    expect(last).toMatchObject({
      action: 'comment',
      by: 'rex',
      segmentId,
      locale: 'en',
      from: 'draft',
      to: 'draft',
      comment: 'Which month?',
    });
  });

  it("when someone comments while a translator's editor is open, then the translator's save from the old revision still goes through", async () => {
    const { deps, review, ref, segmentId } = await setUp();
    const opened = await review.saveTranslation({ ...ref, text: 'First try.', baseRevision: 0, actor: tina });
    await review.comment({ ...ref, text: 'Use "rice", not "grain".', actor: rex });
    const saved = await review.saveTranslation({ ...ref, text: 'Rice prices rose.', baseRevision: opened.revision, actor: tina });
    expect(saved).toMatchObject({ text: 'Rice prices rose.', revision: opened.revision + 1 });
    expect((await stored(deps, segmentId))!.comments.map((c) => c.text)).toEqual(['Use "rice", not "grain".']);
  });

  it('when a segment has no translation yet, then the comment creates the untranslated row and leaves it untranslated', async () => {
    const { deps, review, ref, segmentId } = await setUp({ targetLocales: ['en', 'ja'] });
    const before = await stored(deps, segmentId);
    const after = await review.comment({ ...ref, text: '고유명사 주의', actor: tina });
    expect(after).toMatchObject({ state: 'untranslated', text: '', revision: before?.revision ?? 0 });
    expect(after.comments).toHaveLength(1);
  });

  it('when the comment is blank, then it is refused and nothing is written', async () => {
    const { deps, review, ref } = await setUp();
    const historyBefore = (await deps.store.get(slug))!.history.length;
    await expect(review.comment({ ...ref, text: ' \n ', actor: rex })).rejects.toThrow(ValidationError);
    expect((await deps.store.get(slug))!.history).toHaveLength(historyBefore);
  });

  it('when a comment is added, then neither the text-changed nor the approved hook runs', async () => {
    const events: string[] = [];
    const { review, ref } = await setUp({
      onTextChanged: async (e: TranslationEvent) => void events.push(`text:${e.translation.segmentId}`),
      onApproved: async (e: TranslationEvent) => void events.push(`approved:${e.translation.segmentId}`),
    });
    await review.comment({ ...ref, text: 'Looks fine to me.', actor: rex });
    expect(events).toEqual([]);
  });
});
