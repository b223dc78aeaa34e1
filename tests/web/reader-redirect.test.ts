import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withQueryOf } from '../../src/web/reader/redirect.ts';
import { SAMPLE_SLUG } from '../services/publish-fixture.ts';
import { startReaderApp, type ReaderApp } from './reader-fixture.ts';

/**
 * Every redirect of the reader site keeps the query it was given (readers arrive with `utm_*` and `fbclid` tags),
 * minus what the route consumed (`lng`), and only ever to a path of this site (reader/redirect.ts).
 */
let app: ReaderApp;
beforeAll(async () => {
  app = await startReaderApp();
});
afterAll(() => app.close());

const TAGS = 'utm_source=x&fbclid=a%20b';
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(new URL(path, app.url), { headers: { accept: 'text/html', 'accept-language': 'en', ...headers }, redirect: 'manual' });

describe('reader redirects keep the query', () => {
  it.each([
    ['/ (to the reader’s language)', `/?${TAGS}`, 302, `/en/?${TAGS}`],
    ['a list without its slash', `/en?${TAGS}`, 301, `/en/?${TAGS}`],
    ['a locale in another case', `/ZH-hans/?${TAGS}`, 301, `/zh-Hans/?${TAGS}`],
    ['a language switch on a list', `/en/?lng=en&${TAGS}`, 303, `/en/?${TAGS}`],
    ['a language switch on an article', `/en/articles/${SAMPLE_SLUG}?${TAGS}&lng=en`, 303, `/en/articles/${SAMPLE_SLUG}?${TAGS}`],
    ['a language switch alone', '/en/?lng=en', 303, '/en/'],
  ])('when %s is followed, then the tags survive and the consumed lng does not', async (_case, path, status, location) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('location')).toBe(location);
  });

  it('when a path tries to leave the site, then the redirect stays on it', async () => {
    for (const path of ['/EN/?a=//evil.example', '/EN?next=https://evil.example/', '/?x=%0d%0aLocation:%20//evil.example']) {
      const location = (await get(path)).headers.get('location') ?? '';
      expect(location, path).toMatch(/^\/en\/?\?/);
      expect(location, path).not.toMatch(/^\/[/\\]/);
    }
    expect(() => withQueryOf('/?a=1', '//evil.example')).toThrow();
    expect(() => withQueryOf('/?a=1', '/\\evil.example')).toThrow();
    expect(() => withQueryOf('/?a=1', 'https://evil.example/')).toThrow();
    expect(withQueryOf('/?lng=en&next=//x&lng=ko#f', '/en/', ['lng'])).toBe('/en/?next=//x');
  });

  it('when a signed-in staff member opens a shared link to /, then the desk answers, not a 400', async () => {
    const staff = await app.loginAs('editor-park');
    const res = await staff.request('GET', `/?${TAGS}`);
    expect(res.status).toBe(200);
  });
});
