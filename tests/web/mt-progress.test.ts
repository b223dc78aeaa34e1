import { afterEach, describe, expect, it } from 'vitest';
import { parseSlug } from '../../src/core/slug.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

const ARTICLE = `---
title: 장마당 소식
slug: market
---

평양 장마당의 쌀값이 올랐다.
`;

let app: ReviewApp;
afterEach(() => app?.close());

async function start(mtService: Parameters<typeof startReviewApp>[0]['mtService'] = {}) {
  app = await startReviewApp({
    articles: { market: ARTICLE },
    users: [
      { name: 'ed', role: 'editor' },
      { name: 'tina', role: 'translator', locales: ['en'] },
    ],
    mtService,
  });
  return { editor: await app.loginAs('ed'), translator: await app.loginAs('tina') };
}

/** DeepL answers 503 to every try of one drain: the two segments of `market` wait to be retried. */
async function failOnce(): Promise<string> {
  app.rig.fake.failNext(503, 3);
  await app.rig.service.enqueue({ locales: ['en'], by: 'ed' });
  expect((await app.rig.service.drain()).retrying).toBe(2);
  return (await app.rig.service.status()).nextRetryAt!;
}

const get = async (client: Client, path: string, lng = 'en') =>
  await (await client.request('GET', path, { headers: { 'accept-language': lng } })).text();

