import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

let app: ReviewApp;
let editor: Client;
let reviewer: Client;

beforeAll(async () => {
  app = await startReviewApp({
    articles: { 'market-prices': MARKET_ARTICLE },
    users: [
      { name: 'ed', role: 'editor' },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
    ],
  });
  editor = await app.loginAs('ed');
  reviewer = await app.loginAs('rita');
});
afterAll(() => app.close());

const lists = () => app.deps.confidential!.list('market-prices');

async function post(client: Client, path: string, fields: Record<string, string>, lng = 'en'): Promise<Response> {
  await client.page('/confidential');
  return client.post(path, fields, { 'accept-language': lng });
}

describe('confidential terms page', () => {
  it('when an editor adds a global term with a rendering, then the page lists it after the redirect', async () => {
    const res = await post(editor, '/confidential', { term: '김철민', render: 'a source' });
    expect(res.status).toBe(303);
    const text = await (await editor.request('GET', res.headers.get('location')!, { headers: { 'accept-language': 'en' } })).text();
    expect(text).toContain('Added “김철민”.');
    expect(text).toContain('<th scope="row">김철민</th><td>a source</td>');
    expect((await lists()).global.map((t) => [t.term, t.render, t.addedBy])).toEqual([['김철민', 'a source', 'ed']]);
  });

  it('when an editor adds a term for one article, then it is on that article’s list only and shown with it', async () => {
    const res = await post(editor, '/confidential', { term: '박영희', render: '', slug: 'market-prices' });
    expect(res.headers.get('location')).toBe('/confidential?slug=market-prices&done=added&term=%EB%B0%95%EC%98%81%ED%9D%AC');
    const text = await (await editor.request('GET', res.headers.get('location')!, { headers: { 'accept-language': 'en' } })).text();
    expect(text).toContain('Terms of article market-prices only');
    expect((await lists()).article.map((t) => t.term)).toEqual(['박영희']);
    expect((await lists()).global.map((t) => t.term)).toEqual(['김철민']);
  });

  it.each([
    ['en', { term: '  ' }, 'A term must be 1 to 200 characters long (this one has 0).'],
    ['ko', { term: 'a\u0007b' }, '용어는 한 줄의 글이어야 하며 U+0007을(를) 담을 수 없습니다.'],
    ['en', { term: '이름', slug: 'Not A Slug' }, '“Not A Slug” is not an article slug'],
    ['en', { term: '이름', slug: 'no-such-article' }, 'There is no article “no-such-article”.'],
    ['en', { term: '이름', render: 'x'.repeat(201) }, 'A rendering must be 1 to 200 characters long (this one has 201).'],
  ])('when an editor sends a refused term (%s, %j), then the page says why inline and keeps the form', async (lng, fields, sentence) => {
    const before = await lists();
    const res = await post(editor, '/confidential', fields, lng);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain(sentence);
    expect(text).toContain(`id="confidential-term" name="term" required maxlength="400" value="${fields.term}"`);
    expect(await lists()).toEqual(before);
  });

  it('when an editor removes a term, then it is gone', async () => {
    const res = await post(editor, '/confidential/remove', { term: '박영희', slug: 'market-prices' });
    expect(res.status).toBe(303);
    expect((await lists()).article).toEqual([]);
  });

  it('when a reviewer opens or posts to the page, then both are refused and the lists stay as they are', async () => {
    expect((await reviewer.request('GET', '/confidential')).status).toBe(403);
    const before = await lists();
    await reviewer.page('/queue');
    expect((await reviewer.post('/confidential', { term: '간첩' })).status).toBe(403);
    expect(await lists()).toEqual(before);
  });

  it('when the form comes without the page’s token, then it is refused', async () => {
    const before = await lists();
    expect((await editor.post('/confidential', { _csrf: 'forged', term: '간첩' })).status).toBe(403);
    expect(await lists()).toEqual(before);
  });
});
