import type { Express } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { listRoutes, MUTATING_METHODS, sampleUrl } from '../../src/web/route-table.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { ADMIN_PASSWORD, startRealServer } from '../support/tandem-server.ts';
import { Client } from './helpers.ts';

/**
 * A client's mistake gets an answer that says what it was, on the real server: a JSON body's unknown field is named
 * with the field meant, an id that names nothing is a 404 (a malformed one a 400), and a page cursor the listing did
 * not hand out is a 400 naming `query.cursor` (API) or a page that says so and links to the first page (HTML).
 */

const SLUG = 'market-prices';
let secret = '';
const server = await startRealServer({
  articles: { [`${SLUG}.md`]: MARKET_ARTICLE },
  deepl: false,
  env: { TANDEM_AUTO_TRANSLATE: 'false' },
  setup: async (tandem) => {
    secret = (await tandem.apiTokens.create({ owner: await tandem.users.get('admin'), name: 'mistakes' })).secret;
  },
});
afterAll(() => server.close());
const admin = new Client(server.url);
if ((await admin.login('admin', ADMIN_PASSWORD)).status !== 303) throw new Error('client-mistakes: admin login failed');
await admin.page('/');
const routes = listRoutes(server.server.server.listeners('request')[0] as Express);

function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, server.url), {
    method,
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'accept-language': 'en', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

interface Problem {
  readonly status: number;
  readonly detail?: string;
  readonly errors?: string[];
  readonly issues?: string[];
  readonly message?: string;
}

// Every body the OpenAPI document describes: a field sent in capitals is refused, naming the field it meant.
const doc = (await (await fetch(new URL('/api/openapi.json', server.url))).json()) as {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>
  >;
};
const bodies = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).flatMap(([method, op]) => {
    const field = Object.keys(op.requestBody?.content['application/json']?.schema.properties ?? {}).find((f) => f.toUpperCase() !== f);
    return field ? [[`${method.toUpperCase()} ${path}`, method, path, field] as const] : [];
  }),
);

describe('a JSON body’s unknown field', () => {
  it('when POST /mt/jobs gets "articles", then the refusal names it and suggests "slugs"', async () => {
    const res = await api('POST', '/api/v1/mt/jobs', { locales: ['en'], articles: [SLUG] });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as Problem;
    expect(problem.issues).toEqual(['Unknown field (body.articles): “articles” is not a field of this request; did you mean “slugs”?']);
    expect(problem.errors).toEqual(['body.articles: “articles” is not a field of this request; did you mean “slugs”?']);
  });

  it('when a field is misspelled, then the one meant is suggested, in the caller’s language', async () => {
    const res = await api('POST', '/api/v1/mt/jobs', { locale: ['en'] }, { 'accept-language': 'ko' });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as Problem;
    expect(problem.errors).toContain('body.locale: “locale”은(는) 이 요청에 없는 항목입니다. “locales”을(를) 뜻했나요?');
  });

  it('when a field is like none, then the refusal lists the fields the request takes', async () => {
    const res = await api('POST', '/api/v1/mt/jobs', { locales: ['en'], priority: 'high' });
    const problem = (await res.json()) as Problem;
    expect(problem.errors).toEqual(['body.priority: “priority” is not a field of this request; it takes “locales”, “slugs”.']);
  });

  it('when a write that takes no body gets a field, then it is told to remove it', async () => {
    const res = await api('POST', '/api/v1/mt/resume', { force: true });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors).toEqual([
      'body.force: “force” is not a field of this request, which takes none; remove it.',
    ]);
  });

  it('when the document is read, then it describes bodies to walk', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(15);
  });

  it.each(bodies)('%s: a field sent in capitals is refused with the field meant', async (_name, method, path, field) => {
    const url = `${sampleUrl(path.replace(/\{(\w+)\}/g, ':$1'))}`;
    const stray = field.toUpperCase();
    const res = await api(method.toUpperCase(), url, { [stray]: 1 }, { 'if-match': '"r0"' });
    expect(res.status, url).toBe(400);
    expect(((await res.json()) as Problem).errors).toContain(
      `body.${stray}: “${stray}” is not a field of this request; did you mean “${field}”?`,
    );
  });
});