describe('machine translation progress on the pages', () => {
  it.each([
    ['en', '2 segments wait to be retried,', 'the provider was unavailable', 'Retry now', 'Machine translation is failing for now'],
    ['ko', '세그먼트 2개 재시도 대기,', '제공자를 사용할 수 없었습니다', '지금 다시 시도', '기계 번역이 지금 실패하고 있습니다'],
  ])(
    'when DeepL kept failing and an editor opens the articles page in %s, then it shows what waits, until when and why, with a retry button',
    async (lng, waits, why, button, banner) => {
      const { editor } = await start();
      const retryAt = await failOnce();
      const page = await get(editor, '/articles', lng);
      const section = /<section class="mt-progress"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
      expect(section).toContain('href="/review/market/en"');
      expect(section).toContain(waits);
      expect(section).toContain(`<time datetime="${retryAt}" title="${retryAt}">`);
      expect(section).toContain(why);
      expect(section).toContain(button);
      expect(page).not.toContain('fake fault 503');
      expect(/<p class="hint mt-status mt-retrying">([^<]*)<\/p>/.exec(page)?.[1]).toContain(banner);
    },
  );

  it('when a translator opens the pages, then they see the progress but no retry button and no budget form', async () => {
    const { translator } = await start();
    await failOnce();
    for (const path of ['/articles', '/review/market/en']) {
      const page = await get(translator, path);
      expect(page).toContain('2 segments wait to be retried,');
      expect(page).not.toContain('action="/mt/retry"');
      expect(page).not.toContain('action="/mt/budget"');
    }
    await translator.page('/articles');
    expect((await translator.post('/mt/retry', { slug: 'market', locale: 'en' })).status).toBe(403);
  });

  it('when an editor presses retry now on the review page, then the items are queued again and the page says so', async () => {
    const { editor } = await start();
    await failOnce();
    const { text } = await editor.page('/review/market/en');
    expect(text).toMatch(/<form method="post" action="\/mt\/retry"[\s\S]*?name="back" value="review"/);
    const res = await editor.post('/mt/retry', { slug: 'market', locale: 'en', back: 'review' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/review/market/en?done=mt-retried&n=2');
    expect(await app.rig.mt.queue.counts()).toMatchObject({ queued: 2, retrying: 0 });
    expect(await get(editor, res.headers.get('location')!)).toContain('2 machine translations queued again; they are sent now.');
    expect(await app.rig.service.drain()).toMatchObject({ drafts: 2 });
    // The section stays, hidden and empty, for live rows (public/live.js); no row is drawn.
    expect(await get(editor, '/articles')).not.toContain('data-mt-row=');
  });

  it.each([
    ['the articles page', '/articles', {}, '/articles?done=mt-resumed'],
    ['the review page', '/review/market/en', { slug: 'market', locale: 'en', back: 'review' }, '/review/market/en?done=mt-resumed'],
  ])(
    'when the quota is spent and an editor presses resume on %s, then the queue is sent again and the page says so',
    async (_page, path, fields, back) => {
      const { editor, translator } = await start();
      app.rig.fake.failNext(456);
      await app.rig.service.enqueue({ locales: ['en'], by: 'ed' });
      expect((await app.rig.service.drain()).stoppedBy).toBe('paused');
      expect((await translator.page('/review/market/en')).text).not.toContain('action="/mt/resume"');
      expect((await translator.post('/mt/resume', {})).status).toBe(403);
      expect((await app.rig.service.status()).state).toBe('paused');

      const { text } = await editor.page(path);
      expect(text).toMatch(/<p class="hint mt-status mt-paused">[^<]*<form method="post" action="\/mt\/resume"/);
      const res = await editor.post('/mt/resume', fields);

      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(back);
      expect((await app.rig.service.status()).state).toBe('ready');
      const after = await get(editor, back, 'ko');
      expect(after).toContain('기계 번역을 다시 시작했습니다.');
      expect(after).not.toContain('action="/mt/resume"');
      expect(await app.rig.service.drain()).toMatchObject({ drafts: 2 });
    },
  );

  it('when the retry form names a language that is no tag, then it is refused with 400 and nothing changes', async () => {
    const { editor } = await start();
    await failOnce();
    await editor.page('/articles');
    expect((await editor.post('/mt/retry', { slug: 'market', locale: '!!' })).status).toBe(400);
    expect((await editor.post('/mt/retry', { slug: '../etc' })).status).toBe(400);
    expect(await app.rig.mt.queue.counts()).toMatchObject({ retrying: 2 });
  });
});

describe('the re-run budget on the pages', () => {
  it('when a translator re-runs past the budget, then the review page refuses with 429 and the figures; after an editor raises it the re-run is queued', async () => {
    const { editor, translator } = await start({ rerunBudget: 20, reuseWithinMs: 0 });
    const record = (await app.rig.store.get(parseSlug('market')))!;
    const [title, paragraph] = [...record.segments].sort((a, b) => a.order - b.order);
    await translator.page('/review/market/en');
    expect((await translator.post(`/review/market/en/${paragraph!.id}/mt`)).status).toBe(303);
    const refused = await translator.post(`/review/market/en/${title!.id}/mt`, {}, { 'accept-language': 'en' });
    expect(refused.status).toBe(429);
    const text = await refused.text();
    expect(text).toContain(
      'This re-run was not sent: your machine translation re-runs today would exceed the daily budget (16 of 20 characters used',
    );

    const budget = await get(editor, '/articles');
    expect(budget).toContain('Each person may re-run 20 characters of machine translation per day (UTC).');
    expect(budget).toContain('tina 16 characters');
    await editor.page('/articles');
    const raised = await editor.post('/mt/budget', { characters: '5000' });
    expect(raised.headers.get('location')).toBe('/articles?done=mt-budget&n=5000');
    expect(await get(editor, raised.headers.get('location')!)).toContain('The daily re-run budget is now 5000 characters per person.');
    expect((await editor.post('/mt/budget', { characters: '-1' })).status).toBe(400);

    await translator.page('/review/market/en');
    const again = await translator.post(`/review/market/en/${title!.id}/mt`);
    expect(again.headers.get('location')).toContain('done=mt-queued');
  });

  it('when a segment is re-run again with nothing changed, then the earlier draft is reused and the page says nothing was sent', async () => {
    const { translator } = await start();
    await app.rig.service.enqueue({ locales: ['en'], by: 'ed' });
    await app.rig.service.drain();
    const sent = app.rig.fake.translateRequests.length;
    const record = (await app.rig.store.get(parseSlug('market')))!;
    const paragraph = record.segments.find((s) => s.kind === 'paragraph')!;
    await translator.page('/review/market/en');
    const res = await translator.post(`/review/market/en/${paragraph.id}/mt`);
    expect(res.headers.get('location')).toContain('done=mt-reused');
    expect(await get(translator, res.headers.get('location')!)).toContain('that draft was used again; nothing was sent or charged');
    expect(app.rig.fake.translateRequests).toHaveLength(sent);
  });
});
