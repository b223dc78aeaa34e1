import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlug } from '../../src/core/slug.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

let app: ReviewApp;
let editor: Client;
let translator: Client;

beforeAll(async () => {
  app = await startReviewApp({
    articles: { 'market-prices': MARKET_ARTICLE },
    users: [
      { name: 'ed', role: 'editor' },
      { name: 'tina', role: 'translator', locales: ['en'] },
    ],
  });
  editor = await app.loginAs('ed');
  translator = await app.loginAs('tina');
});
afterAll(() => app.close());

/** Send the import form as a browser without JavaScript does: to the action the articles page gives it. */
async function upload(client: Client, fields: Record<string, string>, file?: { name: string; content: string }): Promise<Response> {
  const { text } = await client.page('/articles');
  const action = /<form method="post" action="([^"]*)" enctype="multipart\/form-data"/.exec(text)?.[1] ?? '/articles/import';
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new Blob([file.content]), file.name);
  return client.request('POST', action.replaceAll('&amp;', '&'), { body: form });
}

describe('articles page', () => {
  it('when an editor opens it, then every article shows per-locale progress with review links and the import form', async () => {
    const { res, text } = await editor.page('/articles');
    expect(res.status).toBe(200);
    for (const locale of ['en', 'ja', 'zh-Hans']) expect(text).toContain(`href="/review/market-prices/${locale}"`);
    expect(text).toContain('<progress max="100" value="0"');
    // The upload form carries its token in the action, where it is checked before the file is read.
    expect(text).toContain(`<form method="post" action="/articles/import?_csrf=${editor.csrf}" enctype="multipart/form-data"`);
    expect(text).toContain('action="/articles/market-prices/mt"');
  });

  it('when a translator opens it, then there is no import form and no machine-translation button', async () => {
    const { text } = await translator.page('/articles');
    expect(text).toContain('href="/review/market-prices/en"');
    expect(text).not.toContain('/articles/import');
    expect(text).not.toContain('/mt"');
  });

  it('when a file is uploaded with the form token, then it is imported and the page says how', async () => {
    const res = await upload(editor, {}, { name: 'flood-warning.md', content: '---\ntitle: 홍수 경보\n---\n\n강물이 불어났다.\n' });
    expect(res.status).toBe(303);
    expect((await editor.page(res.headers.get('location')!)).text).toContain('flood-warning');
    expect((await app.rig.store.get(parseSlug('flood-warning')))?.segments.map((s) => s.source)).toEqual(['홍수 경보', '강물이 불어났다.']);
  });

  it('when an upload carries its token only as a form field, then it is refused unread and nothing is stored', async () => {
    const form = new FormData();
    form.set('_csrf', editor.csrf);
    form.set('file', new Blob(['# 제목\n\n본문.\n']), 'sneaky.md');
    const res = await editor.request('POST', '/articles/import', { body: form });
    expect(res.status).toBe(403);
    expect(await app.rig.store.get(parseSlug('sneaky'))).toBeNull();
  });

  it('when the uploaded file has an unknown ending, then the import service message is shown', async () => {
    const res = await upload(editor, {}, { name: 'report.pdf', content: '%PDF-1.4' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/report\.pdf/);
  });

  it('when text is pasted without a slug, then it is refused and the pasted text is kept in the form', async () => {
    await editor.page('/articles');
    const res = await editor.post('/articles/import', { content: '# 폭우\n\n비가 많이 왔다.', format: 'markdown' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('비가 많이 왔다.</textarea>');
  });

  it.each([
    ['a form post', (content: string) => editor.post('/articles/import', { content, format: 'markdown' })],
    ['the upload form', (content: string) => upload(editor, { content, format: 'markdown' })],
  ])('when pasted text starts with a byte-order mark, then its front matter slug is found (%s)', async (how, send) => {
    const slug = how === 'a form post' ? 'bom-paste-form' : 'bom-paste-upload';
    const res = await send(`\uFEFF---\r\nslug: ${slug}\r\ntitle: 폭우\r\n---\r\n\r\n비가 많이 왔다.\r\n`);
    expect(res.status).toBe(303);
    expect((await app.rig.store.get(parseSlug(slug)))?.segments.map((s) => s.source)).toEqual(['폭우', '비가 많이 왔다.']);
  });

  it('when pasted text is imported twice with an edit, then the second import reports a new revision with counts', async () => {
    await editor.page('/articles');
    const first = await editor.post('/articles/import', {
      content: '---\ntitle: 폭우\n---\n\n비가 많이 왔다.\n\n도로가 잠겼다.',
      format: 'markdown',
      slug: 'heavy-rain',
    });
    expect(first.status).toBe(303);
    await editor.page('/articles');
    const second = await editor.post('/articles/import', {
      content: '---\ntitle: 폭우\n---\n\n비가 아주 많이 왔다.\n\n도로가 잠겼다.',
      format: 'markdown',
      slug: 'heavy-rain',
    });
    expect(second.status).toBe(303);
    const { text } = await editor.page(second.headers.get('location')!);
    expect(text).toMatch(/heavy-rain[^<]*2[^<]*2[^<]*1[^<]*0[^<]*0/);
  });

  it('when an editor queues machine translation for one article and locale, then the drafts arrive from the MT service', async () => {
    await editor.page('/articles');
    const res = await editor.post('/articles/market-prices/mt', { locale: 'en' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/articles?done=mt-queued&n=8');
    await app.rig.service.drain();
    const record = await app.rig.store.get(parseSlug('market-prices'));
    const en = record!.translations.filter((t) => t.locale === 'en');
    expect(en.every((t) => t.origin === 'machine' && t.text.startsWith('⟪EN'))).toBe(true);
    expect(record!.translations.filter((t) => t.locale === 'ja').every((t) => t.state === 'untranslated')).toBe(true);
  });

  it('when a locale is not a target locale, then queueing is refused', async () => {
    await editor.page('/articles');
    expect((await editor.post('/articles/mt', { locale: 'fr' })).status).toBe(400);
  });

  it('when machine translation is queued for an article that does not exist, then the answer is 404 and nothing is queued', async () => {
    await editor.page('/articles');
    const before = await app.rig.service.progress();
    const res = await editor.post('/articles/no-such-article/mt', { locale: 'en' });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('no-such-article');
    expect((await app.rig.service.progress()).remaining).toBe(before.remaining);
  });

  it('when the article slug is malformed, then queueing is refused with 400', async () => {
    await editor.page('/articles');
    expect((await editor.post('/articles/..%2Fetc/mt', { locale: 'en' })).status).toBe(400);
  });

  it('when the list is filtered and sorted by query, then only matching articles show and the form keeps the choices', async () => {
    const hit = await editor.page('/articles?q=%EC%9E%A5%EB%A7%88%EB%8B%B9&sort=title&dir=asc&desk=');
    expect(hit.res.status).toBe(200);
    expect(hit.text).toContain('href="/review/market-prices/en"');
    expect(hit.text).toMatch(/<option value="title" selected>/);
    const miss = await editor.page('/articles?q=nothing-like-this');
    expect(miss.text).not.toContain('href="/review/market-prices/en"');
    expect(miss.text).toContain('value="nothing-like-this"');
    expect(miss.text).toMatch(/<p class="message">[^<]+<\/p>/);
  });

  it.each([
    ['sort', '/articles?sort=random', '정렬: '],
    ['dir', '/articles?dir=sideways', '정렬 방향: '],
    ['state', '/articles?state=lost', '상태: '],
    ['page', '/articles?page=0', '페이지: '],
    ['locale', '/articles?locale=%20%20', '언어: '],
    ['search length', `/articles?q=${'x'.repeat(201)}`, '검색어: 최대 200자'],
  ])('when the %s parameter is not valid, then the page answers 400 naming it in the UI language', async (_, url, field) => {
    const res = await editor.request('GET', url);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(field);
  });

  it('when the locale is not a target locale, then the page answers 400', async () => {
    expect((await editor.request('GET', '/articles?locale=fr')).status).toBe(400);
  });
});
