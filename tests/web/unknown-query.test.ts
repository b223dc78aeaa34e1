import type { Express } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { closestField } from '../../src/web/query-input.ts';
import { listRoutes, MUTATING_METHODS, type RouteEntry, sampleUrl } from '../../src/web/route-table.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { ADMIN_PASSWORD, startRealServer } from '../support/tandem-server.ts';
import { Client } from './helpers.ts';

/**
 * A query parameter a route does not take is refused (400, naming it and the one meant when close), on every route of
 * the API and the staff pages: a misspelling (`?locales=xx` for `locale`) must not answer as if nothing had been
 * asked. The walk goes over the real route table, so a new route that forgets it fails here. Only the public reader
 * pages take any parameter (readers arrive with `utm_*` tags), and the walk checks that they still answer.
 */

const SLUG = 'market-prices';
const server = await startRealServer({
  articles: { [`${SLUG}.md`]: MARKET_ARTICLE },
  deepl: false,
  env: { TANDEM_AUTO_TRANSLATE: 'false' },
});
afterAll(() => server.close());
const admin = new Client(server.url);
if ((await admin.login('admin', ADMIN_PASSWORD)).status !== 303) throw new Error('unknown-query: admin login failed');
await admin.page('/');

const routes = listRoutes(server.server.server.listeners('request')[0] as Express);

/**
 * Routes that take any parameter, and why. Reader pages: readers come from social media with tracking tags. The
 * others answer before reading any input: a signed hook refuses an unsigned request, logout ends the session whatever
 * is sent, and static documents (stylesheet, OpenAPI, its page, health) read nothing.
 */
const TOLERANT: Readonly<Record<string, string>> = {
  'get /:locale': 'reader list',
  'get /:locale/feed.xml': 'reader feed',
  'get /:locale/articles/:slug': 'reader article',
  'get /reader-assets/reader.css': 'static stylesheet',
  'get /':
    'the reader site’s address, shared with tags: readers are redirected (keeping them), staff get their desk, which reads no parameter',
  'post /hooks/cms': 'signed hook: an unsigned request is refused first',
  'post /logout': 'ends the session whatever is sent (and would end the walk’s)',
  'get /api/openapi.json': 'static document',
  'get /api/docs': 'static document',
  'get /healthz': 'health probe',
};
const key = (r: RouteEntry) => `${r.method} ${r.path}`;
const STRAY = 'zzunknown';

function send(route: RouteEntry, query: string, accept = 'application/json'): Promise<Response> {
  const method = route.method.toUpperCase();
  const mutating = (MUTATING_METHODS as readonly string[]).includes(route.method);
  return admin.request(method, `${sampleUrl(route.path)}?${query}`, {
    ...(mutating ? { body: '{}' } : {}),
    headers: { accept, 'x-csrf-token': admin.csrf, ...(mutating ? { 'content-type': 'application/json' } : {}) },
  });
}

describe('unknown query parameters on every route', () => {
  it('when the walk starts, then it lists the API, staff and reader routes and every tolerant entry is still a route', () => {
    const keys = new Set(routes.map(key));
    expect(Object.keys(TOLERANT).filter((k) => !keys.has(k) && k !== 'get /healthz')).toEqual([]);
    expect(routes.filter((r) => r.path.startsWith('/api/v1/')).length).toBeGreaterThan(20);
  });

  it.each(routes.filter((r) => TOLERANT[key(r)] === undefined).map((r) => [key(r), r] as const))(
    'when %s gets a parameter it does not take, then it answers 400 naming that parameter',
    async (_name, route) => {
      const res = await send(route, `${STRAY}=1`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(`query.${STRAY}`);
    },
    5_000,
  );

  it('when a reader page gets tracking tags, then it answers as without them', async () => {
    // `/` too: a reader (logged out) is sent to a language; staff get their desk there (tolerant too, TOLERANT above).
    for (const path of ['/', '/en/', `/en/articles/${SLUG}`, '/en/feed.xml']) {
      const plain = await fetch(new URL(path, server.url), { redirect: 'manual' });
      const tagged = await fetch(new URL(`${path}?utm_source=social&fbclid=abc`, server.url), { redirect: 'manual' });
      expect(tagged.status, path).toBe(plain.status);
      // The article is not published here: its 404 is the same with tags; the list, feed and root answer.
      if (!path.includes('/articles/')) expect(plain.status, path).toBeLessThan(400);
    }
  });

  it('when a staff page opens logged in with a tag, then it is the page’s bad request naming the parameter', async () => {
    const res = await admin.request('GET', `/articles?utm_source=x`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('“utm_source”');
  });

  it('when the form token rides in an upload’s query, then it is taken everywhere', async () => {
    const res = await admin.request('GET', `/articles?_csrf=${admin.csrf}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
  });
});

describe('the example: a misspelled locale on the queue', () => {
  it.each([
    ['en', 'Unknown parameter (query.locales): “locales” is not a parameter of this address; did you mean “locale”?'],
    ['ko', '알 수 없는 매개변수 (query.locales): “locales”은(는) 이 주소가 받는 매개변수가 아닙니다. “locale”을(를) 뜻했나요?'],
  ])('when GET /api/v1/queue?locales=xx is asked (%s), then it is a 400 problem naming locales and locale', async (language, issue) => {
    const res = await admin.request('GET', '/api/v1/queue?locales=xx', {
      headers: { accept: 'application/json', 'accept-language': language },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { issues: string[]; errors: string[] };
    expect(problem.issues).toEqual([issue]);
    expect(problem.errors).toEqual([`query.locales: ${issue.slice(issue.indexOf(': ') + 2)}`]);
  });

  it('when the HTML queue gets the same typo, then its bad-request page names both', async () => {
    const res = await admin.request('GET', '/queue?locales=xx', { headers: { accept: 'text/html', 'accept-language': 'en' } });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('“locales”');
    expect(text).toContain('“locale”');
  });

  it.each([
    ['locales', ['locale', 'limit'], 'locale'],
    ['Locale', ['locale'], 'locale'],
    ['lmit', ['limit', 'cursor'], 'limit'],
    ['x', ['q', 'n'], undefined],
    ['utm_source', ['locale', 'state', 'limit'], undefined],
  ])('when %s is sent where %j are taken, then the one meant is %s', (name, known, meant) => {
    expect(closestField(name, known)).toBe(meant);
  });
});
