import { describe, expect, it } from 'vitest';
import { decodeInput, formatForFile } from '../../src/adapters/formats/index.ts';
import { CHECKS } from '../../src/checks/index.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { CheckService } from '../../src/services/checks.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { MemoryService } from '../../src/services/memory.ts';
import { RecoveryService } from '../../src/services/recovery.ts';
import { ReviewService } from '../../src/services/review.ts';
import type { ServiceDeps } from '../../src/services/types.ts';
import { openTestStorage } from '../support/storage.ts';
import { article, P1, P2, P3 } from './support.ts';

const tina = { name: 'tina', role: 'translator' };
const rex = { name: 'rex', role: 'reviewer' };
const EN: Readonly<Record<string, string>> = {
  [P1]: 'Rice prices at North Korean markets rose 20% in a month.',
  [P2]: 'In Pyongyang the dollar traded at around 8,000 won.',
  [P3]: 'Defector groups said border guards had been reinforced.',
};

/**
 * Two articles over the in-memory backend with checks on every save. `hooked` decides whether approvals reach the
 * memory through the review service's hook (as in main.ts) or not at all (as when the process died right after the
 * article was written).
 */
async function fixture(hooked: boolean) {
  const storage = await openTestStorage();
  let tick = 0;
  // One clock for the review and the memory: a deletion is dated on the same time line as the approvals.
  const now = () => new Date(Date.UTC(2026, 2, 1, 9, 0, tick++));
  const memory = new MemoryService({ store: storage.translationMemory, now });
  const checks = new CheckService({ store: storage.articles, checks: CHECKS });
  const deps: ServiceDeps = {
    store: storage.articles,
    formats: { forFile: formatForFile, decode: (content, file) => decodeInput(content, file) },
    targetLocales: ['en', 'ja'],
    now,
    checker: checks,
    ...(hooked ? { onApproved: memory.onApproved } : {}),
  };
  await importArticle(deps, { file: 'rice.md', content: article('쌀값', [P1, P2]), by: 'editor' });
  await importArticle(deps, { file: 'border.md', content: article('국경', [P3]), by: 'editor' });
  const review = new ReviewService(deps);
  const approve = async (slug: string, source: string) => {
    const record = (await storage.articles.get(parseSlug(slug)))!;
    const segmentId = record.segments.find((s) => s.source === source)!.id;
    const ref = { slug, segmentId, locale: 'en' };
    await review.saveTranslation({ ...ref, text: EN[source]!, baseRevision: 0, actor: tina });
    await review.submit({ ...ref, actor: tina });
    await review.approve({ ...ref, actor: rex });
  };
  const recovery = new RecoveryService({ store: storage.articles, memory, publishTarget: { removeLeftovers: async () => 0 } });
  return { storage, memory, review, approve, recovery, now, deps };
}

