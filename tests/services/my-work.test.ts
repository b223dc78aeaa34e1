import { describe, expect, it } from 'vitest';
import { WorkService } from '../../src/services/my-work.ts';
import { editor, publishFixture, SAMPLE_SLUG, translator } from './publish-fixture.ts';

const eddie = { name: editor.name, role: 'editor' as const, locales: [] };

describe('WorkService.myWork', () => {
  it('when a locale is fully approved, then it is ready to publish until it is published, and ready again after a change', async () => {
    const f = await publishFixture();
    const work = new WorkService(f.deps);
    await f.approveAll('en');
    const ready = async () => (await work.myWork(eddie)).ready!.map((g) => `${g.slug}/${g.locale}`);
    expect(await ready()).toEqual([`${SAMPLE_SLUG}/en`]);
    await f.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    expect(await ready()).toEqual([]);
    // A reviewer edits an approved translation and approves it again: the live version no longer says this.
    const record = (await f.deps.store.get(SAMPLE_SLUG as never))!;
    const segment = record.segments.find((s) => !s.removedAt)!;
    const baseRevision = record.translations.find((t) => t.segmentId === segment.id && t.locale === 'en')!.revision;
    const lee = { name: 'reviewer-lee', role: 'reviewer' as const, locales: ['en'] };
    await f.review.saveTranslation({
      slug: SAMPLE_SLUG,
      segmentId: segment.id,
      locale: 'en',
      text: 'A better title',
      baseRevision,
      actor: lee,
    });
    expect(await ready()).toEqual([]);
    await f.review.approve({ slug: SAMPLE_SLUG, segmentId: segment.id, locale: 'en', actor: editor });
    expect(await ready()).toEqual([`${SAMPLE_SLUG}/en`]);
  });

  it('when a version is scheduled, then it is listed until its release time, then no more', async () => {
    const f = await publishFixture();
    const work = new WorkService(f.deps);
    await f.approveAll('ja');
    const at = new Date(f.clock.now.getTime() + 3_600_000).toISOString();
    await f.publish.publish({ slug: SAMPLE_SLUG, locale: 'ja', actor: editor, at });
    const before = await work.myWork(eddie, new Date(Date.parse(at) - 60_000));
    expect(before.scheduled).toEqual([expect.objectContaining({ slug: SAMPLE_SLUG, locale: 'ja', version: 1, releaseAt: at })]);
    expect(before.ready).toEqual([]);
    expect((await work.myWork(eddie, new Date(Date.parse(at) + 60_000))).scheduled).toEqual([]);
  });

  it('when a translator asks, then the editor lists are absent and their own lists cover their writing only', async () => {
    const f = await publishFixture();
    const work = new WorkService(f.deps);
    const record = (await f.deps.store.get(SAMPLE_SLUG as never))!;
    const [a, b] = record.segments.filter((s) => !s.removedAt);
    await f.review.saveTranslation({
      slug: SAMPLE_SLUG,
      segmentId: a!.id,
      locale: 'en',
      text: 'Draft',
      baseRevision: 0,
      actor: translator,
    });
    await f.review.submit({ slug: SAMPLE_SLUG, segmentId: b!.id, locale: 'en', text: 'Sent', actor: translator });
    await f.review.reject({
      slug: SAMPLE_SLUG,
      segmentId: b!.id,
      locale: 'en',
      comment: 'Check the figure',
      actor: { name: 'reviewer-lee', role: 'reviewer' },
    });
    const mine = await work.myWork({ name: translator.name, role: 'translator', locales: ['en'] });
    expect([mine.drafts.total, mine.rejected.total, mine.mySubmitted.total]).toEqual([1, 1, 0]);
    expect(mine.rejected.segments).toEqual([
      expect.objectContaining({
        segmentId: b!.id,
        locale: 'en',
        rejection: expect.objectContaining({ by: 'reviewer-lee', comment: 'Check the figure' }),
      }),
    ]);
    expect([mine.toReview, mine.ready, mine.stale, mine.scheduled]).toEqual([null, null, null, null]);
    const other = await work.myWork({ name: 'someone-else', role: 'reviewer', locales: ['ja'] });
    expect([other.drafts.total, other.rejected.total, other.toReview!.total]).toEqual([0, 0, 0]);
  });
});
