import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.ts';
import { parseSlug } from '../../../src/core/slug.ts';
import { CheckService } from '../../../src/services/checks.ts';
import { importGlossary } from '../../../src/services/glossary.ts';
import { article, startRig, type Rig } from '../../fake-deepl/setup.ts';

let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

const glossaryCreates = () => rig.fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/glossaries');
const targetsSent = () => rig.fake.translateRequests.map((r) => r.params.target_lang?.[0]);

/** A glossary stored as it was before import normalised terms (old data): it reaches the provider unchanged. */
async function storeRaw(entries: Record<string, string>): Promise<void> {
  await rig.mt.settings.putGlossary({ sourceLocale: 'ko', targetLocale: 'en', entries, updatedAt: '2026-01-01T00:00:00.000Z' });
}

async function translations(slug: string, locale: string) {
  const record = await rig.store.get(parseSlug(slug));
  return record!.translations.filter((t) => t.locale === locale && t.text !== '');
}

describe('a glossary the provider refuses is never silently dropped', () => {
  it.each([
    ['an ideographic space U+3000 kept inside a term', { '북한\u3000군': 'North Korean army' }, 'Invalid glossary entries provided'],
    ['a zero-width space U+200B kept inside a term', { '북\u200B한군': 'North Korean army' }, 'Invalid glossary entries provided'],
    ['a tab kept inside a term', { '북한\t군': 'North Korean army' }, 'contains invalid character'],
  ])('when the ko → en glossary has %s, then en waits with the reason while ja is translated', async (_what, entries, reason) => {
    rig = await startRig();
    await storeRaw(entries);
    await rig.import('a1', article('북한군 소식', ['북한군이 훈련을 마쳤다.']));
    await rig.service.enqueue({ locales: ['en', 'ja'], by: 'editor' });

    const summary = await rig.service.drain();

    expect(summary).toMatchObject({ drafts: 2, failed: 0, blocked: 2, stoppedBy: null });
    expect(summary.blockedGlossaries).toEqual([
      { sourceLocale: 'ko', targetLocale: 'en', reason: expect.stringContaining(reason), at: expect.any(String) },
    ]);
    expect(targetsSent()).toEqual(['ja']);
    expect(await translations('a1', 'en')).toEqual([]);
    expect(await translations('a1', 'ja')).toHaveLength(2);
    expect(await rig.service.progress()).toEqual({ done: 2, failed: 0, remaining: 2 });
    expect(await rig.mt.queue.counts()).toMatchObject({ queued: 2, inFlight: 0 });

    const status = await rig.service.status();
    expect(status.state).toBe('ready');
    expect(status.blockedGlossaries).toEqual([
      { sourceLocale: 'ko', targetLocale: 'en', reason: expect.stringContaining(reason), at: expect.any(String) },
    ]);
    expect(status.message).toContain('ko → en waits: its glossary could not be uploaded (');
    expect(status.message).toContain(reason);
  });

  it('when a refused glossary is drained again, then it is not re-sent and en still waits; a fixed re-import resumes en with the glossary', async () => {
    rig = await startRig();
    await storeRaw({ '북한\u3000군': 'North Korean army' });
    await rig.import('a1', article('북한 군 소식', ['북한 군이 훈련을 마쳤다.']));
    await rig.service.enqueue({ locales: ['en'], by: 'editor' });
    await rig.service.drain();
    expect(glossaryCreates()).toHaveLength(1);

    const again = await rig.service.drain();
    expect(again).toMatchObject({ drafts: 0, blocked: 2 });
    expect(glossaryCreates()).toHaveLength(1);
    expect(rig.fake.translateRequests).toHaveLength(0);

    await importGlossary({ settings: rig.mt.settings }, { from: 'ko', to: 'en', entries: { '북한\u3000군': 'North Korean army' } });
    expect((await rig.service.status()).blockedGlossaries).toEqual([]);
    const fixed = await rig.service.drain();

    expect(fixed).toMatchObject({ drafts: 2, blocked: 0, blockedGlossaries: [] });
    const [glossary] = [...rig.fake.glossaries.values()];
    expect([...glossary!.entries]).toEqual([['북한 군', 'North Korean army']]);
    expect(rig.fake.translateRequests.map((r) => r.params.glossary_id?.[0])).toEqual([glossary!.id]);
    expect((await translations('a1', 'en')).map((t) => t.text)).toContain('⟪EN-US⟫ North Korean army이 훈련을 마쳤다.');
    expect((await rig.service.status()).message).toBe('Machine translation through deepl is on.');
  });

  it('when the refusal is resumed, then the glossary is offered again', async () => {
    rig = await startRig();
    await storeRaw({ '북\u200B한': 'North Korea' });
    await rig.import('a1', article('제목', ['본문이다.']));
    await rig.service.enqueue({ locales: ['en'], by: 'editor' });
    await rig.service.drain();
    await rig.service.resume();
    expect((await rig.service.status()).blockedGlossaries).toEqual([]);
    await rig.service.drain();
    expect(glossaryCreates()).toHaveLength(2);
    expect((await rig.service.status()).blockedGlossaries).toHaveLength(1);
  });

  it.each([
    ['answers 503 once', 503],
    ['drops the connection without an answer', 'reset'],
  ] as const)(
    'when the provider %s while the glossary is uploaded, then the upload is tried again and en is translated in the same drain',
    async (_what, fault) => {
      rig = await startRig();
      await importGlossary({ settings: rig.mt.settings }, { from: 'ko', to: 'en', entries: { 장마당: 'jangmadang' } });
      await rig.import('a1', article('장마당', ['장마당 소식.']));
      await rig.service.enqueue({ locales: ['en'], by: 'editor' });
      rig.fake.failNext(fault);

      const summary = await rig.service.drain();

      expect(summary).toMatchObject({ drafts: 2, blocked: 0, blockedGlossaries: [] });
      expect(glossaryCreates()).toHaveLength(1);
      expect(rig.fake.translateRequests.every((r) => r.params.glossary_id?.length === 1)).toBe(true);
      expect((await translations('a1', 'en')).map((t) => t.text)).toContain('⟪EN-US⟫ jangmadang 소식.');
      expect((await rig.service.status()).blockedGlossaries).toEqual([]);
    },
  );

  it('when the provider keeps failing while the glossary is uploaded, then en waits for this drain and goes on with the glossary in the next', async () => {
    rig = await startRig();
    await importGlossary({ settings: rig.mt.settings }, { from: 'ko', to: 'en', entries: { 장마당: 'jangmadang' } });
    await rig.import('a1', article('장마당', ['장마당 소식.']));
    await rig.service.enqueue({ locales: ['en'], by: 'editor' });
    // The rig tries each provider call 3 times.
    rig.fake.failNext(503, 3);

    const first = await rig.service.drain();
    expect(first).toMatchObject({ drafts: 0, blocked: 2 });
    expect(first.blockedGlossaries[0]!.reason).toMatch(/^deepl: /);
    expect(rig.fake.translateRequests).toHaveLength(0);

    const second = await rig.service.drain();
    expect(second).toMatchObject({ drafts: 2, blocked: 0 });
    expect(rig.fake.translateRequests.every((r) => r.params.glossary_id?.length === 1)).toBe(true);
    expect((await translations('a1', 'en')).map((t) => t.text)).toContain('⟪EN-US⟫ jangmadang 소식.');
  });

  it('when more items of a blocked pair are queued than one round claims, then the other pair behind them is still translated', async () => {
    rig = await startRig();
    await storeRaw({ '북한\u3000군': 'North Korean army' });
    await rig.import(
      'big',
      article(
        '큰 기사',
        Array.from({ length: 120 }, (_, i) => `문단 ${i} 내용이다.`),
      ),
    );
    await rig.service.enqueue({ locales: ['en'], by: 'editor' });
    await rig.service.enqueue({ locales: ['ja'], by: 'editor' });

    const summary = await rig.service.drain();

    expect(summary).toMatchObject({ drafts: 121, blocked: 121 });
    expect(new Set(targetsSent())).toEqual(new Set(['ja']));
    expect(await rig.mt.queue.counts()).toMatchObject({ queued: 121, inFlight: 0 });
  });
});

