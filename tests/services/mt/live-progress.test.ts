import { afterEach, describe, expect, it } from 'vitest';
import { InProcessChangeFeed } from '../../../src/adapters/changes/index.ts';
import type { ChangeEvent, MtProgressEvent } from '../../../src/core/ports/change-feed.ts';
import { article, startRig, type Rig } from '../../fake-deepl/setup.ts';

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

/** A rig whose services announce on a feed, and everything announced, in order. */
async function liveRig() {
  const changes = new InProcessChangeFeed();
  const events: ChangeEvent[] = [];
  changes.subscribe((e) => events.push(e));
  const rig = await startRig({
    hooks: { changes },
    service: {
      now: () => new Date('2026-03-01T09:00:00.000Z'),
      random: () => 0,
      backoff: { attempts: 2, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    },
  });
  rigs.push(rig);
  await rig.import('a1', article('제목', ['첫 문단.', '둘째 문단.']));
  events.length = 0;
  const progress = () => events.filter((e): e is MtProgressEvent => e.type === 'mt-progress');
  /** Each progress announcement as `queued/running/retrying/failed`, or `done`. */
  const counts = () =>
    progress().map((e) =>
      e.progress ? `${e.progress.queued}/${e.progress.inFlight}/${e.progress.retrying}/${e.progress.failed}` : 'done',
    );
  return { rig, events, progress, counts };
}

describe('MT queue progress is announced', () => {
  it('when an article is queued and drained, then its progress goes queued → running → done, and each draft is announced', async () => {
    const { rig, events, progress, counts } = await liveRig();
    await rig.service.enqueue({ locales: ['en'], slugs: ['a1'], by: 'editor' });
    await rig.service.drain();
    expect(counts()).toEqual(['3/0/0/0', '0/3/0/0', 'done']);
    expect(progress().every((e) => e.slug === 'a1' && e.locale === 'en')).toBe(true);
    const drafts = events.filter((e) => e.type === 'segment-changed');
    expect(drafts).toHaveLength(3);
    expect(drafts[0]).toMatchObject({ slug: 'a1', locale: 'en', state: 'draft', by: 'machine', revision: 1 });
    expect(drafts.map((e) => (e.type === 'segment-changed' ? e.text : ''))).toEqual(
      expect.arrayContaining([expect.stringContaining('첫 문단.')]),
    );
    // Drafts are stored (and announced) before their queue items are done.
    expect(events.findIndex((e) => e.type === 'segment-changed')).toBeLessThan(events.findLastIndex((e) => e.type === 'mt-progress'));
  });

  it('when DeepL keeps failing, then the pair is announced as retrying with the reason and the time', async () => {
    const { rig, progress, counts } = await liveRig();
    rig.fake.failNext(503, 20);
    await rig.service.enqueue({ locales: ['en'], slugs: ['a1'], by: 'editor' });
    await rig.service.drain();
    expect(counts()).toEqual(['3/0/0/0', '0/3/0/0', '0/0/3/0']);
    expect(progress().at(-1)?.progress).toMatchObject({
      nextRetryAt: '2026-03-01T09:01:00.000Z',
      retryingReasons: [{ reason: 'unavailable', count: 3 }],
    });
  });

  it('when an editor retries failed items, then the pair is announced as queued again', async () => {
    const { rig, counts } = await liveRig();
    rig.fake.failNext(503, 20);
    await rig.service.enqueue({ locales: ['en'], slugs: ['a1'], by: 'editor' });
    await rig.service.drain();
    await rig.service.retryFailed({ slug: 'a1', locale: 'en' });
    expect(counts().at(-1)).toBe('3/0/0/0');
  });
});
