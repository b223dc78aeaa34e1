import { afterEach, describe, expect, it } from 'vitest';
import { parseSlug } from '../../../src/core/slug.ts';
import { addConfidentialTerm } from '../../../src/services/confidential.ts';
import { importGlossary } from '../../../src/services/glossary.ts';
import { FakeDeepl } from '../../fake-deepl/server.ts';
import { article, startRig, type Rig } from '../../fake-deepl/setup.ts';

let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

async function translation(slug: string, index: number, locale: string) {
  const record = await rig.store.get(parseSlug(slug));
  const segment = record!.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order)[index]!;
  return { segment, t: record!.translations.find((t) => t.segmentId === segment.id && t.locale === locale)! };
}

describe('MtService', () => {
  it('when an article is queued for en, then every segment gets a machine draft and en goes to DeepL as EN-US', async () => {
    rig = await startRig();
    await rig.import('a1', article('북한 장마당 쌀값', ['평양 장마당에서 쌀값이 올랐다.', '주민들은 불안해했다.']));
    const { added } = await rig.service.enqueue({ locales: ['en'], by: 'editor' });
    expect(added).toBe(3);
    const summary = await rig.service.drain();
    expect(summary).toMatchObject({ requests: 1, drafts: 3, failed: 0, stoppedBy: null });
    const { segment, t } = await translation('a1', 1, 'en');
    expect(t).toMatchObject({ state: 'draft', origin: 'machine', text: FakeDeepl.translation(segment.source, 'EN-US') });
    const req = rig.fake.translateRequests[0]!;
    expect(req.params.target_lang).toEqual(['en-US']);
    expect(req.params.tag_handling).toEqual(['xml']);
    expect(String(req.headers['content-type'])).toContain('application/x-www-form-urlencoded');
    expect(await rig.service.progress()).toEqual({ done: 3, failed: 0, remaining: 0 });
  });

  it('when zh-Hans is the target, then DeepL is asked for zh-HANS', async () => {
    rig = await startRig();
    await rig.import('a1', article('제목', ['본문이다.']));
    await rig.service.enqueue({ locales: ['zh-Hans'], by: 'e' });
    await rig.service.drain();
    expect(rig.fake.translateRequests[0]!.params.target_lang).toEqual(['zh-HANS']);
  });

  it('when segments of many articles are queued, then they share requests of at most 50 texts', async () => {
    rig = await startRig();
    for (let a = 0; a < 6; a++) {
      await rig.import(
        `art-${a}`,
        article(
          `기사 ${a}`,
          Array.from({ length: 19 }, (_, i) => `기사 ${a}의 문단 ${i} 내용이다.`),
        ),
      );
    }
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    const summary = await rig.service.drain();
    expect(summary.drafts).toBe(120);
    expect(rig.fake.translateRequests.map((r) => r.params.text!.length)).toEqual([50, 50, 20]);
    expect(rig.fake.translateRequests.every((r) => Buffer.byteLength(r.body) < 128 * 1024)).toBe(true);
  });

  it('when the same source is queued twice, then it is sent once and both segments get the draft', async () => {
    rig = await startRig();
    await rig.import('a1', article('제목 하나', ['같은 문장이다.', '다른 문장이다.']));
    await rig.import('a2', article('제목 둘', ['같은 문장이다.']));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    const texts = rig.fake.textsReceived;
    expect(texts.filter((t) => t === '같은 문장이다.')).toHaveLength(1);
    expect((await translation('a2', 1, 'en')).t.text).toBe(FakeDeepl.translation('같은 문장이다.', 'EN-US'));
  });

  it('when a source already has an approved translation, then it is not sent and the draft comes from memory', async () => {
    rig = await startRig({ service: { findApprovedTranslation: async (_h, locale) => (locale === 'en' ? 'Approved text.' : null) } });
    await rig.import('a1', article('제목', ['본문.']));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    const summary = await rig.service.drain();
    expect(summary.memoryDrafts).toBe(2);
    expect(rig.fake.translateRequests).toHaveLength(0);
    expect((await translation('a1', 1, 'en')).t).toMatchObject({ origin: 'memory', text: 'Approved text.' });
  });

  it('when an approved translation exists in the store, then the default lookup finds it by source hash', async () => {
    rig = await startRig();
    await rig.import('a1', article('제목', ['공통 문단이다.']));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    const { segment, t } = await translation('a1', 1, 'en');
    await rig.review.submit({
      slug: 'a1',
      segmentId: segment.id,
      locale: 'en',
      actor: { name: 'tr' },
      text: 'Common paragraph.',
      baseRevision: t.revision,
    });
    await rig.review.approve({ slug: 'a1', segmentId: segment.id, locale: 'en', actor: { name: 'rev' } });
    const before = rig.fake.textsReceived.length;
    await rig.import('a2', article('다른 제목', ['공통 문단이다.']));
    await rig.service.enqueue({ slugs: ['a2'], locales: ['en'], by: 'e' });
    await rig.service.drain();
    expect(rig.fake.textsReceived.slice(before)).toEqual(['다른 제목']);
    expect((await translation('a2', 1, 'en')).t).toMatchObject({ origin: 'memory', text: 'Common paragraph.' });
  });

  it('when confidential terms are set, then no request body contains them in any form and drafts show the rendering', async () => {
    rig = await startRig();
    await addConfidentialTerm({ settings: rig.mt.settings }, { term: '김철민', render: 'a source', by: 'editor' });
    await addConfidentialTerm({ settings: rig.mt.settings }, { term: '이영희', slug: 'a1', by: 'editor' });
    const nfd = '박정호'.normalize('NFD');
    await rig.import(
      'a1',
      article(
        '김철민씨의 증언',
        [
          `탈북민 김철민씨는 ${nfd}와 함께 이영희를 만났다고 말했다.`,
          '**김철민**은 무사하다.',
          '김 철민이라는 이름은 가명이 아니다.',
          '이웃 문단이다.',
        ],
        'confidential: [박정호]\n',
      ),
    );
    await rig.service.enqueue({ locales: ['en', 'ja'], by: 'e' });
    await rig.service.drain();
    const bodies = rig.fake.requests.map((r) => decodeURIComponent(r.body.replace(/\+/g, ' ')).normalize('NFC'));
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      for (const name of ['김철민', '이영희', '박정호', '김 철민']) expect(body).not.toContain(name);
      expect(body.replace(/\s/g, '')).not.toContain('김철민');
    }
    expect(rig.fake.translateRequests[0]!.params.ignore_tags).toEqual(['tdmc']);
    const { t } = await translation('a1', 1, 'en');
    expect(t.text).toContain('a source씨는');
    expect(t.text).toContain('이영희');
    expect(t.text).not.toContain('tdmc');
  });

  it('when a request is sent, then the audit log names articles, segments and characters but never the text', async () => {
    rig = await startRig();
    await rig.import('a1', article('감사 기록', ['비밀스러운 문장이다.']));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    const entries = await rig.mt.ledger.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      provider: 'deepl',
      targetLocale: 'en',
      texts: 2,
      characters: 5 + 11,
      billedCharacters: 16,
      outcome: 'ok',
    });
    expect(entries[0]!.articles[0]).toMatchObject({ slug: 'a1', characters: 16 });
    expect(JSON.stringify(entries)).not.toContain('비밀');
  });

  it('when the title and neighbours exist, then they go in the context, not in the texts', async () => {
    rig = await startRig();
    await rig.import('a1', article('맥락 제목', ['첫 문단.', '둘째 문단.', '셋째 문단.']));
    const record = await rig.store.get(parseSlug('a1'));
    const second = record!.segments.find((s) => s.source === '둘째 문단.')!;
    await rig.service.enqueue({ locales: ['en'], by: 'e', slugs: ['a1'], segmentIds: [second.id] });
    await rig.service.drain();
    const req = rig.fake.translateRequests[0]!;
    expect(req.params.text).toEqual(['둘째 문단.']);
    expect(req.params.context![0]).toContain('맥락 제목');
    expect(req.params.context![0]).toContain('첫 문단.');
    expect(req.params.context![0]).toContain('셋째 문단.');
  });

  it('when a glossary exists, then it is uploaded once, reused while unchanged, replaced when edited, and passed with each request', async () => {
    rig = await startRig();
    await importGlossary({ settings: rig.mt.settings }, { from: 'ko', to: 'en', entries: { 장마당: 'jangmadang' } });
    await rig.import('a1', article('장마당', ['장마당 소식.']));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    await rig.import('a2', article('다른 장마당', ['새 소식.']));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    const creates = () => rig.fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/glossaries');
    expect(creates()).toHaveLength(1);
    const id = [...rig.fake.glossaries.keys()][0];
    expect(rig.fake.translateRequests.map((r) => r.params.glossary_id?.[0])).toEqual([id, id]);
    expect((await translation('a1', 1, 'en')).t.text).toBe('⟪EN-US⟫ jangmadang 소식.');

    await importGlossary(
      { settings: rig.mt.settings },
      { from: 'ko', to: 'en', entries: { 조선인민군: "Korean People's Army" }, merge: true },
    );
    await rig.import('a3', article('셋째', ['조선인민군 소식.']));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    expect(creates()).toHaveLength(2);
    expect(rig.fake.glossaries.size).toBe(1);
  });

  it('when a translator edits while the job is in flight, then the late draft is kept only as a suggestion', async () => {
    rig = await startRig();
    await rig.import('a1', article('제목', ['문단.']));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    const { segment } = await translation('a1', 1, 'en');
    // The gate: the provider's answer waits until the translator has saved.
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const inFlight = new Promise<void>((resolve) => {
      rig.fake.onRequest(async (request) => {
        if (request.path !== '/v2/translate') return;
        resolve();
        await gate;
      });
    });
    const draining = rig.service.drain();
    await inFlight;
    await rig.review.saveTranslation({
      slug: 'a1',
      segmentId: segment.id,
      locale: 'en',
      text: 'Human text.',
      baseRevision: 0,
      actor: { name: 'tr' },
    });
    openGate();
    await draining;
    const { t } = await translation('a1', 1, 'en');
    expect(t.text).toBe('Human text.');
    expect(t.suggestion?.text).toBe(FakeDeepl.translation('문단.', 'EN-US'));
  });

  it('when one paragraph of an article changes on re-import, then only that paragraph is sent', async () => {
    rig = await startRig({ autoTranslate: true });
    const paras = ['하나.', '둘.', '셋.'];
    await rig.import('a1', article('제목', paras));
    await rig.service.drain();
    const before = rig.fake.textsReceived.length;
    expect(before).toBe(4 * 3);
    await rig.import('a1', article('제목', ['하나.', '둘이 바뀌었다.', '셋.']));
    await rig.service.drain();
    expect(rig.fake.textsReceived.slice(before).sort()).toEqual(['둘이 바뀌었다.', '둘이 바뀌었다.', '둘이 바뀌었다.']);
  });
});

