import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../src/core/errors.ts';
import { sourceHash } from '../../../../src/core/text.ts';
import { MemoryService } from '../../../../src/services/memory.ts';
import { postgresMemoryDatabase } from './mt-tm-database.ts';

// Issue 16: a new approval is visible to every instance at once. Two memory services over two pools on one database
// stand for two web instances; neither is reopened between the steps.

const ends: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const end of ends.splice(0)) await end();
});

let tick = 0;
const clock = () => new Date(Date.UTC(2026, 2, 1, 9, 0, tick++));

async function twoInstances() {
  const database = await postgresMemoryDatabase();
  ends.push(() => database.end());
  const a = new MemoryService({ store: database.open(), now: clock });
  const b = new MemoryService({ store: database.open(), now: clock });
  return { a, b };
}

const SOURCE = '장마당에서 <g1>쌀값</g1>이 크게 올랐다.';
const NEAR = '장마당에서 <g1>쌀값</g1>이 조금 올랐다.';

function approval(target: string, segmentId = 's-1') {
  return { slug: 'rice', segmentId, sourceLocale: 'ko', targetLocale: 'en', source: SOURCE, target, approvedBy: 'park' };
}

describe('translation memory on PostgreSQL, two instances', () => {
  it('when one instance records an approval, then the other finds it at once, exactly and fuzzily, and holds back the same pair', async () => {
    const { a, b } = await twoInstances();
    // B has answered before A's approval: nothing it kept may hide the new entry.
    expect(await b.lookup(SOURCE, { targetLocale: 'en' })).toEqual([]);
    const entry = await a.recordApproval(approval('Rice prices rose sharply at the <g1>market</g1>.'));
    expect(entry).not.toBeNull();

    expect(await b.findExact(SOURCE, 'ko', 'en-US')).toMatchObject({ exact: true, score: 100, entry: { id: entry!.id } });
    expect(await b.findApprovedTranslation(sourceHash(SOURCE), 'en')).toBe(entry!.target);
    const [near] = await b.lookup(NEAR, { targetLocale: 'en', threshold: 70 });
    expect(near).toMatchObject({ exact: false, entry: { id: entry!.id } });
    expect(near!.score).toBeGreaterThanOrEqual(70);
    expect(near!.score).toBeLessThan(100);
    expect((await b.concordance('쌀값', { targetLocale: 'en' })).map((e) => e.id)).toEqual([entry!.id]);

    // The duplicate check asks the database too: B does not add A's pair again.
    expect(await b.recordApproval(approval('Rice prices rose sharply at the <g1>market</g1>.'))).toBeNull();
    expect((await a.entries('en')).map((e) => e.id)).toEqual([entry!.id]);
  });

  it('when one instance re-approves a segment, then the other sees only the new text', async () => {
    const { a, b } = await twoInstances();
    const first = await a.recordApproval(approval('Rice prices rose.'));
    const second = await b.recordApproval(approval('Rice prices rose sharply.'));
    expect(second).toMatchObject({ replaces: first!.id });
    expect((await a.lookup(SOURCE, { targetLocale: 'en' })).map((m) => m.entry.id)).toEqual([second!.id]);
  });

  it('when one instance deletes an entry, then it leaves the other at once, and an older approval there does not bring it back', async () => {
    const { a, b } = await twoInstances();
    const entry = await a.recordApproval(approval('Rice prices fell.'));
    expect(await b.findExact(SOURCE, 'ko', 'en')).not.toBeNull();

    await b.deleteEntry(entry!.id, 'editor-kim');
    expect(await a.findExact(SOURCE, 'ko', 'en')).toBeNull();
    expect(await a.lookup(NEAR, { targetLocale: 'en', threshold: 50 })).toEqual([]);
    expect(await a.findApprovedTranslation(sourceHash(SOURCE), 'en')).toBeNull();
    expect(await a.entries('en')).toEqual([]);
    await expect(a.deleteEntry(entry!.id, 'editor-lee')).rejects.toThrow(NotFoundError);

    // Start-up reconciliation on A re-reads the approval made before the deletion: held back.
    expect(await a.recordApproval({ ...approval('Rice prices fell.'), approvedAt: entry!.approvedAt })).toBeNull();
    expect(await b.findExact(SOURCE, 'ko', 'en')).toBeNull();
  });

  it('when both instances record the same approvals at once (two start-ups reconciling), then each pair is added once', async () => {
    const { a, b } = await twoInstances();
    const approvals = Array.from({ length: 20 }, (_, i) => ({
      ...approval(`Rice prices rose ${i + 1}%.`, `s-${i}`),
      source: `장마당에서 쌀값이 ${i + 1}% 올랐다.`,
      approvedAt: '2026-02-01T09:00:00.000Z',
    }));
    const added = await Promise.all([...approvals.map((x) => a.recordApproval(x)), ...approvals.map((x) => b.recordApproval(x))]);
    expect(added.filter((e) => e !== null)).toHaveLength(20);
    expect((await b.entries('en')).map((e) => e.segmentId).sort()).toEqual(approvals.map((x) => x.segmentId).sort());
  });
});