// A well-formed segment id that names no segment, one that cannot be an id, and a valid body for each segment route,
// so the answer is about the id alone. A new segment route must say what body it takes here.
const UNKNOWN_SEGMENT = 's-no-such-segment';
const MALFORMED_SEGMENT = 'no%20such%20segment';
const BODIES: Readonly<Record<string, { readonly type: 'json' | 'form'; readonly body: string }>> = {
  'get /api/v1/articles/:slug/translations/:locale/:segmentId': { type: 'json', body: '' },
  'put /api/v1/articles/:slug/translations/:locale/:segmentId': { type: 'json', body: '{"text":"x"}' },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/submit': { type: 'json', body: '{}' },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/approve': { type: 'json', body: '{}' },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/reject': { type: 'json', body: '{"comment":"x"}' },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/comments': { type: 'json', body: '{"comment":"x"}' },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/checks/:checkId/dismissal': { type: 'json', body: '{"reason":"x"}' },
  'delete /api/v1/articles/:slug/translations/:locale/:segmentId/checks/:checkId/dismissal': { type: 'json', body: '' },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/memory-match': { type: 'json', body: '{"match":{"index":0}}' },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/suggestion': { type: 'json', body: '{}' },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/mt': { type: 'json', body: '{}' },
  'post /review/:slug/:locale/:segmentId/save': { type: 'form', body: 'text=x&baseRevision=0' },
  'post /review/:slug/:locale/:segmentId/submit': { type: 'form', body: 'baseRevision=0' },
  'post /review/:slug/:locale/:segmentId/approve': { type: 'form', body: 'baseRevision=0' },
  'post /review/:slug/:locale/:segmentId/reject': { type: 'form', body: 'baseRevision=0&comment=x' },
  'post /review/:slug/:locale/:segmentId/memory': { type: 'form', body: 'baseRevision=0&match=0' },
  'post /review/:slug/:locale/:segmentId/suggestion': { type: 'form', body: 'baseRevision=0' },
  'post /review/:slug/:locale/:segmentId/mt': { type: 'form', body: '' },
  'post /review/:slug/:locale/:segmentId/comment': { type: 'form', body: 'comment=x' },
  'post /review/:slug/:locale/:segmentId/dismiss': { type: 'form', body: 'checkId=numbers&reason=x' },
  'post /review/:slug/:locale/:segmentId/undismiss': { type: 'form', body: 'checkId=numbers' },
  'post /review/:slug/:locale/:segmentId/lock': { type: 'form', body: '' },
};
const segmentRoutes = routes.filter((r) => r.path.includes(':segmentId')).map((r) => `${r.method} ${r.path}`);