describe('MtService faults', () => {
  it('when DeepL answers 429 and 500, then the request is retried with backoff and succeeds', async () => {
    rig = await startRig();
    await rig.import('a1', article('제목', ['문단.']));
    rig.fake.failNext(429);
    rig.fake.failNext(500);
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    const summary = await rig.service.drain();
    expect(summary).toMatchObject({ drafts: 2, failed: 0, requests: 3 });
    expect((await rig.mt.ledger.entries()).map((e) => e.outcome)).toEqual(['mt-rate-limit', 'mt', 'ok']);
  });

  it('when 5xx persists and no durable retry is left, then the job fails with the reason and can be retried', async () => {
    rig = await startRig({ service: { backoff: { attempts: 1 } } });
    await rig.import('a1', article('제목', ['문단.']));
    rig.fake.failNext(503, 3);
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    const summary = await rig.service.drain();
    expect(summary).toMatchObject({ failed: 2, retrying: 0 });
    const failed = await rig.mt.queue.items();
    expect(failed.every((i) => i.state === 'failed' && i.reason === 'unavailable' && /gave up after 3 tries/.test(i.error ?? ''))).toBe(
      true,
    );
    expect((await translation('a1', 1, 'en')).t.state).toBe('untranslated');
    expect(await rig.service.retryFailed()).toBe(2);
    await rig.service.drain();
    expect((await translation('a1', 1, 'en')).t.state).toBe('draft');
  });

  it('when the quota is spent (456), then the queue pauses with a clear status until resumed', async () => {
    rig = await startRig();
    await rig.import('a1', article('제목', ['문단.']));
    rig.fake.failNext(456);
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    const summary = await rig.service.drain();
    expect(summary.stoppedBy).toBe('paused');
    expect(rig.fake.translateRequests).toHaveLength(1);
    const status = await rig.service.status();
    expect(status).toMatchObject({ state: 'paused', queue: { queued: 2, inFlight: 0 } });
    expect(status.message).toMatch(/quota/);
    expect((await rig.service.drain()).stoppedBy).toBe('paused');
    expect(rig.fake.translateRequests).toHaveLength(1);
    await rig.service.resume();
    expect((await rig.service.drain()).drafts).toBe(2);
  });

  it('when the key is rejected (403), then the provider is marked unauthorized and nothing is retried', async () => {
    rig = await startRig();
    await rig.import('a1', article('제목', ['문단.']));
    rig.fake.failNext(403);
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    expect((await rig.service.drain()).stoppedBy).toBe('unauthorized');
    expect((await rig.service.drain()).stoppedBy).toBe('unauthorized');
    expect(rig.fake.translateRequests).toHaveLength(1);
    const status = await rig.service.status();
    expect(status).toMatchObject({ state: 'unauthorized', queue: { queued: 2 } });
    expect(status.message).toContain(`Fix ${rig.service.provider.capabilities.configHint} and restart`);
  });

  it('when a connection hangs, then the request times out and is retried', async () => {
    rig = await startRig({ timeoutMs: 200 });
    await rig.import('a1', article('제목', ['문단.']));
    rig.fake.failNext('hang');
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    const summary = await rig.service.drain();
    expect(summary).toMatchObject({ drafts: 2, requests: 2 });
    expect((await rig.mt.ledger.entries())[0]!.outcome).toBe('mt-timeout');
  });

  it.each(['garbage', 'short'] as const)('when the response is %s, then the job fails and nothing is written', async (kind) => {
    rig = await startRig();
    await rig.import('a1', article('제목', ['문단.']));
    rig.fake.failNext(kind);
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    const summary = await rig.service.drain();
    expect(summary).toMatchObject({ failed: 2, drafts: 0, requests: 1 });
    expect((await translation('a1', 0, 'en')).t.state).toBe('untranslated');
    expect((await translation('a1', 1, 'en')).t.state).toBe('untranslated');
    expect((await rig.mt.queue.items()).map((i) => i.error)).toEqual([
      expect.stringMatching(/malformed/),
      expect.stringMatching(/malformed/),
    ]);
  });

  it('when the key is rejected at start-up, then verify() reports unauthorized with what to fix', async () => {
    const { DeeplProvider } = await import('../../../src/adapters/mt/deepl.ts');
    const fake = await FakeDeepl.start({ acceptedKeys: ['right'] });
    rig = await startRig({ service: { provider: new DeeplProvider({ authKey: 'wrong', serverUrl: fake.url }) } });
    const status = await rig.service.verify();
    await fake.close();
    expect(status.state).toBe('unauthorized');
    expect(status.message).toMatch(/rejected/);
    expect(status.message).toContain(`Fix ${rig.service.provider.capabilities.configHint} and restart`);
  });

  it('when the provider is none, then nothing is queued and the status says how to turn MT on', async () => {
    const { NoneProvider } = await import('../../../src/adapters/mt/none.ts');
    rig = await startRig({ service: { provider: new NoneProvider(['ACME_MT_KEY (your Acme key)']) } });
    await rig.import('a1', article('제목', ['문단.']));
    expect((await rig.service.enqueue({ by: 'e' })).added).toBe(0);
    const status = await rig.service.status();
    expect(status.state).toBe('off');
    expect(status.message).toBe(
      'Machine translation is off: to turn it on, set ACME_MT_KEY (your Acme key). Segments wait for a human translator.',
    );
    expect(status.configHint).toBe('ACME_MT_KEY (your Acme key)');
  });
});