describe('RecoveryService.reconcileMemory', () => {
  it('when approvals never reached the memory, then reconciling adds exactly them, and a second run adds nothing', async () => {
    const f = await fixture(false);
    await f.approve('rice', P1);
    await f.approve('border', P3);
    expect(await f.memory.size()).toBe(0);

    expect(await f.recovery.reconcileMemory()).toEqual({ articles: 2, added: 2, stopped: false });
    expect((await f.memory.entries('en')).map((e) => [e.slug, e.source, e.target, e.approvedBy])).toEqual(
      expect.arrayContaining([
        ['rice', P1, EN[P1], 'rex'],
        ['border', P3, EN[P3], 'rex'],
      ]),
    );
    expect((await f.memory.lookup(P1, { targetLocale: 'en' }))[0]).toMatchObject({ exact: true, text: EN[P1] });

    const stored = (await f.storage.translationMemory.all()).length;
    // The pass settled both articles: the next one reads none of them.
    expect(await f.recovery.reconcileMemory()).toEqual({ articles: 0, added: 0, stopped: false });
    expect(await f.storage.translationMemory.all()).toHaveLength(stored);
    await f.storage.close();
  });

  it('when every approval reached the memory through the hook, then reconciling adds nothing', async () => {
    const f = await fixture(true);
    await f.approve('rice', P1);
    await f.approve('rice', P2);
    const before = await f.storage.translationMemory.all();
    expect(before).toHaveLength(2);
    expect(await f.recovery.reconcileMemory()).toMatchObject({ added: 0 });
    expect(await f.storage.translationMemory.all()).toEqual(before);
    await f.storage.close();
  });

  it('when the approval hook and reconciling record the same approval at once, then the memory gets it once', async () => {
    const f = await fixture(false);
    const pair = { slug: 'rice', segmentId: 's-x', sourceLocale: 'ko', targetLocale: 'en', source: P1, target: EN[P1]!, approvedBy: 'rex' };
    const [first, second] = await Promise.all([f.memory.recordApproval(pair), f.memory.recordApproval(pair)]);
    expect([first, second].filter((e) => e !== null)).toHaveLength(1);
    expect(await f.storage.translationMemory.all()).toHaveLength(1);
    await f.storage.close();
  });

  it('when a memory entry of an approved translation was deleted, then reconciling does not add it back, after a restart either', async () => {
    const f = await fixture(true);
    await f.approve('rice', P1);
    await f.approve('rice', P2);
    const wrong = (await f.memory.entries('en')).find((e) => e.source === P1)!;
    await f.memory.deleteEntry(wrong.id, 'ed');

    expect(await f.recovery.reconcileMemory()).toEqual({ articles: 1, added: 0, stopped: false });
    expect((await f.memory.entries('en')).map((e) => e.source)).toEqual([P2]);
    // A restart: a new memory over the same log, reconciled again.
    const restarted = new MemoryService({ store: f.storage.translationMemory, now: f.now });
    const recovery = new RecoveryService({
      store: f.storage.articles,
      memory: restarted,
      publishTarget: { removeLeftovers: async () => 0 },
    });
    expect(await recovery.reconcileMemory()).toMatchObject({ added: 0 });
    expect(await restarted.lookup(P1, { targetLocale: 'en' })).toEqual([]);

    // Approved again after the deletion (the hook's approval is dated now): the pair comes back.
    const again = await restarted.recordApproval({
      slug: 'rice',
      segmentId: wrong.segmentId!,
      sourceLocale: 'ko',
      targetLocale: 'en',
      source: P1,
      target: wrong.target,
      approvedBy: 'rex',
    });
    expect(again).not.toBeNull();
    expect((await restarted.lookup(P1, { targetLocale: 'en' }))[0]).toMatchObject({ exact: true, text: EN[P1] });
    await f.storage.close();
  });

  it('when the archive was reconciled, then a pass reads only the articles approved since, however many there are', async () => {
    const f = await fixture(false);
    for (let i = 0; i < 6; i++) {
      await importArticle(f.deps, { file: `archived-${i}.md`, content: article(`기사 ${i}`, [P2]), by: 'editor' });
      await f.approve(`archived-${i}`, P2);
    }
    expect(await f.recovery.reconcileMemory()).toMatchObject({ articles: 6, stopped: false });
    expect(await f.recovery.reconcileMemory()).toEqual({ articles: 0, added: 0, stopped: false });

    await f.approve('border', P3);
    expect(await f.recovery.reconcileMemory()).toEqual({ articles: 1, added: 1, stopped: false });
    expect((await f.memory.lookup(P3, { targetLocale: 'en' }))[0]).toMatchObject({ exact: true, text: EN[P3] });
    await f.storage.close();
  });

  it('when a pass is stopped halfway, then the articles it finished are settled and the next pass reads the rest', async () => {
    const f = await fixture(false);
    await f.approve('rice', P1);
    await f.approve('border', P3);
    const stop = new AbortController();
    const recordApproval = f.memory.recordApproval.bind(f.memory);
    // Stop once the first article's approval is recorded (the pass checks the signal between articles).
    const stopping = new RecoveryService({
      store: f.storage.articles,
      memory: {
        recordApproval: (input) => {
          stop.abort();
          return recordApproval(input);
        },
      },
      publishTarget: { removeLeftovers: async () => 0 },
    });
    expect(await stopping.reconcileMemory({ signal: stop.signal })).toEqual({ articles: 1, added: 1, stopped: true });
    expect(await f.recovery.reconcileMemory()).toEqual({ articles: 1, added: 1, stopped: false });
    expect(await f.memory.size()).toBe(2);
    await f.storage.close();
  });

  it('when the signal is already aborted, then it stops before the first article and says so', async () => {
    const f = await fixture(false);
    await f.approve('rice', P1);
    expect(await f.recovery.reconcileMemory({ signal: AbortSignal.abort() })).toEqual({ articles: 0, added: 0, stopped: true });
    expect(await f.memory.size()).toBe(0);
    await f.storage.close();
  });
});
