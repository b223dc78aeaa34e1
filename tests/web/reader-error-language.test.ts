import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError, DatabaseUnavailableError, ForbiddenError } from '../../src/core/errors.ts';
import { LANGUAGE_COOKIE } from '../../src/web/i18n.ts';
import { SAMPLE_SLUG } from '../services/publish-fixture.ts';
import { startReaderApp, type ReaderApp } from './reader-fixture.ts';

/**
 * Every error page a reader can reach on a reader path (`/<locale>/…`) is in the path's language, in all the site's
 * languages (ko, en, ja, zh-Hans), whatever the staff UI's cookie and Accept-Language say; staff paths keep the staff
 * UI's rule. Over real HTTP, against the real app with the reader site.
 */

/** The heading each page must carry, per reader language (locales/<lng>/reader.json). */
const HEADINGS = {
  404: { ko: '페이지를 찾을 수 없습니다', en: 'Page not found', ja: 'ページが見つかりません', 'zh-Hans': '找不到页面' },
  400: {
    ko: '주소를 읽을 수 없습니다',
    en: 'This address cannot be read',
    ja: 'このアドレスは読み込めません',
    'zh-Hans': '无法读取此地址',
  },
  403: { ko: '접근할 수 없습니다', en: 'Access denied', ja: 'アクセスできません', 'zh-Hans': '无法访问' },
  413: { ko: '요청이 너무 큽니다', en: 'Request too large', ja: 'リクエストが大きすぎます', 'zh-Hans': '请求过大' },
  429: { ko: '요청이 너무 많습니다', en: 'Too many requests', ja: 'リクエストが多すぎます', 'zh-Hans': '请求过多' },
  500: { ko: '문제가 발생했습니다', en: 'Something went wrong', ja: '問題が発生しました', 'zh-Hans': '出现问题' },
  503: { ko: '일시적으로 이용할 수 없습니다', en: 'Temporarily unavailable', ja: '一時的に利用できません', 'zh-Hans': '暂时无法使用' },
} as const;
type Status = keyof typeof HEADINGS;
const LOCALES = ['ko', 'en', 'ja', 'zh-Hans'] as const;
type ReaderLocale = (typeof LOCALES)[number];

let app: ReaderApp;
beforeAll(async () => {
  app = await startReaderApp({ bodyLimit: '1kb' });
});
afterAll(() => app.close());
afterEach(() => vi.restoreAllMocks());

/** Staff signals that point away from `locale`: the UI cookie and Accept-Language both name the other UI language. */
const otherUi = (locale: ReaderLocale) => (locale === 'en' ? 'ko' : 'en');
function awayFrom(locale: ReaderLocale): Record<string, string> {
  return { accept: 'text/html', 'accept-language': otherUi(locale), cookie: `${LANGUAGE_COOKIE}=${otherUi(locale)}` };
}

async function expectPage(res: Response, status: Status, locale: ReaderLocale): Promise<void> {
  const text = await res.text();
  expect(res.status).toBe(status);
  expect(text).toContain(`<html lang="${locale}">`);
  expect(text).toContain(`<h1>${HEADINGS[status][locale]}</h1>`);
  expect(res.headers.get('content-language')).toBe(locale);
}

/** Reader paths that fail before any page is rendered, and the status each answers. */
const PATHS: readonly { readonly what: string; readonly status: Status; readonly path: (l: ReaderLocale) => string }[] = [
  { what: 'an address no route answers', status: 404, path: (l) => `/${l}/no/such/page` },
  { what: 'an unknown article', status: 404, path: (l) => `/${l}/articles/no-such-article` },
  { what: 'the language spelled in capitals', status: 404, path: (l) => `/${l.toUpperCase()}/no-such-page` },
  { what: 'a feed path with more after it', status: 404, path: (l) => `/${l}/feed.xml/more` },
  { what: 'a malformed escape in the path', status: 400, path: (l) => `/${l}/articles/%E0%A4%A` },
];

