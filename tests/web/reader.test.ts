import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/web/app.ts';
import type { WebConfig } from '../../src/web/deps.ts';
import { DEFAULT_PUBLIC_URL } from '../../src/web/reader/routes.ts';
import { startServer, type RunningServer } from '../../src/web/server.ts';
import { editor, SAMPLE_FILE, SAMPLE_SLUG } from '../services/publish-fixture.ts';
import { SECOND_SLUG, startReaderApp, type ReaderApp } from './reader-fixture.ts';

let app: ReaderApp;
const articleUrl = (locale: string, slug = SAMPLE_SLUG) => `/${locale}/articles/${slug}`;

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, app.url), { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });
}

/** fetch() will not send a Host header of our choosing; node:http sends exactly what it is given. */
function rawGet(base: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every absolute URL an article page's head or a feed carries: canonical, hreflang alternates, channel and item links. */
function absoluteUrls(body: string): string[] {
  const head = /<head>[\s\S]*?<\/head>/.exec(body)?.[0];
  if (head)
    return [...head.matchAll(/<link rel="(?:canonical|alternate)"[^>]*? href="([^"]+)"/g)].flatMap((m) =>
      /^[a-z]+:/i.test(m[1]!) ? [m[1]!] : [],
    );
  return [
    ...[...body.matchAll(/<(?:link|guid)[^>]*>([^<]+)<\/(?:link|guid)>/g)].map((m) => m[1]!),
    ...[...body.matchAll(/<atom:link href="([^"]+)"/g)].map((m) => m[1]!),
  ];
}

const FORGED = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'gopher', accept: 'text/html' };

beforeAll(async () => {
  app = await startReaderApp();
  // English is published for both articles; Japanese has unapproved drafts only.
  await app.approveAll('en');
  await app.approveAll('en', SECOND_SLUG);
  await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
  await app.publish.publish({ slug: SECOND_SLUG, locale: 'en', actor: editor });
  const record = (await app.deps.store.get(SAMPLE_SLUG as never))!;
  for (const segment of record.segments.slice(0, 3)) {
    await app.review.saveTranslation({
      slug: SAMPLE_SLUG,
      segmentId: segment.id,
      locale: 'ja',
      text: `UNAPPROVED-JA ${segment.source}`,
      baseRevision: 0,
      actor: { name: 'translator-kim' },
    });
  }
});
afterAll(() => app.close());

