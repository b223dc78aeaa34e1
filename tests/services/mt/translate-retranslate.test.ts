import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NoneProvider } from '../../../src/adapters/mt/none.ts';
import { LowdbMtStore } from '../../../src/adapters/storage/lowdb/mt-store.ts';
import { NotFoundError, ValidationError } from '../../../src/core/errors.ts';
import { parseSlug } from '../../../src/core/slug.ts';
import { FakeDeepl } from '../../fake-deepl/server.ts';
import { article, startRig, type Rig } from '../../fake-deepl/setup.ts';

let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

const SOURCE = '평양 장마당에서 쌀값이 올랐다.';

async function paragraph(locale = 'en') {
  const record = (await rig.store.get(parseSlug('a1')))!;
  const segment = record.segments.find((s) => s.source === SOURCE)!;
  const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === locale);
  return { segment, t: t!, history: record.history.filter((h) => h.segmentId === segment.id && h.locale === locale) };
}

const ref = async (locale = 'en') => ({ slug: 'a1', segmentId: (await paragraph(locale)).segment.id, locale, by: 'tina' });

describe('MtService.retranslate', () => {
  it("when a segment holds a person's draft, then a re-run is sent to DeepL and lands as a suggestion beside the text", async () => {
    rig = await startRig();
    await rig.import('a1', article('쌀값', [SOURCE]));
    const { segment } = await paragraph();
    const saved = await rig.review.saveTranslation({
      slug: 'a1',
      segmentId: segment.id,
      locale: 'en',
      text: 'Rice went up in Pyongyang.',
      baseRevision: 0,
      actor: { name: 'tina' },
    });
    expect((await rig.service.enqueue({ slugs: ['a1'], locales: ['en'], segmentIds: [segment.id], by: 'tina' })).added).toBe(0);

    const result = await rig.service.retranslate(await ref());
    expect(result).toMatchObject({ queued: true, reason: null });
    await rig.service.drain();
    expect(rig.fake.textsReceived).toEqual([SOURCE]);
    const { t } = await paragraph();
    expect(t).toMatchObject({ state: 'draft', text: 'Rice went up in Pyongyang.', origin: 'human', revision: saved.revision });
    expect(t.suggestion).toMatchObject({ origin: 'machine', text: FakeDeepl.translation(SOURCE, 'EN-US') });
  });

  it('when reuse is off and a segment holds an untouched machine draft, then a re-run asks DeepL again', async () => {
    rig = await startRig({ service: { reuseWithinMs: 0 } });
    await rig.import('a1', article('쌀값', [SOURCE]));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    const before = rig.fake.textsReceived.filter((x) => x === SOURCE).length;
    await rig.service.retranslate(await ref());
    await rig.service.drain();
    expect(rig.fake.textsReceived.filter((x) => x === SOURCE).length).toBe(before + 1);
    const { t, history } = await paragraph();
    expect(t).toMatchObject({ state: 'draft', origin: 'machine', text: FakeDeepl.translation(SOURCE, 'EN-US') });
    expect(t.suggestion ?? null).toBeNull();
    // The fresh draft equals the old one, so nothing new is offered and the row is not touched again.
    expect(history.map((h) => h.action)).toEqual(['machineDraft']);
  });

  it('when the source has an approved translation elsewhere, then a re-run still goes to DeepL and the memory draft stays the text', async () => {
    rig = await startRig({
      service: { findApprovedTranslation: async (_hash, locale) => (locale === 'en' ? 'Approved rice text.' : null) },
    });
    await rig.import('a1', article('쌀값', [SOURCE]));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    expect(rig.fake.translateRequests).toHaveLength(0);
    expect((await paragraph()).t).toMatchObject({ origin: 'memory', text: 'Approved rice text.' });

    await rig.service.retranslate(await ref());
    const summary = await rig.service.drain();
    expect(summary).toMatchObject({ requests: 1, memoryDrafts: 0 });
    expect(rig.fake.textsReceived).toEqual([SOURCE]);
    const { t } = await paragraph();
    expect(t).toMatchObject({ origin: 'memory', text: 'Approved rice text.' });
    expect(t.suggestion).toMatchObject({ origin: 'machine', text: FakeDeepl.translation(SOURCE, 'EN-US') });
  });

  it('when a re-run is asked twice before the queue drains, then it is queued once and sent once', async () => {
    rig = await startRig();
    await rig.import('a1', article('쌀값', [SOURCE]));
    expect((await rig.service.retranslate(await ref())).queued).toBe(true);
    expect(await rig.service.retranslate(await ref())).toMatchObject({ queued: false, reason: 'already-queued' });
    await rig.service.drain();
    expect(rig.fake.textsReceived).toEqual([SOURCE]);
  });

  it('when an ordinary item already waits for the segment, then the re-run is still queued and the shared text is sent once', async () => {
    rig = await startRig();
    await rig.import('a1', article('쌀값', [SOURCE]));
    const { segment } = await paragraph();
    expect((await rig.service.enqueue({ slugs: ['a1'], locales: ['en'], segmentIds: [segment.id], by: 'e' })).added).toBe(1);
    expect((await rig.service.retranslate(await ref())).queued).toBe(true);
    await rig.service.drain();
    expect(rig.fake.textsReceived).toEqual([SOURCE]);
    const { t } = await paragraph();
    expect(t).toMatchObject({ state: 'draft', origin: 'machine', revision: 1 });
    expect(t.suggestion ?? null).toBeNull();
    expect(await rig.service.progress()).toEqual({ done: 2, failed: 0, remaining: 0 });
  });

  it('when a person edits after the re-run was queued, then the draft still arrives, as a suggestion, and the edit stays', async () => {
    rig = await startRig();
    await rig.import('a1', article('쌀값', [SOURCE]));
    const { segment } = await paragraph();
    await rig.service.retranslate(await ref());
    await rig.review.saveTranslation({
      slug: 'a1',
      segmentId: segment.id,
      locale: 'en',
      text: 'Typed while waiting.',
      baseRevision: 0,
      actor: { name: 'tina' },
    });
    await rig.service.drain();
    const { t } = await paragraph();
    expect(t).toMatchObject({ text: 'Typed while waiting.', origin: 'human', revision: 1 });
    expect(t.suggestion).toMatchObject({ origin: 'machine' });
  });

  it('when an approved translation is re-run, then it stays approved and the draft is only offered', async () => {
    rig = await startRig();
    await rig.import('a1', article('쌀값', [SOURCE]));
    const { segment } = await paragraph();
    const at = { slug: 'a1', segmentId: segment.id, locale: 'en' };
    await rig.review.submit({ ...at, text: 'Rice prices rose.', baseRevision: 0, actor: { name: 'tina' } });
    await rig.review.approve({ ...at, actor: { name: 'rex' } });
    await rig.service.retranslate(await ref());
    await rig.service.drain();
    const { t } = await paragraph();
    expect(t).toMatchObject({ state: 'approved', text: 'Rice prices rose.' });
    expect(t.suggestion?.text).toBe(FakeDeepl.translation(SOURCE, 'EN-US'));
  });

  it('when machine translation is off, then nothing is queued and the answer says so', async () => {
    rig = await startRig({ service: { provider: new NoneProvider() } });
    await rig.import('a1', article('쌀값', [SOURCE]));
    expect(await rig.service.retranslate(await ref())).toEqual({ job: null, queued: false, reason: 'off' });
    expect(await rig.mt.queue.items()).toEqual([]);
  });

  it('when the segment, article or locale does not exist, then the re-run is refused with what to do', async () => {
    rig = await startRig();
    await rig.import('a1', article('쌀값', [SOURCE]));
    await expect(rig.service.retranslate({ slug: 'a1', segmentId: 's-nope', locale: 'en', by: 't' })).rejects.toThrow(NotFoundError);
    await expect(rig.service.retranslate({ slug: 'zz', segmentId: 's-nope', locale: 'en', by: 't' })).rejects.toThrow(/import it first/);
    await expect(rig.service.retranslate({ ...(await ref()), locale: 'fr' })).rejects.toThrow(ValidationError);
  });

  it('when the process stops with a re-run queued, then the file store brings it back still forced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-retranslate-'));
    try {
      const first = await LowdbMtStore.open(dir);
      rig = await startRig({ mt: first });
      await rig.import('a1', article('쌀값', [SOURCE]));
      await rig.service.retranslate(await ref());
      await first.close();
      const again = await LowdbMtStore.open(dir);
      try {
        expect((await again.queue.items()).map((i) => i.force)).toEqual([true]);
      } finally {
        await again.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
