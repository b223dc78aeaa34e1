import { describe, expect, it } from 'vitest';
import { InMemoryMtStore } from '../../../src/adapters/storage/in-memory/mt-store.ts';
import type { MtJobTallyDelta, MtQueueItem, MtQueueStore } from '../../../src/core/ports/mt-store.ts';
import type { Slug } from '../../../src/core/slug.ts';
import { JobTallies } from '../../../src/services/mt/job-tally.ts';
import type { KeyedUnit, Member } from '../../../src/services/mt/runtime.ts';

const item = (id: string, jobId: string) => ({ id, jobId }) as MtQueueItem;
const unit = (masked: string, ...items: MtQueueItem[]): KeyedUnit => [
  masked,
  { locale: 'en', masked, members: items.map((i) => ({ item: i }) as Member) },
];

/** A queue store holding two jobs, returned with their ids. */
async function twoJobs(): Promise<{ queue: MtQueueStore; a: string; b: string }> {
  const { queue } = new InMemoryMtStore();
  const job = { createdBy: 'editor', provider: 'deepl', locales: ['en'] };
  const add = async (segmentId: string) =>
    (await queue.enqueue(job, [{ slug: 'a' as Slug, segmentId, locale: 'en', hash: segmentId, expectedRevision: 0 }])).job.id;
  return { queue, a: await add('s1'), b: await add('s2') };
}

describe('per-job tallies of a worker, stored with the jobs (what `tandem translate` beside any instance reports)', () => {
  it('when a request carries texts of two jobs, then both count the request and each text counts for its first item’s job', async () => {
    const { queue, a, b } = await twoJobs();
    const tallies = new JobTallies();
    // "가나다" is shared by an item of job a (first) and one of job b; "라마" is b's alone.
    tallies.sent([unit('가나다', item('1', a), item('2', b)), unit('라마', item('3', b))], 1, 5);
    tallies.drafts([item('1', a), item('2', b), item('3', b)]);
    tallies.drafts([item('4', a)], true);
    expect(await queue.tally(a)).toEqual({ drafts: 0, memoryDrafts: 0, requests: 0, characters: 0 });

    await tallies.flush(queue);

    expect(await queue.tally(a)).toEqual({ drafts: 1, memoryDrafts: 1, requests: 1, characters: 3 });
    expect(await queue.tally(b)).toEqual({ drafts: 2, memoryDrafts: 0, requests: 1, characters: 2 });
    expect(await queue.tally()).toEqual({ drafts: 3, memoryDrafts: 1, requests: 1, characters: 5 });
    await tallies.flush(queue);
    expect(await queue.tally()).toEqual({ drafts: 3, memoryDrafts: 1, requests: 1, characters: 5 });
  });

  it('when a request was sent twice or only in part, then the jobs’ characters still add up to what was sent', async () => {
    const { queue, a, b } = await twoJobs();
    const retried = new JobTallies();
    retried.sent([unit('가나다', item('1', a)), unit('라마', item('2', b))], 2, 10);
    await retried.flush(queue);
    expect((await queue.tally(a)).characters).toBe(8);
    expect((await queue.tally()).characters).toBe(10);

    const partial = new JobTallies();
    partial.sent([unit('가나다', item('1', a)), unit('라마', item('2', b))], 1, 2);
    await partial.flush(queue);
    expect((await queue.tally()).characters).toBe(12);
  });

  it('when storing the figures fails, then they are kept and stored with the next flush', async () => {
    const { queue, a } = await twoJobs();
    const tallies = new JobTallies();
    tallies.drafts([item('1', a)]);
    let down = true;
    const flaky = {
      addTallies: (deltas: readonly MtJobTallyDelta[]) =>
        down ? Promise.reject(new Error('connection terminated')) : queue.addTallies(deltas),
    };
    await expect(tallies.flush(flaky)).rejects.toThrow('connection terminated');
    tallies.drafts([item('2', a)]);
    down = false;

    await tallies.flush(flaky);

    expect((await queue.tally(a)).drafts).toBe(2);
  });
});
