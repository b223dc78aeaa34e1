import { describe, expect, it } from 'vitest';
import type { MtQueueItem } from '../../../src/core/ports/mt-store.ts';
import { JobTallies } from '../../../src/services/mt/job-tally.ts';
import type { KeyedUnit, Member } from '../../../src/services/mt/runtime.ts';

const item = (id: string, jobId: string) => ({ id, jobId }) as MtQueueItem;
const unit = (masked: string, ...items: MtQueueItem[]): KeyedUnit => [
  masked,
  { locale: 'en', masked, members: items.map((i) => ({ item: i }) as Member) },
];

describe('per-job tallies of a worker (what `tandem translate` beside a server reports)', () => {
  it('when a request carries texts of two jobs, then both count the request and each text counts for its first item’s job', () => {
    const tallies = new JobTallies();
    // "가나다" is shared by an item of job a (first) and one of job b; "라마" is b's alone.
    tallies.sent([unit('가나다', item('1', 'a'), item('2', 'b')), unit('라마', item('3', 'b'))], 1, 5);
    tallies.drafts([item('1', 'a'), item('2', 'b'), item('3', 'b')]);
    tallies.drafts([item('4', 'a')], true);

    expect(tallies.get('a')).toEqual({ drafts: 1, memoryDrafts: 1, requests: 1, characters: 3 });
    expect(tallies.get('b')).toEqual({ drafts: 2, memoryDrafts: 0, requests: 1, characters: 2 });
    expect(tallies.all()).toEqual({ drafts: 3, memoryDrafts: 1, requests: 1, characters: 5 });
    expect(tallies.get('unknown')).toEqual({ drafts: 0, memoryDrafts: 0, requests: 0, characters: 0 });
  });

  it('when a request was sent twice or only in part, then the jobs’ characters still add up to what was sent', () => {
    const retried = new JobTallies();
    retried.sent([unit('가나다', item('1', 'a')), unit('라마', item('2', 'b'))], 2, 10);
    expect(retried.get('a').characters + retried.get('b').characters).toBe(10);
    expect(retried.get('a').characters).toBe(8);

    const partial = new JobTallies();
    partial.sent([unit('가나다', item('1', 'a')), unit('라마', item('2', 'b'))], 1, 2);
    expect(partial.get('a').characters + partial.get('b').characters).toBe(2);
  });
});
