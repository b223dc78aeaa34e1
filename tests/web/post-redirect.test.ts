import type { Express } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../src/web/route-table.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { ADMIN_PASSWORD, startRealServer, USER_PASSWORD } from '../support/tandem-server.ts';
import { Client } from './helpers.ts';

/**
 * Post/redirect/get over every form post of the real server (its own route table): a post that succeeds answers a
 * redirect to a GET page, so reloading never sends it again; a refused one may show the form with a 4xx; none answers
 * a 2xx HTML page. Routes that serve the page's scripts (JSON by design) are named in SCRIPT_ENDPOINTS.
 */

const SLUG = 'market-prices';
const server = await startRealServer({
  articles: { [`${SLUG}.md`]: MARKET_ARTICLE },
  users: [
    { name: 'ed', role: 'editor' },
    { name: 'tina', role: 'translator', locales: ['en'] },
    { name: 'rita', role: 'reviewer', locales: ['en'] },
  ],
  deepl: false,
});
afterAll(() => server.close());

const clients = new Map<string, Client>();
async function as(name: string, password = USER_PASSWORD): Promise<Client> {
  const known = clients.get(name);
  if (known) return known;
  const client = new Client(server.url);
  const res = await client.login(name, password);
  if (res.status !== 303) throw new Error(`post-redirect: login as ${name} answered ${res.status}`);
  clients.set(name, client);
  return client;
}
// The JSON API (/api) has no forms: it answers JSON with 2xx by design (tests/web/api/).
const routes = listRoutes(server.server.server.listeners('request')[0] as Express).filter(
  (r) => r.method === 'post' && !r.path.startsWith('/api/'),
);
const admin = await as('admin', ADMIN_PASSWORD);
const page = `/review/${SLUG}/en`;
const segments = [...(await admin.page(page)).text.matchAll(/action="\/review\/market-prices\/en\/([\w-]+)\/save"/g)].map((m) => m[1]!);

/** Answers JSON to the page's own scripts, never an HTML page: not form posts. */
const SCRIPT_ENDPOINTS = new Set(['/review/:slug/:locale/:segmentId/lock']);

/** A post for each route; `success` when the sample is one the server accepts (then it must redirect). */
interface Sample {
  readonly who: () => Promise<Client>;
  readonly path: string;
  readonly body: Record<string, string>;
  readonly success: boolean;
}
const seg = (n: number) => `${page}/${segments[n]}`;
const SAMPLES: Readonly<Record<string, Sample>> = {
  '/login': { who: async () => new Client(server.url), path: '/login', body: { name: 'ed', password: USER_PASSWORD }, success: true },
  '/language': { who: () => as('ed'), path: '/language', body: { lng: 'en', back: '/articles' }, success: true },
  '/users': {
    who: () => as('admin', ADMIN_PASSWORD),
    path: '/users',
    body: { name: 'nina', role: 'translator', locales: 'en' },
    success: true,
  },
  '/users/:name/role': {
    who: () => as('admin', ADMIN_PASSWORD),
    path: '/users/nina/role',
    body: { role: 'reviewer', locales: 'en' },
    success: true,
  },
  '/users/:name/password': { who: () => as('admin', ADMIN_PASSWORD), path: '/users/nina/password', body: {}, success: true },
  '/articles/import': {
    who: () => as('ed'),
    path: '/articles/import',
    body: { content: '---\ntitle: 비\n---\n\n비가 왔다.\n', format: 'markdown', slug: 'rain' },
    success: true,
  },
  '/articles/mt': { who: () => as('ed'), path: '/articles/mt', body: { locale: 'en' }, success: true },
  '/articles/:slug/mt': { who: () => as('ed'), path: `/articles/${SLUG}/mt`, body: { locale: 'en' }, success: true },
  '/mt/retry': { who: () => as('ed'), path: '/mt/retry', body: {}, success: true },
  '/mt/budget': { who: () => as('ed'), path: '/mt/budget', body: { characters: '5000' }, success: true },
  '/mt/resume': { who: () => as('ed'), path: '/mt/resume', body: {}, success: true },
  '/review/:slug/:locale/:segmentId/save': {
    who: () => as('tina'),
    path: `${seg(0)}/save`,
    body: { text: 'Rice prices doubled.', baseRevision: '0' },
    success: true,
  },
  '/review/:slug/:locale/:segmentId/submit': {
    who: () => as('tina'),
    path: `${seg(1)}/submit`,
    body: { text: 'Background', baseRevision: '0' },
    success: true,
  },
  '/review/:slug/:locale/:segmentId/approve': {
    who: () => as('rita'),
    path: `${seg(1)}/approve`,
    body: { baseRevision: '2' },
    success: true,
  },
  '/review/:slug/:locale/:segmentId/reject': {
    who: () => as('rita'),
    path: `${seg(0)}/reject`,
    body: { baseRevision: '1', comment: 'Check the figure.' },
    success: false,
  },
  '/review/:slug/:locale/:segmentId/comment': {
    who: () => as('tina'),
    path: `${seg(2)}/comment`,
    body: { comment: 'Who says this?' },
    success: true,
  },
  '/review/:slug/:locale/:segmentId/memory': {
    who: () => as('tina'),
    path: `${seg(3)}/memory`,
    body: { baseRevision: '0', match: '0' },
    success: false,
  },
  '/review/:slug/:locale/:segmentId/suggestion': {
    who: () => as('tina'),
    path: `${seg(3)}/suggestion`,
    body: { baseRevision: '0' },
    success: false,
  },
  '/review/:slug/:locale/:segmentId/mt': { who: () => as('tina'), path: `${seg(3)}/mt`, body: {}, success: true },
  '/review/:slug/:locale/:segmentId/dismiss': {
    who: () => as('tina'),
    path: `${seg(3)}/dismiss`,
    body: { checkId: 'numbers', reason: 'Fine' },
    success: false,
  },
  '/review/:slug/:locale/:segmentId/undismiss': {
    who: () => as('tina'),
    path: `${seg(3)}/undismiss`,
    body: { checkId: 'numbers' },
    success: false,
  },
  '/review/:slug/:locale/approve-all': { who: () => as('rita'), path: `${page}/approve-all`, body: {}, success: true },
  '/publish/:slug/:locale': { who: () => as('ed'), path: `/publish/${SLUG}/en`, body: {}, success: false },
  '/publish/:slug/:locale/unpublish': { who: () => as('ed'), path: `/publish/${SLUG}/en/unpublish`, body: {}, success: false },
  '/review/:slug/:locale/submit-all': { who: () => as('tina'), path: `${page}/submit-all`, body: {}, success: true },
  '/glossary/entries': {
    who: () => as('ed'),
    path: '/glossary/entries',
    body: { to: 'en', source: '쌀값', target: 'rice prices' },
    success: true,
  },
  '/glossary/entries/delete': { who: () => as('ed'), path: '/glossary/entries/delete', body: { to: 'en', source: '쌀값' }, success: true },
  // Uploads without a file are refused (4xx) with the form shown again; their success is a redirect (tests/web/glossary.test.ts).
  '/glossary/import': { who: () => as('ed'), path: '/glossary/import', body: { to: 'en' }, success: false },
  '/memory/import': { who: () => as('ed'), path: '/memory/import', body: {}, success: false },
  // An id that is no live entry is no error: the memory page says it is gone (tests/web/memory.test.ts deletes a real one).
  '/memory/delete': { who: () => as('ed'), path: '/memory/delete', body: { to: 'en', id: 'tm-gone' }, success: true },
  // Its success (an agency file uploaded) redirects to the report page: tests/web/xliff.test.ts.
  '/xliff/import': { who: () => as('tina'), path: '/xliff/import', body: { agency: 'Lingo' }, success: false },
  '/confidential': { who: () => as('ed'), path: '/confidential', body: { term: '김철수', render: 'a defector' }, success: true },
  '/confidential/remove': { who: () => as('ed'), path: '/confidential/remove', body: { term: '김철수' }, success: true },
  '/account/tokens': { who: () => as('tina'), path: '/account/tokens', body: { name: 'cms', days: '7' }, success: true },
  // No such token: refused with a 4xx; a real revocation redirects (tests/web/api/tokens-page.test.ts).
  '/account/tokens/:id/revoke': { who: () => as('tina'), path: '/account/tokens/t-nothing/revoke', body: {}, success: false },
  '/logout': { who: () => as('tina'), path: '/logout', body: {}, success: true },
};

