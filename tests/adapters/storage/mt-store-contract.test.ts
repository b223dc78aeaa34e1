import { describe, expect, it } from 'vitest';
import type { MtAuditEntry, NewMtQueueItem } from '../../../src/core/ports/mt-store.ts';
import type { Slug } from '../../../src/core/slug.ts';
import { backendsWith, useBackend } from './backends.ts';

const JOB = { createdBy: 'editor-park', provider: 'deepl', locales: ['en'] } as const;

function item(segmentId: string, extra: Partial<NewMtQueueItem> = {}): NewMtQueueItem {
  return { slug: 'rice-prices' as Slug, segmentId, locale: 'en', hash: `h-${segmentId}`, expectedRevision: 0, ...extra };
}

function audit(at: string, characters: number): MtAuditEntry {
  return {
    at,
    provider: 'deepl',
    sourceLocale: 'ko',
    targetLocale: 'en',
    articles: [{ slug: 'rice-prices' as Slug, segmentIds: ['s-1'], characters }],
    jobs: [{ jobId: 'j-1', characters }],
    texts: 1,
    characters,
    billedCharacters: characters,
    outcome: 'ok',
  };
}

describe.each(backendsWith('mt'))('MT store contract ($name)', (row) => {
  const backend = useBackend(row);

  it('when items are enqueued, then a job counts the added ones and items already waiting for the same text are skipped', async () => {
    const { queue } = backend.storage.mt;
    const first = await queue.enqueue(JOB, [item('s-1'), item('s-2'), item('s-2')]);
    expect(first).toMatchObject({ added: 2, skipped: 1, job: { total: 2, createdBy: 'editor-park', locales: ['en'] } });
    const second = await queue.enqueue(JOB, [item('s-1'), item('s-1', { force: true }), item('s-3')]);
    expect(second).toMatchObject({ added: 2, skipped: 1 });
    expect(await queue.counts()).toEqual({ queued: 4, inFlight: 0, retrying: 0, done: 0, failed: 0 });
    expect((await queue.items(first.job.id)).map((i) => [i.segmentId, i.state, i.attempts])).toEqual([
      ['s-1', 'queued', 0],
      ['s-2', 'queued', 0],
    ]);
    expect((await queue.jobs()).map((j) => j.id).sort()).toEqual([first.job.id, second.job.id].sort());
  });

  it('when items are claimed, completed, failed, retried and released, then states and counts follow', async () => {
    const { queue } = backend.storage.mt;
    const { job } = await queue.enqueue(JOB, [item('s-1'), item('s-2'), item('s-3')]);
    const claimed = await queue.claim(2);
    expect(claimed.map((i) => [i.segmentId, i.state])).toEqual([
      ['s-1', 'in-flight'],
      ['s-2', 'in-flight'],
    ]);
    await queue.complete([claimed[0]!.id]);
    await queue.fail([claimed[1]!.id], { error: 'provider: the text was refused', reason: 'refused' });
    expect(await queue.counts(job.id)).toEqual({ queued: 1, inFlight: 0, retrying: 0, done: 1, failed: 1 });
    expect((await queue.items(job.id)).find((i) => i.id === claimed[1]!.id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: 'provider: the text was refused',
      reason: 'refused',
    });

    expect(await queue.retryFailed({ jobId: job.id })).toBe(1);
    const again = await queue.claim(10);
    expect(again.map((i) => i.segmentId).sort()).toEqual(['s-2', 's-3']);
    await queue.release([again[0]!.id], true);
    await queue.release([again[1]!.id]);
    const attempts = Object.fromEntries((await queue.items(job.id)).map((i) => [i.id, [i.state, i.attempts]]));
    expect(attempts).toEqual({ [again[0]!.id]: ['queued', 1], [again[1]!.id]: ['queued', 0] });
  });

  it('when the process restarts with items in flight, then recover puts them back in the queue', async () => {
    const { queue } = backend.storage.mt;
    await queue.enqueue(JOB, [item('s-1'), item('s-2')]);
    await queue.claim(1);
    expect(await queue.recover()).toBe(1);
    expect(await queue.counts()).toEqual({ queued: 2, inFlight: 0, retrying: 0, done: 0, failed: 0 });
    expect(await queue.recover()).toBe(0);
  });

  it('when a send fails for a passing reason, then the item waits until its retry time, counts the attempt and is claimed only then', async () => {
    const { queue } = backend.storage.mt;
    const { job } = await queue.enqueue(JOB, [item('s-1'), item('s-2')]);
    const [first] = await queue.claim(1, '2026-03-01T09:00:00.000Z');
    await queue.retryLater([first!.id], { error: 'provider: 503', reason: 'unavailable', retryAt: '2026-03-01T09:05:00.000Z' });
    expect(await queue.counts(job.id)).toEqual({ queued: 1, inFlight: 0, retrying: 1, done: 0, failed: 0 });
    expect((await queue.items(job.id))[0]).toMatchObject({
      state: 'retrying',
      attempts: 1,
      reason: 'unavailable',
      retryAt: '2026-03-01T09:05:00.000Z',
    });
    // Still waiting for the same text: a new job does not queue it twice.
    expect((await queue.enqueue(JOB, [item('s-1')])).added).toBe(0);

    expect((await queue.claim(10, '2026-03-01T09:04:59.999Z')).map((i) => i.segmentId)).toEqual(['s-2']);
    const due = await queue.claim(10, '2026-03-01T09:05:00.000Z');
    expect(due).toMatchObject([{ segmentId: 's-1', state: 'in-flight', attempts: 1, reason: 'unavailable' }]);
    expect(due[0]!.retryAt).toBeUndefined();
    await queue.fail([due[0]!.id], { error: 'provider: 503 again', reason: 'unavailable' });
    expect((await queue.items(job.id)).find((i) => i.id === due[0]!.id)).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('when someone retries now, then failed and retrying items of the chosen article and locale are queued again with no attempts', async () => {
    const { queue } = backend.storage.mt;
    await queue.enqueue(JOB, [item('s-1'), item('s-2'), item('s-3', { locale: 'ja' }), item('s-4', { slug: 'other' as Slug })]);
    const claimed = await queue.claim(10);
    const id = (segmentId: string) => claimed.find((i) => i.segmentId === segmentId)!.id;
    await queue.fail([id('s-1'), id('s-3'), id('s-4')], { error: 'refused', reason: 'refused' });
    await queue.retryLater([id('s-2')], { error: '429', reason: 'rate-limited', retryAt: '2999-01-01T00:00:00.000Z' });

    expect(await queue.retryFailed({ slug: 'rice-prices', locale: 'en' })).toBe(2);
    const states = Object.fromEntries((await queue.items()).map((i) => [i.segmentId, [i.state, i.attempts, i.reason ?? null]]));
    expect(states).toEqual({
      's-1': ['queued', 0, null],
      's-2': ['queued', 0, null],
      's-3': ['failed', 1, 'refused'],
      's-4': ['failed', 1, 'refused'],
    });
    expect(await queue.retryFailed()).toBe(2);
  });

  it('when the items of some articles and locales are asked for, then only theirs come back, of every job and state, oldest first', async () => {
    const { queue } = backend.storage.mt;
    const other = 'other' as Slug;
    await queue.enqueue(JOB, [item('s-1'), item('s-2', { locale: 'ja' }), item('s-3', { slug: other })]);
    await queue.enqueue(JOB, [item('s-4'), item('s-5', { slug: other, locale: 'ja' }), item('s-6', { slug: other })]);
    const claimed = await queue.claim(10);
    const id = (segmentId: string) => claimed.find((i) => i.segmentId === segmentId)!.id;
    await queue.fail([id('s-4')], { error: 'refused', reason: 'refused' });
    await queue.complete([id('s-6')]);

    const of = async (pairs: { slug: string; locale: string }[]) => (await queue.itemsOf(pairs)).map((i) => [i.segmentId, i.state]);
    expect(await of([{ slug: 'rice-prices', locale: 'en' }])).toEqual([
      ['s-1', 'in-flight'],
      ['s-4', 'failed'],
    ]);
    expect(
      await of([
        { slug: other, locale: 'ja' },
        { slug: 'rice-prices', locale: 'ja' },
      ]),
    ).toEqual([
      ['s-2', 'in-flight'],
      ['s-5', 'in-flight'],
    ]);
    expect(await of([{ slug: other, locale: 'en' }])).toEqual([['s-3', 'in-flight']]);
    expect(await of([{ slug: 'missing', locale: 'en' }])).toEqual([]);
    expect(await of([])).toEqual([]);
  });
  it("when re-runs are charged, then a person cannot pass the day's budget, refunds give back, and a new day starts at zero", async () => {
    const { settings } = backend.storage.mt;
    const day = '2026-03-01';
    expect(await settings.chargeRerun({ user: 'kim', day, characters: 60, limit: 100 })).toEqual({ charged: true, spent: 60 });
    expect(await settings.chargeRerun({ user: 'kim', day, characters: 41, limit: 100 })).toEqual({ charged: false, spent: 60 });
    expect(await settings.chargeRerun({ user: 'lee', day, characters: 100, limit: 100 })).toEqual({ charged: true, spent: 100 });
    expect(await settings.chargeRerun({ user: 'kim', day, characters: -20, limit: Number.POSITIVE_INFINITY })).toEqual({
      charged: true,
      spent: 40,
    });
    expect(await settings.rerunSpending(day)).toEqual({ kim: 40, lee: 100 });
    expect(await settings.chargeRerun({ user: 'kim', day: '2026-03-02', characters: 100, limit: 100 })).toEqual({
      charged: true,
      spent: 100,
    });
    expect(await settings.rerunSpending(day)).toEqual({});

    expect(await settings.rerunBudget()).toBeNull();
    const budget = { charactersPerDay: 50_000, setBy: 'editor-park', setAt: '2026-03-02T08:00:00.000Z' };
    await settings.setRerunBudget(budget);
    expect(await settings.rerunBudget()).toEqual(budget);
  });

  it('when answers are kept for reuse, then the newest under a key is returned and pruning forgets old ones', async () => {
    const { drafts } = backend.storage.mt;
    expect(await drafts.get('k1')).toBeNull();
    await drafts.put([
      { key: 'k1', text: 'first', at: '2026-03-01T09:00:00.000Z' },
      { key: 'k2', text: 'other', at: '2026-03-02T09:00:00.000Z' },
    ]);
    await drafts.put([{ key: 'k1', text: 'second', at: '2026-03-01T10:00:00.000Z' }]);
    expect(await drafts.get('k1')).toEqual({ key: 'k1', text: 'second', at: '2026-03-01T10:00:00.000Z' });
    expect(await drafts.prune('2026-03-02T00:00:00.000Z')).toBe(1);
    expect(await drafts.get('k1')).toBeNull();
    expect(await drafts.get('k2')).toMatchObject({ text: 'other' });
  });

  it('when requests are logged, then the ledger returns them oldest first, optionally from a date on', async () => {
    const { ledger } = backend.storage.mt;
    expect(await ledger.entries()).toEqual([]);
    await ledger.append(audit('2026-03-01T09:00:00.000Z', 10));
    await ledger.append(audit('2026-03-02T09:00:00.000Z', 20));
    expect((await ledger.entries()).map((e) => e.characters)).toEqual([10, 20]);
    expect(await ledger.entries('2026-03-02')).toEqual([audit('2026-03-02T09:00:00.000Z', 20)]);
  });

  it('when glossaries are put, then they are read back per pair, and an empty entry list removes one', async () => {
    const { settings } = backend.storage.mt;
    const glossary = { sourceLocale: 'ko', targetLocale: 'en', entries: { 장마당: 'jangmadang' }, updatedAt: '2026-03-01T09:00:00.000Z' };
    await settings.putGlossary(glossary);
    expect(await settings.glossary('ko', 'en')).toEqual(glossary);
    expect(await settings.glossary('ko', 'ja')).toBeNull();
    expect(await settings.glossaries()).toEqual([glossary]);
    await settings.putGlossary({ ...glossary, entries: {} });
    expect(await settings.glossaries()).toEqual([]);

    const remote = { provider: 'deepl', sourceLocale: 'ko', targetLocale: 'en', hash: 'abc', id: 'g-1' };
    await settings.putRemoteGlossary(remote);
    expect(await settings.remoteGlossary('deepl', 'ko', 'en')).toEqual(remote);
    expect(await settings.remoteGlossary('deepl', 'ko', 'ja')).toBeNull();
  });

  it('when confidential terms and pauses change, then global and per-article lists and pauses follow', async () => {
    const { settings } = backend.storage.mt;
    const term = { term: '김철수', render: '한 소식통', addedAt: '2026-03-01T09:00:00.000Z', addedBy: 'editor-park' };
    await settings.putConfidentialTerm(null, term);
    await settings.putConfidentialTerm('rice-prices', { ...term, term: '이영희' });
    await settings.putConfidentialTerm(null, { ...term, render: '관계자' });
    expect(await settings.confidentialTerms(null)).toEqual([{ ...term, render: '관계자' }]);
    expect((await settings.confidentialTerms('rice-prices')).map((t) => t.term)).toEqual(['이영희']);
    expect(await settings.confidentialTerms('other-article')).toEqual([]);
    expect(await settings.removeConfidentialTerm(null, '김철수')).toBe(true);
    expect(await settings.removeConfidentialTerm(null, '김철수')).toBe(false);

    const pause = { provider: 'deepl', reason: 'quota spent', at: '2026-03-01T09:00:00.000Z' };
    expect(await settings.pause('deepl')).toBeNull();
    await settings.setPause('deepl', pause);
    expect(await settings.pause('deepl')).toEqual(pause);
    await settings.setPause('deepl', null);
    expect(await settings.pause('deepl')).toBeNull();
  });

  it("when drains add to jobs' tallies, then each job and the sum of all are read back, and an unknown job is ignored", async () => {
    const { queue } = backend.storage.mt;
    const a = (await queue.enqueue(JOB, [item('s-1')])).job;
    const b = (await queue.enqueue(JOB, [item('s-2')])).job;
    const zero = { drafts: 0, memoryDrafts: 0, requests: 0, characters: 0 };
    expect(await queue.tally(a.id)).toEqual(zero);

    await queue.addTallies([
      // One request carried texts of both jobs, a's first.
      { jobId: a.id, drafts: 2, memoryDrafts: 1, requests: 1, characters: 40, firstRequests: 1 },
      { jobId: b.id, drafts: 1, memoryDrafts: 0, requests: 1, characters: 7, firstRequests: 0 },
      { jobId: 'no-such-job', drafts: 9, memoryDrafts: 9, requests: 9, characters: 9, firstRequests: 9 },
    ]);
    await queue.addTallies([{ jobId: a.id, drafts: 1, memoryDrafts: 0, requests: 2, characters: 3_000_000_000, firstRequests: 2 }]);

    expect(await queue.tally(a.id)).toEqual({ drafts: 3, memoryDrafts: 1, requests: 3, characters: 3_000_000_040 });
    expect(await queue.tally(b.id)).toEqual({ drafts: 1, memoryDrafts: 0, requests: 1, characters: 7 });
    expect(await queue.tally('no-such-job')).toEqual(zero);
    expect(await queue.tally()).toEqual({ drafts: 4, memoryDrafts: 1, requests: 3, characters: 3_000_000_047 });
  });

  it('when a worker announces itself, then the store says a worker is present until every announced one is released', async () => {
    const { workers } = backend.storage.mt;
    expect(await workers.present()).toBe(false);
    const one = await workers.announce();
    const two = await workers.announce();
    expect(await workers.present()).toBe(true);
    await one.release();
    await one.release();
    expect(await workers.present()).toBe(true);
    await two.release();
    expect(await workers.present()).toBe(false);
  });

  if (row.persistent) {
    it('when the backend is reopened, then the queue, the ledger and the settings survive', async () => {
      const { queue, ledger, settings, drafts } = backend.storage.mt;
      const { job } = await queue.enqueue(JOB, [item('s-1'), item('s-2'), item('s-3')]);
      const [claimed, retried] = await queue.claim(2);
      await queue.complete([claimed!.id]);
      await queue.retryLater([retried!.id], { error: '429', reason: 'rate-limited', retryAt: '2026-03-01T09:05:00.000Z' });
      await ledger.append(audit('2026-03-01T09:00:00.000Z', 10));
      await settings.setPause('deepl', { provider: 'deepl', reason: 'quota spent', at: '2026-03-01T09:00:00.000Z' });
      await settings.chargeRerun({ user: 'kim', day: '2026-03-01', characters: 30, limit: 100 });
      await drafts.put([{ key: 'k1', text: 'kept', at: '2026-03-01T09:00:00.000Z' }]);
      await queue.addTallies([{ jobId: job.id, drafts: 1, memoryDrafts: 0, requests: 1, characters: 12, firstRequests: 1 }]);

      const mt = (await backend.reopen()).mt;
      expect(await mt.queue.tally(job.id)).toEqual({ drafts: 1, memoryDrafts: 0, requests: 1, characters: 12 });
      expect(await mt.queue.counts(job.id)).toEqual({ queued: 1, inFlight: 0, retrying: 1, done: 1, failed: 0 });
      expect((await mt.queue.items(job.id)).find((i) => i.state === 'retrying')).toMatchObject({
        attempts: 1,
        reason: 'rate-limited',
        retryAt: '2026-03-01T09:05:00.000Z',
      });
      expect((await mt.queue.jobs()).map((j) => j.id)).toEqual([job.id]);
      expect(await mt.ledger.entries()).toHaveLength(1);
      expect(await mt.settings.pause('deepl')).toMatchObject({ reason: 'quota spent' });
      expect(await mt.settings.rerunSpending('2026-03-01')).toEqual({ kim: 30 });
      expect(await mt.drafts.get('k1')).toMatchObject({ text: 'kept' });
    });
  }
});
