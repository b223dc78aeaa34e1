import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLOSSARY_FILE_MAX_BYTES } from '../../src/services/glossary.ts';
import { LANGUAGE_COOKIE } from '../../src/web/i18n.ts';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_REQUEST_BYTES } from '../../src/web/multipart.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { BOUNDARY, multipartBody, postRaw, postWithBodyLeftOpen } from '../support/multipart.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

let app: ReviewApp;
let editor: Client;

beforeAll(async () => {
  app = await startReviewApp({ articles: { 'market-prices': MARKET_ARTICLE }, users: [{ name: 'ed', role: 'editor' }] });
  editor = await app.loginAs('ed');
  editor.cookies.set(LANGUAGE_COOKIE, 'ko');
});
afterAll(() => app.close());

const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const cookieOf = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const TOO_LARGE = /파일이 이 양식에서 받을 수 있는 크기\([\d.]+ MiB\)보다 큽니다\./;

describe('an upload over its size limit is refused on its form page', () => {
  it('when an article file is one byte over the limit, then the articles page says so in Korean with 413 and keeps the typed fields', async () => {
    await editor.page('/articles');
    const body = multipartBody([
      { name: 'content', value: '---\ntitle: 붙여 넣은 글\n---\n\n본문 그대로.' },
      { name: 'format', value: 'html' },
      { name: 'slug', value: 'kept-slug' },
      { name: 'file', filename: 'big.md', value: 'x'.repeat(MAX_UPLOAD_BYTES + 1) },
    ]);
    const res = await postRaw(
      app.url,
      `/articles/import?_csrf=${editor.csrf}`,
      { 'content-type': MULTIPART, cookie: cookieOf(editor) },
      body,
    );
    expect(res.status).toBe(413);
    expect(res.text).toMatch(TOO_LARGE);
    expect(res.text).toContain('class="import-form"');
    expect(res.text).toContain('본문 그대로.</textarea>');
    expect(res.text).toContain('value="kept-slug"');
    expect(res.text).toContain('<option value="html" selected>');
  });

  it('when a glossary CSV is over its limit, then the glossary page says so in Korean with 413, its pair and mode kept', async () => {
    const { text: page } = await editor.page('/glossary?from=ko&to=en');
    const action = /<form method="post" action="([^"]*)" enctype="multipart\/form-data"/.exec(page)![1]!.replaceAll('&amp;', '&');
    const body = multipartBody([
      { name: 'from', value: 'ko' },
      { name: 'to', value: 'en' },
      { name: 'mode', value: 'replace' },
      { name: 'file', filename: 'terms.csv', value: `평양,Pyongyang\n${'x'.repeat(GLOSSARY_FILE_MAX_BYTES)}` },
    ]);
    const res = await postRaw(app.url, action, { 'content-type': MULTIPART, cookie: cookieOf(editor) }, body);
    expect(res.status).toBe(413);
    expect(res.text).toMatch(TOO_LARGE);
    expect(res.text).toContain('<input type="radio" name="mode" value="replace" checked>');
    expect(await app.deps.glossary!.get('ko', 'en')).toBeNull();
  });

  it('when a form declares more than the limit, then it is refused with 413 before its body is read', async () => {
    const { text: page } = await editor.page('/glossary?from=ko&to=ja');
    const action = /<form method="post" action="([^"]*)" enctype="multipart\/form-data"/.exec(page)![1]!.replaceAll('&amp;', '&');
    const first = multipartBody([{ name: 'file', filename: 'huge.csv', value: 'x'.repeat(1024) }]).subarray(0, 1024);
    const answer = await postWithBodyLeftOpen(
      app.url,
      action,
      { 'content-type': MULTIPART, cookie: cookieOf(editor), accept: 'text/html' },
      GLOSSARY_FILE_MAX_BYTES + MAX_UPLOAD_REQUEST_BYTES,
      first,
    );
    expect(answer).toEqual({ status: 413, bodyOpen: true });
  });

  it('when the import form is shown, then its file input comes last and carries the limit and its sentence for the browser', async () => {
    const { text } = await editor.page('/articles');
    const form = /<form[^>]*class="import-form"[\s\S]*?<\/form>/.exec(text)![0];
    expect(form.indexOf('name="file"')).toBeGreaterThan(form.indexOf('name="slug"'));
    expect(form).toMatch(/data-max-bytes="\d+" data-too-large="파일이 이 양식에서/);
  });
});