function sendSegment(route: string, segmentId: string): Promise<Response> {
  const [method, path] = route.split(' ') as [string, string];
  const { type, body } = BODIES[route]!;
  const url = path.replace(':slug', SLUG).replace(':locale', 'en').replace(':checkId', 'numbers').replace(':segmentId', segmentId);
  const mutating = (MUTATING_METHODS as readonly string[]).includes(method);
  return admin.request(method.toUpperCase(), url, {
    ...(mutating ? { body } : {}),
    headers: {
      accept: 'application/json',
      'x-csrf-token': admin.csrf,
      'if-match': '"r0"',
      ...(mutating ? { 'content-type': type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' } : {}),
    },
  });
}

describe('an id in the path', () => {
  it('when the route table is walked, then every route that takes a segment id has a body here', () => {
    expect(segmentRoutes.length).toBeGreaterThanOrEqual(20);
    expect(segmentRoutes.filter((r) => !(r in BODIES))).toEqual([]);
  });

  it('when POST …/{segmentId}/mt names no segment, then it is a 404 that says the article has no such segment', async () => {
    const res = await api('POST', `/api/v1/articles/${SLUG}/translations/en/${UNKNOWN_SEGMENT}/mt`, {});
    expect(res.status).toBe(404);
    // A resource is missing, not a page; and a segment that never existed is not said to be "no longer" there.
    expect(await res.json()).toMatchObject({
      type: '/api/docs#problem-not-found',
      reason: 'segment.not-found',
      title: 'Not found',
      detail: 'This article has no such segment; a re-import may have removed it. Reload the article.',
    });
  });

  it.each(segmentRoutes)('%s: an unknown segment is 404, a malformed id 400', async (route) => {
    const unknown = await sendSegment(route, UNKNOWN_SEGMENT);
    expect(unknown.status, await unknown.text()).toBe(404);
    const malformed = await sendSegment(route, MALFORMED_SEGMENT);
    expect(malformed.status, await malformed.text()).toBe(400);
  });

  // Every other id of the route table, on the routes that take no body: a well-formed name of nothing, and a value
  // that cannot be one (id-params.ts, the slug and job schemas).
  const OTHER_IDS: Readonly<Record<string, { readonly unknown: string; readonly malformed: string }>> = {
    slug: { unknown: 'no-such-article', malformed: 'Not%20A%20Slug' },
    name: { unknown: 'nosuchuser', malformed: '%00' },
    jobId: { unknown: 'no-such-job', malformed: 'a%20b' },
    id: { unknown: 't-nosuchtoken', malformed: '%00' },
    version: { unknown: '999', malformed: 'abc' },
  };
  const REAL: Readonly<Record<string, string>> = { slug: SLUG, locale: 'en', from: 'ko', to: 'en', name: 'admin', version: '1' };
  // Reader pages answer 404 to anything they cannot show (their addresses are public, and never validated as input).
  const idRoutes = routes
    .filter((r) => ['get', 'delete'].includes(r.method) && !r.path.startsWith('/:locale') && !r.path.includes(':segmentId'))
    .flatMap((r) =>
      (r.path.match(/:(\w+)/g) ?? [])
        .map((p) => p.slice(1))
        .filter((p) => p in OTHER_IDS)
        .map((p) => [`${r.method} ${r.path}`, p] as const),
    )
    // Diffs and rows take required queries; their ids are walked by hostile-input.test.ts.
    .filter(([route]) => !route.endsWith('/diff') && !route.endsWith('/row'));

  it('when the walk starts, then it covers users, tokens, memory entries, jobs, versions and articles', () => {
    const covered = new Set(idRoutes.map(([route, p]) => `${p} ${route}`));
    for (const expected of [
      'name get /api/v1/users/:name',
      'id delete /api/v1/tokens/:id',
      'id delete /api/v1/memory/entries/:id',
      'jobId get /api/v1/mt/jobs/:jobId',
      'version get /publish/:slug/:locale/versions/:version',
      'slug get /api/v1/articles/:slug',
    ])
      expect(covered).toContain(expected);
  });

  it.each(idRoutes)('%s: an unknown %s is 404, a malformed one 400', async (route, param) => {
    const [method, path] = route.split(' ') as [string, string];
    const ids = { ...OTHER_IDS[param]!, ...(path.includes('/memory/') ? { unknown: 'tm-00000000-0000-0000-0000-000000000000' } : {}) };
    const send = (value: string) =>
      admin.request(
        method.toUpperCase(),
        path.replace(/:(\w+)/g, (_m, n: string) => (n === param ? value : (REAL[n] ?? 'x'))),
        {
          headers: { accept: 'application/json', 'x-csrf-token': admin.csrf },
        },
      );
    const unknown = await send(ids.unknown);
    expect(unknown.status, await unknown.text()).toBe(404);
    const malformed = await send(ids.malformed);
    expect(malformed.status, await malformed.text()).toBe(400);
  });

  it('when a user or token write names one that cannot exist, then it is 400, and 404 for a well-formed one', async () => {
    expect((await api('POST', '/api/v1/users/%00/password', {})).status).toBe(400);
    expect((await api('POST', '/api/v1/users/nosuchuser/password', {})).status).toBe(404);
    expect((await api('PUT', '/api/v1/users/%00/access', { role: 'editor' })).status).toBe(400);
    expect((await api('PUT', '/api/v1/users/nosuchuser/access', { role: 'editor' })).status).toBe(404);
  });
});

describe('a page cursor the listing did not hand out', () => {
  const CURSOR_EN =
    'Cursor (query.cursor): this is not a page cursor this list handed out (it may be cut short, changed or from another list); start again from the first page.';

  it.each(['/api/v1/queue', '/api/v1/articles', '/api/v1/status', '/api/v1/glossaries/ko/en/entries'])(
    'when %s gets cursor=garbage or a malformed one, then a 400 names query.cursor with what to do',
    async (path) => {
      for (const cursor of ['garbage', 'not%20base64!', 'x'.repeat(500)]) {
        const res = await api('GET', `${path}?cursor=${cursor}`);
        expect(res.status, `${path} ${cursor}`).toBe(400);
        const problem = (await res.json()) as Problem;
        expect(problem.issues, `${path} ${cursor}`).toEqual([CURSOR_EN]);
        expect(problem.errors?.[0]).toMatch(/^query\.cursor: this is not a page cursor/);
      }
    },
  );

  it('when the queue page gets cursor=garbage, then it says what was wrong, in the request’s language, and links to the first page', async () => {
    const res = await admin.request('GET', '/queue?state=draft&cursor=garbage', { headers: { 'accept-language': 'ko' } });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('이 목록이 준 페이지 커서가 아닙니다');
    expect(text).toContain('href="/queue?state=draft"');
    expect(text).toContain('이 목록의 첫 페이지로 가기');
  });

  it('when the queue page gets a cursor that cannot be one, then the same page answers', async () => {
    const res = await admin.request('GET', '/queue?cursor=%00', { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('this is not a page cursor this list handed out');
    expect(text).toContain('href="/queue"');
  });
});