describe('__proto__, constructor and toString are ordinary glossary terms end to end', () => {
  it('when they are imported, then they are uploaded to DeepL, used in drafts and checked in translations', async () => {
    rig = await startRig();
    // An object literal's `__proto__:` would set a prototype, not a term: build the entries the way a file gives them.
    await importGlossary(
      { settings: rig.mt.settings },
      {
        from: 'ko',
        to: 'en',
        entries: Object.fromEntries([
          ['__proto__', 'PROTO'],
          ['constructor', 'BUILDER'],
          ['toString', 'TO-STRING'],
        ]),
      },
    );
    // In the title: Markdown would read `__proto__` in a paragraph as bold `proto`.
    await rig.import('a1', article('__proto__ 와 constructor 그리고 toString 이다', ['본문이다.']));
    await rig.service.enqueue({ locales: ['en'], by: 'editor', slugs: ['a1'] });

    const summary = await rig.service.drain();

    expect(summary).toMatchObject({ drafts: 2, blocked: 0, failed: 0 });
    const [glossary] = [...rig.fake.glossaries.values()];
    expect(Object.fromEntries(glossary!.entries)).toEqual(
      Object.fromEntries([
        ['__proto__', 'PROTO'],
        ['constructor', 'BUILDER'],
        ['toString', 'TO-STRING'],
      ]),
    );
    const record = await rig.store.get(parseSlug('a1'));
    const para = record!.segments.find((s) => s.kind === 'title')!;
    const draft = record!.translations.find((t) => t.segmentId === para.id && t.locale === 'en')!;
    expect(draft.text).toBe('⟪EN-US⟫ PROTO 와 BUILDER 그리고 TO-STRING 이다');

    const checks = new CheckService({ store: rig.store, checks: CHECKS, settings: rig.mt.settings });
    expect(await checks.checkTranslation('a1', para.id, 'en')).not.toContainEqual(expect.objectContaining({ checkId: 'glossary' }));
    await rig.review.saveTranslation({
      slug: 'a1',
      segmentId: para.id,
      locale: 'en',
      text: 'The first, the second and the third',
      baseRevision: draft.revision,
      actor: { name: 'kim' },
    });
    const results = await checks.checkTranslation('a1', para.id, 'en');
    expect(results).toContainEqual(
      expect.objectContaining({
        checkId: 'glossary',
        detail: {
          missing: [
            { term: '__proto__', required: 'PROTO' },
            { term: 'constructor', required: 'BUILDER' },
            { term: 'toString', required: 'TO-STRING' },
          ],
          forbidden: [],
        },
      }),
    );
  });
});
