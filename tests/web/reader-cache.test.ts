import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateTimeFormat, languageNames, numberFormat } from '../../src/web/intl-cache.ts';
import { editor, SAMPLE_FILE, SAMPLE_SLUG } from '../services/publish-fixture.ts';
import { startReaderApp, type ReaderApp } from './reader-fixture.ts';

let app: ReaderApp;

interface Answer {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * A plain GET through node:http: fetch() adds `Cache-Control: no-cache` to every conditional request (the Fetch
 * standard's cache mode), which asks the server for a full answer and so never meets a 304.
 */
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, app.url), { headers: { accept: 'text/html', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: { get: (name) => [res.headers[name.toLowerCase()] ?? null].flat().join(', ') || null },
          text: async () => body,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  app = await startReaderApp();
  await app.approveAll('en');
  await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
});
afterAll(() => app.close());

const PAGES = [
  { name: 'an original', path: `/ko/articles/${SAMPLE_SLUG}`, cacheControl: 'public, no-cache' },
  { name: 'a translation', path: `/en/articles/${SAMPLE_SLUG}`, cacheControl: 'public, no-cache' },
  { name: 'a list', path: '/en/', cacheControl: 'public, no-cache' },
  { name: 'a feed', path: '/en/feed.xml', cacheControl: 'public, max-age=300' },
];

describe('reader caching headers', () => {
  it.each(PAGES)('when $name is fetched, then it has a strong ETag, Cache-Control and no cookie', async ({ path, cacheControl }) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    expect(res.headers.get('cache-control')).toBe(cacheControl);
    // A shared cache must never hand one visitor's cookie to the next.
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('vary') ?? '').not.toMatch(/cookie/i);
  });

  it.each(PAGES)('when $name is fetched again with its ETag, then the answer is 304 without a body', async ({ path }) => {
    const first = await get(path);
    const etag = first.headers.get('etag')!;
    const again = await get(path, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await get(path, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('when a page is fetched twice, then both answers are the same bytes under the same ETag', async () => {
    const [a, b] = [await get(`/en/articles/${SAMPLE_SLUG}`), await get(`/en/articles/${SAMPLE_SLUG}`)];
    expect(a.headers.get('etag')).toBe(b.headers.get('etag'));
    expect(await a.text()).toBe(await b.text());
  });

  it('when a page does not exist or is not published, then it is 404 revalidated every time, with no ETag', async () => {
    for (const path of ['/en/articles/no-such-article', `/ja/articles/${SAMPLE_SLUG}`]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });
});

describe('what changes an ETag', () => {
  it('when the source changes and the translation is republished, then the page, the list and the feed change their ETags', async () => {
    const paths = [`/en/articles/${SAMPLE_SLUG}`, '/en/', '/en/feed.xml'];
    const before = await Promise.all(paths.map(async (p) => (await get(p)).headers.get('etag')));
    const text = await readFile(SAMPLE_FILE, 'utf8');
    await app.importSource(text.replace('18% 가까이 오른', '19% 가까이 오른'));
    const outdated = await get(paths[0]!, { 'if-none-match': before[0]! });
    // The notice that the original changed is new content: not a 304.
    expect(outdated.status).toBe(200);
    expect(await outdated.text()).toContain('The original article has been updated');
    await app.approveAll('en');
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    const after = await Promise.all(paths.map(async (p) => (await get(p)).headers.get('etag')));
    for (const [i, etag] of after.entries()) expect(etag, paths[i]).not.toBe(before[i]);
    expect(after[0]).not.toBe(outdated.headers.get('etag'));
    const page = await get(paths[0]!, { 'if-none-match': before[0]! });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('19%');
  });

  it('when a translation is unpublished, then a request carrying its old ETag gets 404, not 304', async () => {
    const path = `/en/articles/${SAMPLE_SLUG}`;
    const etag = (await get(path)).headers.get('etag')!;
    await app.publish.unpublish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    expect((await get(path, { 'if-none-match': etag })).status).toBe(404);
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
  });
});

describe('no body is read on a GET', () => {
  it.each([
    { type: 'application/json', body: '{not json' },
    { type: 'application/x-www-form-urlencoded', body: '%%%' },
    { type: 'multipart/form-data; boundary=x', body: 'not multipart at all' },
  ])('when a reader page is fetched with a malformed $type body, then it is served as usual', async ({ type, body }) => {
    // fetch() refuses a GET with a body; a hostile client sends one anyway.
    const raw = await rawRequest(`/en/articles/${SAMPLE_SLUG}`, type, body);
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('formatters are made once per locale', () => {
  it('when the same locale and options are asked twice, then the same formatter is returned', () => {
    expect(dateTimeFormat('ko', { dateStyle: 'long', timeZone: 'UTC' })).toBe(dateTimeFormat('ko', { dateStyle: 'long', timeZone: 'UTC' }));
    expect(languageNames('ja')).toBe(languageNames('ja'));
    expect(numberFormat('en')).toBe(numberFormat('en'));
    expect(dateTimeFormat('ko', { dateStyle: 'long' })).not.toBe(dateTimeFormat('en', { dateStyle: 'long' }));
    expect(languageNames('ko').of('en')).toBe('영어');
  });
});

async function rawRequest(path: string, type: string, body: string): Promise<string> {
  const { connect } = await import('node:net');
  const url = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.end(
        `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}
