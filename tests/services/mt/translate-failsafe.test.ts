import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryArticleStore } from '../../../src/adapters/storage/in-memory/article-store.ts';
import { LowdbMtStore } from '../../../src/adapters/storage/lowdb/mt-store.ts';
import { MtRateLimitError } from '../../../src/core/errors.ts';
import type { MtProvider, MtRequest, MtResult } from '../../../src/core/ports/mt-provider.ts';
import { parseSlug } from '../../../src/core/slug.ts';
import type { FaultKind } from '../../fake-deepl/server.ts';
import { article, startRig, type Rig } from '../../fake-deepl/setup.ts';

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

const MINUTE = 60_000;
const START = Date.parse('2026-03-01T09:00:00.000Z');

/** A clock the test moves by hand, and a rig whose retries, budgets and reuse read it (jitter pinned to none). */
async function rigWithClock(options: Parameters<typeof startRig>[0] = {}) {
  let now = START;
  const rig = await startRig({
    ...options,
    service: {
      now: () => new Date(now),
      random: () => 0,
      backoff: { attempts: 4, baseDelayMs: MINUTE, maxDelayMs: 60 * MINUTE },
      ...options.service,
    },
  });
  rigs.push(rig);
  return {
    rig,
    at: () => new Date(now).toISOString(),
    advanceTo: (iso: string) => {
      now = Date.parse(iso);
    },
  };
}

async function states(rig: Rig, locale = 'en') {
  const record = await rig.store.get(parseSlug('a1'));
  return record!.translations.filter((t) => t.locale === locale).map((t) => t.state);
}

