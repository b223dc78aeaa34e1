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

const glossary = () => app.deps.glossary!.get('ko', 'en');

async function page(client: Client, path: string, lng = 'en'): Promise<{ status: number; text: string }> {
  const res = await client.request('GET', path, { headers: { 'accept-language': lng } });
  return { status: res.status, text: await res.text() };
}

/** Send a form from the glossary page as a browser does, with the token that page gave. */
async function postForm(client: Client, path: string, fields: Record<string, string>, lng = 'en'): Promise<Response> {
  await client.page('/glossary?to=en');
  return client.post(path, { from: 'ko', to: 'en', ...fields }, { 'accept-language': lng });
}

async function upload(client: Client, csv: string, mode: 'merge' | 'replace', lng = 'en'): Promise<Response> {
  const { text } = await client.page('/glossary?to=en');
  const action = /<form method="post" action="([^"]*)" enctype="multipart\/form-data"/.exec(text)![1]!.replaceAll('&amp;', '&');
  const form = new FormData();
  form.set('from', 'ko');
  form.set('to', 'en');
  form.set('mode', mode);
  form.set('file', new Blob([csv]), 'terms.csv');
  return client.request('POST', action, { body: form, headers: { 'accept-language': lng } });
}

describe('glossary page', () => {
  it('when an editor adds an entry, then the post redirects to the page, which says so and lists it', async () => {
    const res = await postForm(editor, '/glossary/entries', {
      source: '장마당',
      target: 'jangmadang',
      forbidden: 'black market',
      note: 'a private market',
    });
    expect(res.status).toBe(303);
    const { text } = await page(editor, res.headers.get('location')!);
    expect(text).toContain('Saved “장마당”. The next machine draft uses it.');
    expect(text).toContain('<th scope="row" lang="ko">장마당</th>');
    expect((await glossary())?.details?.장마당).toEqual({ forbidden: ['black market'], note: 'a private market' });
  });

  it('when the entry is used by the next machine draft, then the fake DeepL server received it in the glossary', async () => {
    await app.rig.service.enqueue({ locales: ['en'], by: 'ed' });
    await app.rig.service.drain();
    const record = await app.rig.store.get(parseSlug('market-prices'));
    const drafts = record!.translations.filter((t) => t.locale === 'en').map((t) => t.text);
    expect(drafts.some((d) => d.includes('jangmadang'))).toBe(true);
    expect(drafts.some((d) => d.includes('장마당'))).toBe(false);
  });

  it.each([
    ['en', { source: '환율', target: '' }, 'The required rendering is empty.'],
    ['ko', { source: '환율', target: '' }, '지정 번역어가 비어 있습니다.'],
    ['en', { source: '환율', target: 'exchange\trate' }, 'contains U+0009'],
    ['en', { source: '장마당', target: 'market' }, '“장마당” is already in the glossary; edit that entry instead.'],
    ['en', { source: '환율', target: 'rate', forbidden: 'rate' }, 'The entry forbids its own required rendering “rate”.'],
  ])(
    'when an editor sends a refused entry (%s, %j), then the page says why inline and keeps what was typed',
    async (lng, fields, sentence) => {
      const before = await glossary();
      const res = await postForm(editor, '/glossary/entries', fields, lng);
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toContain('role="alert"');
      expect(text).toContain(sentence);
      expect(text).toContain(`id="entry-source" name="source" lang="ko" required maxlength="500" value="${fields.source}"`);
      expect(await glossary()).toEqual(before);
    },
  );

  it('when an editor edits an entry, then it keeps its place with the new rendering', async () => {
    await postForm(editor, '/glossary/entries', { source: '환율', target: 'exchange rate' });
    const { text } = await page(editor, '/glossary?from=ko&to=en&edit=%EC%9E%A5%EB%A7%88%EB%8B%B9');
    expect(text).toContain('<input type="hidden" name="was" value="장마당">');
    const res = await postForm(editor, '/glossary/entries', {
      was: '장마당',
      source: '장마당',
      target: 'jangmadang market',
      forbidden: '',
    });
    expect(res.status).toBe(303);
    const record = await glossary();
    expect(Object.entries(record!.entries)).toEqual([
      ['장마당', 'jangmadang market'],
      ['환율', 'exchange rate'],
    ]);
    expect(record!.details?.장마당).toBeUndefined();
  });

  it('when an editor deletes an entry, then it is gone and the page says so', async () => {
    const res = await postForm(editor, '/glossary/entries/delete', { source: '환율' });
    expect(res.status).toBe(303);
    expect((await page(editor, res.headers.get('location')!)).text).toContain('Deleted “환율”.');
    expect(Object.keys((await glossary())!.entries)).toEqual(['장마당']);
  });

  it('when a CSV has refused lines, then the page lists them translated by line and nothing is stored', async () => {
    const before = await glossary();
    for (const [lng, line] of [
      ['en', 'Line 3: The source term is empty.'],
      ['ko', '3행: 원문 용어가 비어 있습니다.'],
    ] as const) {
      const res = await upload(editor, 'source,target\n평양,Pyongyang\n,nothing\n쌀값,rice price,x,y,true,extra\n', 'replace', lng);
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toContain(line);
      expect(text).toContain('<input type="radio" name="mode" value="replace" checked>');
    }
    expect(await glossary()).toEqual(before);
  });

  it('when the glossary is exported and imported again, then it is the same glossary', async () => {
    await postForm(editor, '/glossary/entries', {
      source: '쌀값, "특"',
      target: 'rice price',
      forbidden: 'rice cost | grain price',
      note: 'line one\nline two',
      case_sensitive: 'true',
    });
    const before = await glossary();
    const res = await editor.request('GET', '/glossary/export.csv?from=ko&to=en');
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = await res.text();
    await postForm(editor, '/glossary/entries/delete', { source: '장마당' });
    expect((await upload(editor, csv, 'replace')).status).toBe(303);
    const after = await glossary();
    expect({ entries: after!.entries, details: after!.details }).toEqual({ entries: before!.entries, details: before!.details });
  });

  it('when a glossary is long, then the page shows 50 entries at a time and search finds one on a later page', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `용어${i},term ${i}`).join('\n');
    expect((await upload(editor, rows, 'merge')).status).toBe(303);
    const first = await page(editor, '/glossary?to=en');
    expect(first.text.match(/<th scope="row"/g)).toHaveLength(50);
    expect(first.text).toContain('Page 1 of 3');
    const last = await page(editor, '/glossary?to=en&page=3');
    expect(last.text.match(/<th scope="row"/g)).toHaveLength(122 - 100);
    const found = await page(translator, '/glossary?to=en&q=TERM%20117');
    expect(found.text.match(/<th scope="row"/g)).toHaveLength(1);
    expect(found.text).toContain('용어117');
  });
});

describe('glossary page refusals', () => {
  it('when a translator opens it, then they can search but see no form to change it', async () => {
    const { status, text } = await page(translator, '/glossary?to=en');
    expect(status).toBe(200);
    expect(text).not.toContain('action="/glossary/entries"');
    expect(text).not.toContain('enctype="multipart/form-data"');
  });

  it('when a translator posts an entry, then it is refused and nothing changes', async () => {
    const before = await glossary();
    const res = await postForm(translator, '/glossary/entries', { source: '간첩', target: 'spy' });
    expect(res.status).toBe(403);
    expect(await glossary()).toEqual(before);
  });

  it('when a form comes without the page’s token, then it is refused and nothing changes', async () => {
    const before = await glossary();
    const res = await editor.post('/glossary/entries', { _csrf: 'forged', from: 'ko', to: 'en', source: '간첩', target: 'spy' });
    expect(res.status).toBe(403);
    expect(await glossary()).toEqual(before);
  });

  it('when nobody is logged in, then the page sends them to log in', async () => {
    const res = await fetch(`${app.url}/glossary`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fglossary');
  });
});