describe('reader language detection at /', () => {
  it.each([
    ['nothing', {}, '/ko/'],
    ['Accept-Language English', { 'accept-language': 'en-US,en;q=0.9' }, '/en/'],
    ['Accept-Language Simplified Chinese', { 'accept-language': 'zh-CN,zh;q=0.9' }, '/zh-Hans/'],
    ['Accept-Language of a language the site lacks', { 'accept-language': 'fr-FR' }, '/ko/'],
    ['a lng cookie and Accept-Language English', { cookie: 'lng=ja', 'accept-language': 'en' }, '/ja/'],
    ['a lng cookie naming an unknown language', { cookie: 'lng=../../x', 'accept-language': 'en' }, '/en/'],
  ])('when the visitor sends %s, then / redirects to their language', async (_case, headers, location) => {
    const res = await get('/', headers);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(location);
  });

  it('when the path names a language, then it wins over the cookie and Accept-Language', async () => {
    const text = await (await get(articleUrl('en'), { cookie: 'lng=ko', 'accept-language': 'ko' })).text();
    expect(text).toContain('<html lang="en">');
  });

  it('when a switcher link is followed, then the choice is stored in the lng cookie and / goes there from then on', async () => {
    const client = app.client();
    const res = await client.request('GET', `${articleUrl('en')}?lng=en`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(articleUrl('en'));
    expect(client.cookies.get('lng')).toBe('en');
    const root = await client.request('GET', '/', { headers: { 'accept-language': 'ko' } });
    expect(root.headers.get('location')).toBe('/en/');
  });

  it('when a signed-in editor opens /, then the desk answers instead of the reader redirect', async () => {
    const staff = await app.loginAs('editor-park');
    const res = await staff.request('GET', '/');
    expect(res.status).toBe(200);
  });
});

describe('reader article pages', () => {
  it('when the original is read, then it has html lang, a canonical link, hreflang alternates for published versions and x-default', async () => {
    const res = await get(articleUrl('ko'));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('<html lang="ko">');
    expect(text).toContain(`<link rel="canonical" href="${app.publicUrl}${articleUrl('ko')}">`);
    expect(text).toContain(`<link rel="alternate" hreflang="ko" href="${app.publicUrl}${articleUrl('ko')}">`);
    expect(text).toContain(`<link rel="alternate" hreflang="en" href="${app.publicUrl}${articleUrl('en')}">`);
    expect(text).toContain(`<link rel="alternate" hreflang="x-default" href="${app.publicUrl}${articleUrl('ko')}">`);
    expect(text).not.toContain('<link rel="alternate" hreflang="ja"');
    expect(text).toContain('<h1>평양 장마당 쌀값 한 달 새 18% 올라…환율도 동반 상승</h1>');
    expect(text).toContain('<strong>장마당</strong>');
    expect(text).not.toContain('translation-disclosure');
  });

  it('when the switcher is shown, then it lists only the original and the published languages', async () => {
    const text = await (await get(articleUrl('ko'))).text();
    const switcher = /<nav class="language-switcher"[\s\S]*?<\/nav>/.exec(text)?.[0] ?? '';
    expect([...switcher.matchAll(/ lang="([^"]+)"/g)].map((m) => m[1])).toEqual(['ko', 'en']);
    expect(switcher).toContain(`href="${articleUrl('en')}?lng=en"`);
  });

  it('when a translation is read, then it shows approved text, a dated disclosure in its language and canonical to itself', async () => {
    const text = await (await get(articleUrl('en'))).text();
    expect(text).toContain('<html lang="en">');
    expect(text).toContain(`<link rel="canonical" href="${app.publicUrl}${articleUrl('en')}">`);
    expect(text).toContain('[en] 평양 장마당 쌀값');
    expect(text).toMatch(/Translated from Korean (with machine assistance )?and reviewed by our editors on October 5, 2026\./);
    expect(text).not.toContain('outdated-notice');
  });

  it('when a locale is not published, then the answer is 404 offering the original and the published languages, never the drafts', async () => {
    const res = await get(articleUrl('ja'));
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).toContain('<html lang="ja">');
    expect(text).toContain('この記事は日本語では公開されていません');
    expect(text).toContain(`href="${articleUrl('ko')}?lng=ko"`);
    expect(text).toContain(`href="${articleUrl('en')}?lng=en"`);
    expect(text).toContain('韓国語（原文）');
    expect(text).not.toContain('UNAPPROVED-JA');
    expect(text).toContain('<meta name="robots" content="noindex">');
  });

  it('when an article does not exist or the language is not a site language, then it is 404', async () => {
    expect((await get(articleUrl('en', 'no-such-article'))).status).toBe(404);
    expect((await get(articleUrl('en', 'Bad..Slug'))).status).toBe(404);
    expect((await get('/fr/articles/x')).status).toBe(404);
  });

  it('when a locale is spelled in another case or without its slash, then it redirects to the canonical address', async () => {
    expect((await get('/en')).headers.get('location')).toBe('/en/');
    const res = await get('/ZH-hans/');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/zh-Hans/');
  });
});

describe('reader lists and feeds', () => {
  it('when a locale list is shown, then it holds the published articles newest first', async () => {
    const text = await (await get('/en/')).text();
    const slugs = [...text.matchAll(/href="\/en\/articles\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(slugs).toEqual([SECOND_SLUG, SAMPLE_SLUG]);
    expect(text).toContain('October 2, 2026');
    const ko = await (await get('/ko/')).text();
    expect(ko).toContain('2026년 10월 2일');
    const ja = await (await get('/ja/')).text();
    expect(ja).toContain('この言語で公開された記事はまだありません。');
  });

  it('when the feed of a locale is fetched, then it is RSS 2.0 with one item per published article', async () => {
    const res = await get('/en/feed.xml');
    expect(res.headers.get('content-type')).toContain('application/rss+xml');
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<rss version="2.0"/i);
    expect(xml).toContain('<language>en</language>');
    const links = [...xml.matchAll(/<guid[^>]*>([^<]+)<\/guid>/g)].map((m) => m[1]);
    expect(links).toEqual([`${app.publicUrl}${articleUrl('en', SECOND_SLUG)}`, `${app.publicUrl}${articleUrl('en')}`]);
    expect(xml).toMatch(/<pubDate>Mon, 05 Oct 2026 \d\d:\d\d:\d\d GMT<\/pubDate>/);
    expect(xml).not.toContain('UNAPPROVED');
    expect(await (await get('/ja/feed.xml')).text()).not.toContain('<item>');
  });
});

describe('outdated translations and hostile content', () => {
  it('when the source is edited and re-imported, then the English page stays live with a notice linking the original', async () => {
    const text = await readFile(SAMPLE_FILE, 'utf8');
    await app.importSource(text.replace('18% 가까이 오른', '19% 가까이 오른'));
    const page = await (await get(articleUrl('en'))).text();
    expect(page).toContain('The original article has been updated since this translation was published.');
    expect(page).toContain(`<a href="${articleUrl('ko')}" hreflang="ko">Read the latest original (Korean)</a>`);
    expect(page).toContain('[en] 북한 평양과 평안남도 일대');
    await app.importSource(text);
  });

  it('when an article carries raw HTML, then scripts, handlers and javascript: links never reach the page', async () => {
    await app.importSource(
      '---\ntitle: <script>alert(1)</script> 제목\nslug: hostile-html\n---\n\n본문 <img src="x" onerror="alert(1)"> [링크](javascript:alert(1))\n\n<script>alert(2)</script>\n\n<iframe src="https://example.com"></iframe>\n',
      'hostile-html.md',
    );
    const page = await (await get('/ko/articles/hostile-html')).text();
    expect(page).not.toMatch(/<script|onerror|<iframe|href="javascript:/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 제목');
  });
});

describe('absolute URLs come from the configured public URL', () => {
  const extra: RunningServer[] = [];
  afterAll(() => Promise.all(extra.map((server) => server.close())));

  /** The same services behind another app, configured differently. */
  async function appWith(config: WebConfig): Promise<string> {
    const server = await startServer(createApp({ ...app.app, config }), { port: 0, logger: app.app.logger, handleSignals: false });
    extra.push(server);
    return server.url;
  }

  it('when the article page and the feed are asked for with a forged Host header, then every absolute URL is the configured one', async () => {
    const page = await rawGet(app.url, articleUrl('ko'), FORGED);
    expect(page.status).toBe(200);
    const feed = await rawGet(app.url, '/en/feed.xml', FORGED);
    expect(feed.status).toBe(200);
    for (const body of [page.body, feed.body]) expect(body).not.toContain('evil.example');

    expect(absoluteUrls(page.body)).toEqual([
      `${app.publicUrl}${articleUrl('ko')}`,
      `${app.publicUrl}${articleUrl('ko')}`,
      `${app.publicUrl}${articleUrl('en')}`,
      `${app.publicUrl}${articleUrl('ko')}`,
    ]);
    expect(absoluteUrls(feed.body)).toEqual([
      `${app.publicUrl}/en/`,
      `${app.publicUrl}${articleUrl('en', SECOND_SLUG)}`,
      `${app.publicUrl}${articleUrl('en', SECOND_SLUG)}`,
      `${app.publicUrl}${articleUrl('en')}`,
      `${app.publicUrl}${articleUrl('en')}`,
      `${app.publicUrl}/en/feed.xml`,
    ]);
  });

  it('when the app trusts a proxy and the forwarded host is forged, then the URLs are still the configured ones', async () => {
    const url = await appWith({ ...app.app.config, trustProxy: true });
    const page = await rawGet(url, articleUrl('en'), FORGED);
    expect(page.body).not.toContain('evil.example');
    expect(page.body).toContain(`<link rel="canonical" href="${app.publicUrl}${articleUrl('en')}">`);
  });

  it('when the public URL has a path prefix, then every absolute URL carries it once, without a double slash', async () => {
    const url = await appWith({ ...app.app.config, publicUrl: 'https://example.org/news/' });
    const page = await rawGet(url, articleUrl('ko'), FORGED);
    expect(page.body).toContain(`<link rel="canonical" href="https://example.org/news${articleUrl('ko')}">`);
    expect(page.body).toContain(`<link rel="alternate" hreflang="x-default" href="https://example.org/news${articleUrl('ko')}">`);
    const feed = await rawGet(url, '/en/feed.xml', FORGED);
    expect(absoluteUrls(feed.body).every((u) => u.startsWith('https://example.org/news/en/'))).toBe(true);
  });

  it('when no public URL is configured, then the default one is used, never the request Host', async () => {
    const { publicUrl: _unset, ...config } = app.app.config ?? {};
    const url = await appWith(config);
    const feed = await rawGet(url, '/en/feed.xml', FORGED);
    expect(feed.body).not.toContain('evil.example');
    const urls = absoluteUrls(feed.body);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((u) => u.startsWith(`${DEFAULT_PUBLIC_URL}/en/`))).toBe(true);
  });
});

describe('the reader header language switch', () => {
  const header = (text: string) => /<nav class="site-languages"[\s\S]*?<\/nav>/.exec(text)?.[0] ?? '';

  it.each([
    ['an article', articleUrl('en'), (l: string) => `${articleUrl(l)}?lng=${l}`],
    ['a "not yet translated" page', articleUrl('ja'), (l: string) => `${articleUrl(l)}?lng=${l}`],
    ['a list', '/en/', (l: string) => `/${l}/?lng=${l}`],
  ])('when it is shown on %s, then each language leads to the same page in it', async (_what, path, expected) => {
    const links = [...header(await (await get(path)).text()).matchAll(/<a href="([^"]+)" hreflang="([^"]+)"/g)];
    expect(links.length).toBeGreaterThan(1);
    for (const [, href, l] of links) expect(href).toBe(expected(l!));
  });

  it.each([
    ['a translated article', 'en', 200],
    ['an article not translated into the language', 'ja', 404],
  ])('when it is followed to %s, then the choice is remembered and the reader stays on the article', async (_what, locale, status) => {
    const client = app.client();
    const res = await client.request('GET', `${articleUrl(locale)}?lng=${locale}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(articleUrl(locale));
    expect(client.cookies.get('lng')).toBe(locale);
    const landed = await client.request('GET', res.headers.get('location')!);
    expect(landed.status).toBe(status);
    if (status === 404) expect(await landed.text()).toContain(`href="${articleUrl('ko')}?lng=ko"`);
    expect((await client.request('GET', '/')).headers.get('location')).toBe(`/${locale}/`);
  });

  it('when a list switch is followed, then the choice is remembered and the list in that language shows', async () => {
    const client = app.client();
    const res = await client.request('GET', '/ja/?lng=ja');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ja/');
    expect(client.cookies.get('lng')).toBe('ja');
  });
});