describe.each(LOCALES)('when a reader on /%s/… meets an error', (locale) => {
  it.each(PATHS)('then $what answers $status in that language', async ({ status, path }) => {
    await expectPage(await fetch(app.url + path(locale), { headers: awayFrom(locale), redirect: 'manual' }), status, locale);
  });

  it('then a post with a body over the limit is answered 404 in that language (no reader route reads a body)', async () => {
    const res = await fetch(`${app.url}/${locale}/articles/${SAMPLE_SLUG}`, {
      method: 'POST',
      headers: { ...awayFrom(locale), 'content-type': 'application/x-www-form-urlencoded' },
      body: `text=${'x'.repeat(64 * 1024)}`,
    });
    await expectPage(res, 404, locale);
  });

  it.each([
    [403, new ForbiddenError('reader: refused')],
    [413, new AppError('too-large', 'reader: too large')],
    [429, new AppError('rate-limited', 'reader: too many')],
    [500, new Error('reader: a bug')],
    [503, new DatabaseUnavailableError('database-lost', 'postgres: connection terminated', { reason: 'database.lost' })],
  ] as const)('then the reader site failing with %s answers it in that language', async (status, error) => {
    vi.spyOn(app.app.reader!, 'article').mockRejectedValueOnce(error);
    await expectPage(await fetch(`${app.url}/${locale}/articles/${SAMPLE_SLUG}`, { headers: awayFrom(locale) }), status, locale);
  });

  it('then a database that is down when the session is looked up answers 503 in that language', async () => {
    const editor = await app.loginAs('editor-park');
    vi.spyOn(app.app.auth, 'resolve').mockRejectedValue(
      new DatabaseUnavailableError('database-lost', 'postgres: connection terminated', { reason: 'database.lost' }),
    );
    // The client sends its own cookies (the session's), so the UI language cookie goes in with them.
    editor.cookies.set(LANGUAGE_COOKIE, otherUi(locale));
    const res = await editor.request('GET', `/${locale}/`, { headers: { 'accept-language': otherUi(locale) } });
    await expectPage(res, 503, locale);
    expect(res.headers.get('retry-after')).toBe('5');
  });
});

describe('when a reader follows an address in a language the site does not offer', () => {
  it.each([
    ['/fr/articles/no-such-article', { 'accept-language': 'ja, en;q=0.5' }, 'ja'],
    [`/fr/articles/${SAMPLE_SLUG}`, { 'accept-language': 'zh-CN' }, 'zh-Hans'],
    ['/ja-JP/articles/no-such-article', { 'accept-language': 'en' }, 'ja'],
    ['/de/feed.xml', { 'accept-language': 'de', cookie: 'lng=en' }, 'en'],
    ['/fr/articles/no-such-article', { 'accept-language': 'fr', cookie: `${LANGUAGE_COOKIE}=en` }, 'ko'],
  ] as const)('then %s with %o is the reader site’s 404 in %s (the language it would pick for /)', async (path, headers, locale) => {
    const res = await fetch(app.url + path, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });
    await expectPage(res, 404, locale);
  });
});

describe('when a staff page meets an error', () => {
  it.each([
    ['/no/such/page', { 'accept-language': 'ja' }, 'ko', '페이지를 찾을 수 없습니다'],
    ['/no/such/page', { 'accept-language': 'ja, en;q=0.5' }, 'en', 'Page not found'],
    ['/no/such/page', { 'accept-language': 'en', cookie: `${LANGUAGE_COOKIE}=ko` }, 'ko', '페이지를 찾을 수 없습니다'],
    // No language tag (an underscore), so no reader's address: the staff page, though shaped like an article's.
    ['/no_such/articles/x', { 'accept-language': 'en' }, 'en', 'Page not found'],
  ])('then %s keeps the staff rule (switch, Accept-Language, Korean): %o gives %s', async (path, headers, lang, heading) => {
    const res = await fetch(app.url + path, { headers: { accept: 'text/html', ...headers } });
    const text = await res.text();
    expect(res.status).toBe(404);
    expect(text).toContain(`<html lang="${lang}">`);
    expect(text).toContain(`<h1>${heading}</h1>`);
    expect(text).not.toContain('<body class="reader">');
  });
});