describe('every form post redirects to a GET page', () => {
  it('when the route table is read, then every form post has a sample here', () => {
    // Signed machine endpoints (a CMS's push) answer JSON to a program, never a browser's form: not form posts.
    const missing = routes.filter((r) => !SCRIPT_ENDPOINTS.has(r.path) && !r.csrfExempt && !SAMPLES[r.path]).map((r) => r.path);
    expect(missing, 'add a sample post for each new form route to SAMPLES').toEqual([]);
  });

  // In table order: each sample may rely on the ones before it (a submit before its approval).
  it.each(Object.keys(SAMPLES))('when %s is posted, then success is a redirect and nothing answers a 2xx page', async (path) => {
    const sample = SAMPLES[path]!;
    const client = await sample.who();
    await client.page(path === '/login' ? '/login' : path === '/language' ? '/articles' : page);
    const res = await client.post(sample.path, sample.body);
    await res.body?.cancel();
    if (sample.success) expect([302, 303], `${path} answered ${res.status}`).toContain(res.status);
    else
      expect(res.status === 302 || res.status === 303 || (res.status >= 400 && res.status < 500), `${path} answered ${res.status}`).toBe(
        true,
      );
    if (res.status === 302 || res.status === 303) {
      const target = await client.request('GET', res.headers.get('location')!);
      await target.body?.cancel();
      // A page that exists: a refused publish lands on its confirmation page, which answers 409 listing what blocks it.
      const landed = sample.success ? target.status < 400 : target.status !== 404 && target.status < 500;
      expect(landed, `${path} redirected to ${res.headers.get('location')}: ${target.status}`).toBe(true);
    }
  });
});

describe('switching the UI language after an error', () => {
  it.each([
    ['a refused form post', 'POST', '/articles/import', '/articles'],
    ['a post to a page that does not exist', 'POST', '/articles/nothing/here', '/articles'],
    ['an unknown page', 'GET', '/nothing-here', '/queue'],
  ])('when the language is switched on the page of %s, then it lands on a page that exists', async (_what, method, path, from) => {
    const client = await as('ed');
    await client.page(from);
    const headers = { referer: `${server.url}${from}`, 'content-type': 'application/x-www-form-urlencoded' };
    const body = method === 'POST' ? new URLSearchParams({ _csrf: client.csrf, content: '' }) : undefined;
    const refused = await client.request(method, path, { headers, ...(body ? { body } : {}) });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const back = /name="back" value="([^"]*)"/.exec(await refused.text())?.[1];
    expect(back).toBe(from);
    const switched = await client.post('/language', { lng: 'ko', back: back! });
    expect(switched.status).toBe(303);
    const landed = await client.request('GET', switched.headers.get('location')!);
    await landed.body?.cancel();
    expect(landed.status).toBe(200);
  });
});
