import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_REQUEST_BYTES } from '../../src/web/multipart.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { BOUNDARY, multipartBody, postRaw, postWithBodyLeftOpen, type RawPart } from '../support/multipart.ts';
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

const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const cookieOf = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const slugs = async () => (await app.deps.articles!.allStatus()).map((a) => a.slug).sort();

/** The first 64 KiB of a 42 MiB upload, as the one that took the process from 158 to 553 MiB. */
const DECLARED = 42 * 1024 * 1024;
const FIRST_CHUNK = multipartBody([{ name: 'file', filename: 'huge.md', value: 'x'.repeat(64 * 1024) }]).subarray(0, 64 * 1024);

describe('uploads are refused before their body is read', () => {
  it('when 8 anonymous 42 MiB uploads arrive at once, then each is refused with 401 while its body is still open', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        postWithBodyLeftOpen(app.url, '/articles/import', { 'content-type': MULTIPART, accept: 'text/html' }, DECLARED, FIRST_CHUNK),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 8 }, () => ({ status: 401, bodyOpen: true })));
  });

  it.each([
    ['a translator (no import permission) with a valid token', () => translator, true, 403],
    ['an editor without a token', () => editor, false, 403],
  ])('when %s uploads, then it is refused while the body is still open', async (_what, who, withToken, status) => {
    const client = who();
    await client.page('/articles');
    const query = withToken ? `?_csrf=${client.csrf}` : '';
    const answer = await postWithBodyLeftOpen(
      app.url,
      `/articles/import${query}`,
      { 'content-type': MULTIPART, cookie: cookieOf(client), accept: 'text/html' },
      DECLARED,
      FIRST_CHUNK,
    );
    expect(answer).toEqual({ status, bodyOpen: true });
  });

  it('when an editor with a token declares a body beyond the limit, then it is refused with 413 before it is read', async () => {
    await editor.page('/articles');
    const answer = await postWithBodyLeftOpen(
      app.url,
      `/articles/import?_csrf=${editor.csrf}`,
      { 'content-type': MULTIPART, cookie: cookieOf(editor), accept: 'text/html' },
      MAX_UPLOAD_REQUEST_BYTES + 1,
      FIRST_CHUNK,
    );
    expect(answer).toEqual({ status: 413, bodyOpen: true });
  });

  it('when a multipart body is sent to a route that takes no files, then it is never parsed', async () => {
    await editor.page('/articles');
    const answer = await postWithBodyLeftOpen(
      app.url,
      '/articles/mt',
      { 'content-type': MULTIPART, cookie: cookieOf(editor), accept: 'text/html', 'x-csrf-token': editor.csrf },
      DECLARED,
      multipartBody([{ name: 'locale', value: 'en' }]),
    );
    // The locale field sits in the unread body, so the route sees no locale.
    expect(answer).toEqual({ status: 400, bodyOpen: true });
  });
});

const file = (filename: string, value = '# 제목\n\n본문.\n'): RawPart => ({ name: 'file', filename, value });
const fields = (n: number): RawPart[] => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: 'v' }));
const complete = multipartBody([file('ok.md')]);

describe('malformed upload forms', () => {
  it.each<[string, string, Uint8Array, number]>([
    ['no boundary', 'multipart/form-data', complete, 400],
    ['a boundary the body does not use', 'multipart/form-data; boundary=other', complete, 400],
    ['a truncated body', MULTIPART, complete.subarray(0, complete.length - 30), 400],
    ['only the opening boundary', MULTIPART, Buffer.from(`--${BOUNDARY}\r\n`), 400],
    ['a part without headers', MULTIPART, Buffer.from(`--${BOUNDARY}\r\n\r\nhello\r\n--${BOUNDARY}--\r\n`), 400],
    ['a NUL in the file name', MULTIPART, multipartBody([file('a\u0000.md')]), 400],
    [
      'a NUL in the RFC 5987 file name',
      MULTIPART,
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''a%00.md\r\n\r\nx\r\n--${BOUNDARY}--\r\n`),
      400,
    ],
    [
      'a path in the RFC 5987 file name',
      MULTIPART,
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''..%2Fa.md\r\n\r\nx\r\n--${BOUNDARY}--\r\n`,
      ),
      400,
    ],
    ['an escaped line break in the file name', MULTIPART, multipartBody([file('a%0A.md')]), 400],
    ['a relative path in the file name', MULTIPART, multipartBody([file('../../etc/passwd.md')]), 400],
    ['a Windows path in the file name', MULTIPART, multipartBody([file('C:\\Users\\kim\\article.md')]), 400],
    ['a file name of ..', MULTIPART, multipartBody([file('..')]), 400],
    ['two files', MULTIPART, multipartBody([file('a.md'), file('b.md')]), 400],
    ['a file under another field name', MULTIPART, multipartBody([{ name: 'attachment', filename: 'a.md', value: 'x' }]), 400],
    ['too many fields', MULTIPART, multipartBody(fields(9)), 400],
    ['too many parts', MULTIPART, multipartBody([...fields(8), file('a.md'), file('b.md'), file('c.md')]), 400],
    ['a field name of 101 characters', MULTIPART, multipartBody([{ name: 'n'.repeat(101), value: 'v' }]), 400],
    ['a file one byte over the limit', MULTIPART, multipartBody([file('big.md', 'x'.repeat(MAX_UPLOAD_BYTES + 1))]), 413],
    [
      'a pasted field one byte over the limit',
      MULTIPART,
      multipartBody([{ name: 'content', value: 'x'.repeat(MAX_UPLOAD_BYTES + 1) }]),
      413,
    ],
    ['a content type busboy does not read', 'multipart/mixed; boundary=x', complete, 400],
  ])('when the form has %s, then it is refused and nothing is imported', async (_what, type, body, status) => {
    const before = await slugs();
    await editor.page('/articles');
    const res = await postRaw(app.url, `/articles/import?_csrf=${editor.csrf}`, { 'content-type': type, cookie: cookieOf(editor) }, body);
    expect(res.status).toBe(status);
    expect(res.text).toContain('<html');
    expect(await slugs()).toEqual(before);
  });

  it('when a form comes without a Content-Length, then it is refused with 411', async () => {
    await editor.page('/articles');
    const res = await postRaw(
      app.url,
      `/articles/import?_csrf=${editor.csrf}`,
      { 'content-type': MULTIPART, cookie: cookieOf(editor) },
      complete,
      {
        chunked: true,
      },
    );
    expect(res.status).toBe(411);
  });

  it('when the token comes in the header instead of the query, then the upload is imported', async () => {
    await editor.page('/articles');
    const body = multipartBody([file('header-token.md', '---\ntitle: 제목\n---\n\n본문.\n')]);
    const res = await postRaw(
      app.url,
      '/articles/import',
      { 'content-type': MULTIPART, cookie: cookieOf(editor), 'x-csrf-token': editor.csrf },
      body,
    );
    expect(res.status).toBe(303);
    expect(await slugs()).toContain('header-token');
  });
});