describe('MT fails safe and visible', () => {
  it.each([
    [429, 'rate-limited'],
    [503, 'unavailable'],
  ] as const)(
    'when DeepL answers %s through a whole drain, then the items wait for their retry time, nothing more is sent, and they are translated once it comes',
    async (fault, reason) => {
      const { rig, at, advanceTo } = await rigWithClock();
      await rig.import('a1', article('제목', ['문단.']));
      rig.fake.failNext(fault, 3);
      await rig.service.enqueue({ locales: ['en'], by: 'e' });

      const first = await rig.service.drain();
      expect(first).toMatchObject({ drafts: 0, failed: 0, retrying: 2, stoppedBy: 'retrying' });
      const retryAt = new Date(START + MINUTE).toISOString();
      expect(await rig.mt.queue.items()).toEqual([
        expect.objectContaining({ state: 'retrying', attempts: 1, reason, retryAt }),
        expect.objectContaining({ state: 'retrying', attempts: 1, reason, retryAt }),
      ]);
      const status = await rig.service.status();
      expect(status).toMatchObject({ state: 'retrying', nextRetryAt: retryAt, retryReason: reason, queue: { retrying: 2 } });
      expect(status.message).toContain(retryAt);
      expect(await rig.service.articleProgress()).toEqual([
        {
          slug: 'a1',
          locale: 'en',
          queued: 0,
          inFlight: 0,
          retrying: 2,
          nextRetryAt: retryAt,
          failed: 0,
          retryingReasons: [{ reason, count: 2 }],
          failedReasons: [],
        },
      ]);

      expect(at() < retryAt).toBe(true);
      expect((await rig.service.drain()).stoppedBy).toBe('retrying');
      expect(rig.fake.translateRequests).toHaveLength(3);

      advanceTo(retryAt);
      expect(await rig.service.drain()).toMatchObject({ drafts: 2, retrying: 0, stoppedBy: null });
      expect(await states(rig)).toEqual(['draft', 'draft']);
      expect((await rig.service.status()).state).toBe('ready');
      expect(await rig.service.articleProgress()).toEqual([]);
    },
  );

  it('when DeepL keeps failing, then the delays grow (1, 2, 4 minutes) and after the cap the items fail with the reason until an editor retries them', async () => {
    const { rig, at, advanceTo } = await rigWithClock();
    await rig.import('a1', article('제목', ['문단.']));
    rig.fake.onRequest((request) => {
      if (request.path === '/v2/translate' && rig.fake.translateRequests.length <= 12) rig.fake.failNext(503);
    });
    await rig.service.enqueue({ locales: ['en'], by: 'e' });

    const delays: number[] = [];
    for (let drain = 0; drain < 3; drain++) {
      const before = Date.parse(at());
      expect((await rig.service.drain()).retrying).toBe(2);
      const retryAt = (await rig.service.status()).nextRetryAt!;
      delays.push((Date.parse(retryAt) - before) / MINUTE);
      advanceTo(retryAt);
    }
    expect(delays).toEqual([1, 2, 4]);

    expect(await rig.service.drain()).toMatchObject({ failed: 2, retrying: 0 });
    expect(rig.fake.translateRequests).toHaveLength(12);
    expect(await rig.mt.queue.items()).toEqual([
      expect.objectContaining({ state: 'failed', attempts: 4, reason: 'unavailable' }),
      expect.objectContaining({ state: 'failed', attempts: 4, reason: 'unavailable' }),
    ]);
    const status = await rig.service.status();
    expect(status).toMatchObject({ state: 'ready', queue: { failed: 2 } });
    expect(status.message).toMatch(/2 segment translation\(s\) failed; an editor can retry them/);
    expect((await rig.service.articleProgress())[0]).toMatchObject({ failed: 2, failedReasons: [{ reason: 'unavailable', count: 2 }] });

    advanceTo(new Date(Date.parse(at()) + 24 * 60 * MINUTE).toISOString());
    expect(await rig.service.drain()).toMatchObject({ requests: 0 });
    expect(await rig.service.retryFailed({ slug: 'a1', locale: 'en' })).toBe(2);
    expect(await rig.service.drain()).toMatchObject({ drafts: 2 });
    expect(await states(rig)).toEqual(['draft', 'draft']);
  });

  it('when a request gives up, then the batches behind it are not sent until the retry time and wait in the queue', async () => {
    const { rig, advanceTo } = await rigWithClock({ service: { concurrency: 1 } });
    await rig.import(
      'a1',
      article(
        '제목',
        Array.from({ length: 59 }, (_, i) => `문단 ${i} 내용이다.`),
      ),
    );
    rig.fake.failNext(503, 3);
    await rig.service.enqueue({ locales: ['en'], by: 'e' });

    expect(await rig.service.drain()).toMatchObject({ retrying: 50, stoppedBy: 'retrying' });
    expect(rig.fake.translateRequests).toHaveLength(3);
    expect(await rig.mt.queue.counts()).toMatchObject({ queued: 10, retrying: 50, inFlight: 0 });
    // Work queued meanwhile waits as well.
    await rig.import('a2', article('다른 기사', ['새 문단.']));
    await rig.service.enqueue({ slugs: ['a2'], locales: ['en'], by: 'e' });
    expect((await rig.service.drain()).stoppedBy).toBe('retrying');
    expect(rig.fake.translateRequests).toHaveLength(3);

    advanceTo((await rig.service.status()).nextRetryAt!);
    expect(await rig.service.drain()).toMatchObject({ drafts: 62, stoppedBy: null });
  });

  it('when the provider says when to come back (Retry-After), then the retry waits at least that long', async () => {
    const provider: MtProvider = {
      id: 'slow',
      enabled: true,
      capabilities: {
        batch: { maxTexts: 50, maxRequestBytes: 128 * 1024 },
        formality: {},
        tagHandling: 'xml',
        languageMap: {},
        timeoutMs: 1000,
        configHint: 'SLOW_KEY',
      },
      translate: async (_request: MtRequest): Promise<MtResult> => {
        throw new MtRateLimitError('slow: too many requests (429)', { status: 429, retryAfterMs: 10 * MINUTE });
      },
      usage: async () => null,
    };
    const { rig } = await rigWithClock({ service: { provider } });
    await rig.import('a1', article('제목', ['문단.']));
    await rig.service.enqueue({ locales: ['en'], by: 'e' });
    await rig.service.drain();
    expect((await rig.service.status()).nextRetryAt).toBe(new Date(START + 10 * MINUTE).toISOString());
  });

  it.each([
    ['garbage', 'malformed'],
    [400, 'refused'],
  ] as const)(
    'when the answer is %s, then the items fail at once with the reason %s, without waiting for retries',
    async (fault, reason) => {
      const { rig } = await rigWithClock();
      await rig.import('a1', article('제목', ['문단.']));
      rig.fake.failNext(fault satisfies FaultKind);
      await rig.service.enqueue({ locales: ['en'], by: 'e' });
      expect(await rig.service.drain()).toMatchObject({ failed: 2, retrying: 0, requests: 1 });
      expect((await rig.mt.queue.items()).map((i) => [i.state, i.reason])).toEqual([
        ['failed', reason],
        ['failed', reason],
      ]);
    },
  );

  it('when the server restarts while items wait to be retried, then they keep their retry time and are translated after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-mt-failsafe-'));
    try {
      const store = new InMemoryArticleStore();
      const first = await rigWithClock({ store, mt: await LowdbMtStore.open(dir) });
      await first.rig.import('a1', article('제목', ['문단.']));
      first.rig.fake.failNext(503, 3);
      await first.rig.service.enqueue({ locales: ['en'], by: 'e' });
      await first.rig.service.drain();
      const retryAt = (await first.rig.service.status()).nextRetryAt!;
      await first.rig.fake.close();
      await first.rig.mt.close();
      rigs.splice(rigs.indexOf(first.rig), 1);

      const second = await rigWithClock({ store, mt: await LowdbMtStore.open(dir) });
      expect(await second.rig.service.recover()).toBe(0);
      expect(await second.rig.service.status()).toMatchObject({ state: 'retrying', nextRetryAt: retryAt });
      expect(await second.rig.service.drain()).toMatchObject({ requests: 0 });
      second.advanceTo(retryAt);
      expect(await second.rig.service.drain()).toMatchObject({ drafts: 2 });
      expect(await states(second.rig)).toEqual(['draft', 'draft']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the key check', () => {
  it('when DeepL holds the usage request, then the check is reported as running, and as ok once it answers', async () => {
    const { rig } = await rigWithClock();
    let open = (): void => undefined;
    const held = new Promise<void>((resolve) => (open = resolve));
    const arrived = new Promise<void>((resolve) =>
      rig.fake.onRequest(async (request) => {
        if (request.path !== '/v2/usage') return;
        resolve();
        await held;
      }),
    );
    const check = rig.service.verify();
    await arrived;
    expect((await rig.service.status()).keyCheck).toEqual({ state: 'checking' });
    expect((await rig.service.status()).message).toMatch(/The key is being checked/);
    open();
    expect((await check).keyCheck).toEqual({ state: 'ok', at: new Date(START).toISOString() });
  });

  it('when DeepL cannot be reached, then the check says unreachable and machine translation stays on', async () => {
    const { rig } = await rigWithClock({ timeoutMs: 200 });
    rig.fake.failNext('hang');
    const status = await rig.service.verify();
    expect(status).toMatchObject({ state: 'ready', keyCheck: { state: 'unreachable' } });
  });

  it('when the key is refused, then the check says rejected and the state unauthorized', async () => {
    const { rig } = await rigWithClock();
    rig.fake.failNext(403);
    expect(await rig.service.verify()).toMatchObject({ state: 'unauthorized', keyCheck: { state: 'rejected' } });
  });
});
