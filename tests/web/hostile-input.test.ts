import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { dirname, join, relative } from 'node:path';
import type { Express } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_COMMENT_LENGTH, MAX_TRANSLATION_LENGTH } from '../../src/core/workflow.ts';
import { listRoutes, MUTATING_METHODS, type RouteEntry, sampleUrl } from '../../src/web/route-table.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { cpuTime, HOSTILE_BUDGET_MS } from '../support/hostile-inputs.ts';
import { BOUNDARY, multipartBody } from '../support/multipart.ts';
import { ADMIN_PASSWORD, startRealServer, USER_PASSWORD } from '../support/tandem-server.ts';
import { Client } from './helpers.ts';

/**
 * Hostile input through every web route of the real server (lowdb in a temporary data directory): malformed bodies,
 * wrong content types, bad CSRF tokens, bad route parameters and queries. For each one: a 4xx (never 5xx, never
 * success), nothing changed on disk, and a healthy /healthz afterwards, all within the time budget.
 */

/** The longest a request may wait, working or not (a stall, not a slow machine): CPU time is budgeted per input. */
const WAIT_LIMIT_MS = 10_000;
const SLUG = 'market-prices';
const LOCALE = 'en';

// The server is started while the file is collected: the inputs are generated from its own route table.
const server = await startRealServer({
  articles: { [`${SLUG}.md`]: MARKET_ARTICLE },
  users: [
    { name: 'ed', role: 'editor' },
    { name: 'tina', role: 'translator', locales: [LOCALE] },
  ],
  deepl: false,
  env: { TANDEM_AUTO_TRANSLATE: 'false' },
});
afterAll(() => server.close());

async function loggedIn(name: string, password: string): Promise<Client> {
  const client = new Client(server.url);
  const res = await client.login(name, password);
  if (res.status !== 303) throw new Error(`hostile-input: login as ${name} answered ${res.status}`);
  return client;
}
const anonymous = new Client(server.url);
await anonymous.page('/login');
const clients = {
  anonymous,
  admin: await loggedIn('admin', ADMIN_PASSWORD),
  editor: await loggedIn('ed', USER_PASSWORD),
  translator: await loggedIn('tina', USER_PASSWORD),
} as const;
type Who = keyof typeof clients;

// The real app behind the listening server, so the table is exactly what answers (reader routes included).
const routes = listRoutes(server.server.server.listeners('request')[0] as Express);
const reviewPage = await clients.admin.page(`/review/${SLUG}/${LOCALE}`);
const SEGMENT = /\/review\/market-prices\/en\/([\w-]+)\/save/.exec(reviewPage.text)?.[1] ?? '';
await clients.admin.page('/');

/** One hostile request. The CSRF token goes in the header unless `token` says otherwise. */
interface Attempt {
  readonly name: string;
  /** The route-table entry it aims at, `POST /users/:name/role`; none for attempts on queries. */
  readonly route?: string;
  readonly who: Who;
  readonly method: string;
  readonly path: string;
  readonly token?: 'header' | 'none' | 'wrong' | 'query-twice';
  readonly type?: string;
  readonly body?: string | Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

const URLENCODED = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const MIB = 1024 * 1024;
const big = (n: number) => 'x'.repeat(n);
const isMutating = (r: RouteEntry) => (MUTATING_METHODS as readonly string[]).includes(r.method);

/** Bodies no route accepts, sent with a valid session and token so they reach the parsers and the validation. */
const HOSTILE_BODIES: readonly { kind: string; type?: string; body: string | Uint8Array; headers?: Record<string, string> }[] = [
  { kind: 'text/plain', type: 'text/plain', body: 'hello' },
  { kind: 'XML', type: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>' },
  { kind: 'no content type', body: 'a=b' },
  { kind: 'truncated JSON', type: JSON_TYPE, body: '{"text":' },
  { kind: 'JSON null', type: JSON_TYPE, body: 'null' },
  { kind: 'JSON array', type: JSON_TYPE, body: '[1,2,3]' },
  { kind: 'deeply nested JSON arrays', type: JSON_TYPE, body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
  { kind: 'deeply nested JSON objects', type: JSON_TYPE, body: `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}` },
  { kind: 'oversized JSON', type: JSON_TYPE, body: JSON.stringify({ text: big(2 * MIB) }) },
  {
    kind: 'JSON __proto__ keys',
    type: JSON_TYPE,
    body: '{"__proto__":{"role":"admin","baseRevision":0},"constructor":{"prototype":{"x":1}}}',
  },
  { kind: 'JSON huge numbers', type: JSON_TYPE, body: '{"baseRevision":1e400,"expected":-1e400,"match":9007199254740993}' },
  { kind: 'JSON lone surrogate', type: JSON_TYPE, body: '{"text":"\\ud800","comment":"\\udfff","name":"\\ud800"}' },
  { kind: 'invalid UTF-8 JSON', type: JSON_TYPE, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  { kind: 'UTF-16 JSON', type: `${JSON_TYPE}; charset=utf-16`, body: '{}' },
  { kind: 'form __proto__ keys', type: URLENCODED, body: '__proto__[role]=admin&constructor[prototype][x]=1&__proto__=1' },
  { kind: 'form with NULs', type: URLENCODED, body: 'text=a%00b&comment=%00&name=%00&locale=%00&lng=%00&baseRevision=%00' },
  { kind: 'form with invalid UTF-8 escapes', type: URLENCODED, body: 'text=%C3%28&comment=%FF%FE&locale=%E0%80%80' },
  { kind: 'form with raw invalid UTF-8', type: URLENCODED, body: Buffer.from([0x74, 0x3d, 0xff, 0xc3, 0x28, 0x26, 0x6c, 0x3d, 0xfe]) },
  { kind: 'form in Latin-1', type: `${URLENCODED}; charset=iso-8859-1`, body: 'text=caf%E9' },
  { kind: 'form with a 2 MiB field', type: URLENCODED, body: `text=${big(2 * MIB)}` },
  { kind: 'form with 2,000 fields', type: URLENCODED, body: Array.from({ length: 2000 }, (_, i) => `f${i}=1`).join('&') },
  { kind: 'form with repeated fields', type: URLENCODED, body: 'locale=en&locale=ja&role=admin&role=editor&baseRevision=1&baseRevision=2' },
  { kind: 'gzip that is not gzip', type: URLENCODED, body: 'a=b', headers: { 'content-encoding': 'gzip' } },
  { kind: 'an unknown content encoding', type: URLENCODED, body: 'a=b', headers: { 'content-encoding': 'zstd-nope' } },
  {
    kind: 'truncated multipart',
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    body: multipartBody([{ name: 'file', filename: 'a.md', value: 'x' }]).subarray(0, 60),
  },
  { kind: 'multipart without boundary', type: 'multipart/form-data', body: 'x' },
  {
    kind: 'multipart with a NUL in the file name',
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    body: multipartBody([{ name: 'file', filename: 'a\u0000.md', value: 'x' }]),
  },
];

/** Values for each kind of route parameter that name nothing real; `{}` bodies keep the focus on the parameter. */
const HOSTILE_PARAMS: Readonly<Record<string, readonly string[]>> = {
  slug: ['..%2F..%2Fetc%2Fpasswd', 'market-prices%00', big(300), '%C3%28', 'MARKET%20PRICES', '%E2%80%AEsecirp', 'no-such-article'],
  locale: ['xx', '..', 'en%00', big(40), '%FF', 'x-klingon'],
  segmentId: ['..', '%00', big(100), 'no-such-segment', '%2E%2E%2F'],
  name: ['%00', big(100), 'no-such-user', '..%2F'],
  version: ['0', '-1', '1e309', 'NaN', '99999', '1.5'],
  jobId: ['%00', big(100), 'no-such-job', '..%2F'],
  from: ['xx', '..', 'en%00', big(40), '%FF'],
  to: ['xx', '..', 'en%00', big(40), '%FF'],
  id: ['%00', big(300), 'no-such-entry', '..%2F', '%2E%2E'],
};

/** Query strings that the routes validate and that are out of range or of the wrong kind. */
const HOSTILE_QUERIES: readonly string[] = [
  '/articles?n=-1',
  '/articles?done=%00',
  '/articles?n=1e999',
  '/queue?cursor=%00',
  `/queue?cursor=${big(500)}`,
  '/articles?page=0',
  '/articles?sort=%00',
  `/articles?q=${big(300)}`,
  '/queue?state=nonsense',
  '/queue?issues=%00',
  `/queue?article=${big(300)}`,
  `/review/${SLUG}/${LOCALE}?n=-5`,
  `/review/${SLUG}/${LOCALE}?skipped=abc`,
  `/review/${SLUG}/${LOCALE}?done=${big(40)}`,
  `/publish/${SLUG}/${LOCALE}/diff?from=0&to=1`,
  `/publish/${SLUG}/${LOCALE}/diff?from=x&to=y`,
  `/publish/${SLUG}/${LOCALE}/diff`,
  '/api/v1/status?cursor=%00',
  `/api/v1/status?cursor=${big(3000)}`,
  '/api/v1/status?cursor=eyJ1IjoieCIsInMiOiJhIn0',
  '/api/v1/status?limit=0',
  '/api/v1/status?limit=1e999',
  '/api/v1/status?limit=everything',
  `/api/v1/articles/${SLUG}/segments?locale=xx`,
  `/api/v1/articles/${SLUG}/segments?locale=ko`,
  `/api/v1/articles/${SLUG}/segments?locale=%00`,
  `/api/v1/articles/${SLUG}/segments?locale=${big(40)}`,
  // Parameters no route takes (a misspelling, a stray tag): refused, never read as "no filter" (query-input.ts).
  '/api/v1/queue?locales=xx',
  '/queue?locales=xx',
  `/review/${SLUG}/${LOCALE}?utm_source=${big(300)}`,
  `/api/v1/status?${big(300)}=1`,
];

const ALL_FIELDS_OPTIONAL = new Set(['/mt/retry', '/mt/resume']);

/**
 * Bodies for one route that fail its schema, sent to real parameters so they reach the service's door: form fields,
 * or a JSON text for what a form cannot carry.
 */
function invalidBodies(path: string): readonly (Record<string, string> | string)[] {
  const segment = `/review/:slug/:locale/:segmentId`;
  const bodies: Readonly<Record<string, readonly (Record<string, string> | string)[]>> = {
    '/login': [
      { name: big(100), password: 'x' },
      { name: 'admin', password: big(300) },
    ],
    '/mt/retry': [{ slug: 'Not A Slug' }, { locale: '!!' }, { slug: big(300) }, { back: big(3000) }],
    '/mt/budget': [{ characters: '-1' }, { characters: 'lots' }, { characters: '1e99' }],
    '/mt/resume': [{ slug: 'Not A Slug' }, { locale: '!!' }, { slug: big(300) }, { back: big(3000) }],
    '/language': [{ lng: 'xx' }, { lng: 'en', back: big(3000) }, { lng: '__proto__' }],
    '/users': [
      { name: 'mallory', role: 'superadmin' },
      { name: '', role: 'editor' },
      { name: big(65), role: 'editor' },
      { name: 'mallory', role: 'translator', locales: big(36) },
      { name: 'mal\u0000lory', role: 'editor' },
      { name: 'mal\u202Elory', role: 'editor' },
      { name: '../admin', role: 'editor' },
    ],
    '/users/:name/role': [{ role: 'root' }, { role: 'admin', locales: big(36) }],
    '/users/:name/password': [],
    '/articles/import': [
      { content: '# 제목\n\n본문', format: 'pdf', slug: 'x' },
      { content: '# 제목\n\n본문', slug: '../etc' },
      { content: '# 제목\n\n본문', slug: 'Not A Slug' },
      { content: '# 제목\n\n본문\u0000', slug: 'nul-inside' },
      { content: '\uFEFF', slug: 'bom-only' },
      { content: '   ', slug: 'blank' },
      { content: '# 제목', slug: big(121) },
    ],
    '/articles/mt': [{ locale: 'ko' }, { locale: 'fr' }, { locale: '' }, { locale: big(36) }],
    '/articles/:slug/mt': [{ locale: 'ko' }, { locale: 'zz' }],
    '/publish/:slug/:locale': [{ at: 'not a date' }, { at: '2026-13-45T00:00:00Z' }, { at: big(65) }],
    '/review/:slug/:locale/approve-all': [{ expected: '-1' }, { expected: 'abc' }],
    [`${segment}/save`]: [
      { text: big(MAX_TRANSLATION_LENGTH * 2 + 1), baseRevision: '0' },
      { text: 'ok', baseRevision: '-1' },
      { text: 'ok', baseRevision: 'abc' },
      { text: 'ok', baseRevision: '1e309' },
      { text: 'ok', baseRevision: '9007199254740993' },
      { text: 'ok', baseRevision: '99999' },
      { baseRevision: '0' },
      { text: 'a\u0000b', baseRevision: '0' },
      { text: 'a\u0007b', baseRevision: '0' },
      // JSON, since a form can only carry a lone surrogate as U+FFFD, which is text.
      '{"text":"a\\ud800b","baseRevision":0}',
      '{"text":"\\ufffe","baseRevision":0}',
    ],
    [`${segment}/submit`]: [{ baseRevision: '-1' }, { text: 'x', baseRevision: '99999' }],
    [`${segment}/approve`]: [{ baseRevision: 'x' }, { baseRevision: '0', override: big(501) }],
    [`${segment}/reject`]: [{ baseRevision: '0', comment: big(MAX_COMMENT_LENGTH + 1) }, { comment: 'x' }],
    [`${segment}/memory`]: [
      { baseRevision: '0', match: '21' },
      { baseRevision: '0', match: '-1' },
    ],
    [`${segment}/suggestion`]: [{ baseRevision: 'NaN' }],
    [`${segment}/comment`]: [{ comment: big(MAX_COMMENT_LENGTH + 1) }, { comment: '' }, { comment: 'a\u0000b' }],
    [`${segment}/lock`]: [{ release: 'yes' }],
    [`${segment}/mt`]: [],
    '/publish/:slug/:locale/unpublish': [],
    // The API's JSON bodies: out of range, of the wrong kind, or with a field the operation does not take.
    '/api/v1/articles/:slug/translations/:locale/submit-all': ['{"all":true}'],
    '/api/v1/articles/:slug/translations/:locale/approve-all': ['{"expected":1}'],
    '/api/v1/articles/:slug/translations/:locale/:segmentId/memory-match': [
      '{"match":{"index":3}}',
      '{"match":{"index":-1}}',
      '{"match":{"index":0,"entryId":"x"}}',
      '{"match":{"entryId":""}}',
      '{"match":{}}',
      '{"matchh":{"index":0}}',
    ],
    '/api/v1/articles/:slug/translations/:locale/:segmentId/suggestion': ['{"text":"mine"}'],
    '/api/v1/glossaries/:from/:to/csv': [
      '{"content":""}',
      '{"content":"source,target\\n","mode":"append"}',
      '{"content":"source,target\\n\\u0000,x\\n"}',
      '{"content":"source,target\\n,x\\n"}',
      '{"content":"source,target\\na,b\\n","stat":"x"}',
      '{"content":"a,b,c,d,e,f,g\\n"}',
    ],
    '/api/v1/tokens': [
      '{"user":"ed"}',
      '{"user":"ed","name":"x","days":0}',
      '{"user":"ed","name":"x","days":1e99}',
      '{"user":"ed","name":"x","locales":["../en"]}',
      '{"user":"ed","name":"x","readOnly":"yes"}',
      `{"user":"${big(100)}","name":"x"}`,
    ],
    '/api/v1/articles': [
      '{"content":"x","file":"a\\u0000.md"}',
      `{"content":"x","file":"${big(2000)}"}`,
      '{"content":"x","file":"a.md","format":"html"}',
      '{"content":"---\\ntitle: t\\nslug: s\\n---\\n\\nx","actor":"a\\nb"}',
      `{"content":"x","actor":"${big(100)}"}`,
    ],
    '/api/v1/mt/resume': ['{"provider":"deepl"}', '{"state":"ready"}'],
    '/api/v1/mt/budget': ['{"characters":-1}', '{"characters":"lots"}', '{"characters":1e99}', '{"characters":1.5}'],
    '/api/v1/users/:name/password': ['{"password":"chosen-by-me"}'],
    '/api/v1/xliff/:locale': [
      '{"content":""}',
      '{"content":"not xml at all"}',
      '{"content":"<xliff version=\\"1.2\\"/>","approve":"yes"}',
      '{"content":"<x/>","agency":"a\\u0000b"}',
      '{"content":"<x/>","agency":"an agency","stat":"final"}',
    ],
  };
  return bodies[path] ?? [];
}

function realUrl(path: string): string {
  return path
    .replace(':slug', SLUG)
    .replace(':locale', LOCALE)
    .replace(':segmentId', SEGMENT)
    .replace(':name', 'ed')
    .replace(':version', '1')
    .replace(':from', 'ko')
    .replace(':to', 'en')
    .replace(':jobId', 'no-such-job')
    .replace(':id', 'no-such-entry');
}

function attempts(): Attempt[] {
  const out: Attempt[] = [];
  for (const route of routes.filter(isMutating)) {
    const method = route.method.toUpperCase();
    const at = `${method} ${route.path}`;
    const url = sampleUrl(route.path);
    const add = (attempt: Omit<Attempt, 'route' | 'method'>) => out.push({ ...attempt, route: at, method });
    // The caller and the token: refused by the guard whatever the body.
    add({ name: `${at}: no CSRF token`, who: 'admin', path: url, token: 'none', type: URLENCODED, body: 'a=b' });
    add({ name: `${at}: a wrong CSRF token`, who: 'admin', path: url, token: 'wrong', type: URLENCODED, body: 'a=b' });
    add({ name: `${at}: the CSRF token twice in the query`, who: 'admin', path: url, token: 'query-twice', type: URLENCODED, body: 'a=b' });
    if (route.permission !== null) {
      add({ name: `${at}: anonymous with a valid form token`, who: 'anonymous', path: url, type: URLENCODED, body: 'a=b' });
    }
    if (route.path === '/logout') continue; // Any body logs out; only the token can be wrong.
    // Bodies: each reaches the parsers, the token check and the validation of a route with no real parameters. A
    // route whose fields are all optional (`POST /mt/retry` with none retries everything) takes any body that carries
    // no fields; its invalid fields are tried below.
    for (const hostile of ALL_FIELDS_OPTIONAL.has(route.path) ? [] : HOSTILE_BODIES) {
      add({ name: `${at}: ${hostile.kind}`, who: 'admin', path: url, ...hostile });
    }
    // Parameters: one hostile value at a time, the others real.
    for (const param of route.path.match(/:(\w+)/g) ?? []) {
      for (const value of HOSTILE_PARAMS[param.slice(1)] ?? []) {
        const path = realUrl(route.path.replace(param, value));
        add({ name: `${at}: ${param} = ${value.slice(0, 24)}`, who: 'admin', path, type: JSON_TYPE, body: '{}' });
      }
    }
    for (const fields of invalidBodies(route.path)) {
      if (typeof fields === 'string') {
        add({ name: `${at}: ${fields}`, who: 'admin', path: realUrl(route.path), type: JSON_TYPE, body: fields });
        continue;
      }
      const body = new URLSearchParams(fields).toString();
      const what = Object.entries(fields)
        .map(([k, v]) => `${k}=${v.length > 24 ? `${v.length} chars` : JSON.stringify(v)}`)
        .join(', ');
      add({ name: `${at}: ${what}`, who: 'admin', path: realUrl(route.path), type: URLENCODED, body });
    }
  }
  for (const route of routes.filter((r) => r.method === 'get')) {
    for (const param of route.path.match(/:(\w+)/g) ?? []) {
      for (const value of HOSTILE_PARAMS[param.slice(1)] ?? []) {
        const path = realUrl(route.path.replace(param, value));
        out.push({
          name: `GET ${route.path}: ${param} = ${value.slice(0, 24)}`,
          route: `GET ${route.path}`,
          who: 'admin',
          method: 'GET',
          path,
        });
      }
    }
  }
  for (const path of HOSTILE_QUERIES) out.push({ name: `GET ${path.slice(0, 80)}`, who: 'admin', method: 'GET', path });
  // A translator acting outside the one locale assigned, with otherwise valid requests.
  out.push({
    name: 'translator saves in ja',
    who: 'translator',
    method: 'POST',
    path: `/review/${SLUG}/ja/${SEGMENT}/save`,
    type: URLENCODED,
    body: 'text=x&baseRevision=0',
  });
  out.push({
    name: 'translator imports an article',
    who: 'translator',
    method: 'POST',
    path: '/articles/import',
    type: URLENCODED,
    body: 'content=x&slug=x',
  });
  return out;
}

function send(attempt: Attempt): Promise<{ status: number; text: string }> {
  const client = clients[attempt.who];
  const headers: Record<string, string> = { accept: 'application/json', ...attempt.headers };
  if (client.cookies.size > 0) headers.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  if (attempt.type) headers['content-type'] = attempt.type;
  const token = attempt.token ?? 'header';
  if (token === 'header') headers['x-csrf-token'] = client.csrf;
  if (token === 'wrong') headers['x-csrf-token'] = big(client.csrf.length);
  const path = token === 'query-twice' ? `${attempt.path}?_csrf=${client.csrf}&_csrf=${client.csrf}` : attempt.path;
  const body = attempt.body === undefined ? undefined : Buffer.from(attempt.body);
  if (body) headers['content-length'] = String(body.byteLength);
  return new Promise((resolve, reject) => {
    // The path goes out exactly as written: `..` and encoded slashes are not resolved by the client.
    const { hostname, port } = new URL(server.url);
    const req = request({ hostname, port, path, method: attempt.method, agent: false, headers });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(WAIT_LIMIT_MS, () => req.destroy(new Error(`${attempt.name}: no answer within ${WAIT_LIMIT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Every file under the server's temporary root (data, publish and content directories), by path, as a hash. */
async function snapshot(): Promise<Record<string, string>> {
  const root = dirname(server.config.dataDir);
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(root, path)] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  return out;
}

const ATTEMPTS = attempts();

describe('hostile input through every web route', () => {
  it('when the inputs are generated, then there are at least 150 distinct ones covering every route', () => {
    expect(new Set(ATTEMPTS.map((a) => a.name)).size).toBe(ATTEMPTS.length);
    expect(ATTEMPTS.length).toBeGreaterThanOrEqual(150);
    expect(SEGMENT).not.toBe('');
    const covered = new Set(ATTEMPTS.map((a) => a.route));
    const parametrized = routes.filter((r) => isMutating(r) || r.path.includes(':'));
    expect(parametrized.map((r) => `${r.method.toUpperCase()} ${r.path}`).filter((r) => !covered.has(r))).toEqual([]);
  });

  // Nothing else writes to the server's directories while the file runs (no MT, no feed, nothing scheduled): each
  // attempt starts from the state the one before left, so one snapshot per attempt is enough.
  let last: Record<string, string> | undefined;
  it.each(ATTEMPTS.map((a) => [a.name, a] as const))('%s: refused with 4xx, nothing stored, server healthy', async (_name, attempt) => {
    const before = last ?? (await snapshot());
    // CPU time of this process (the server runs in it): the other test workers share the cores and would count in a
    // wall-clock budget; a request that waits instead of working is caught by the wall limit in `send`.
    let res: Awaited<ReturnType<typeof send>> | undefined;
    const { ms, error } = await cpuTime(async () => {
      res = await send(attempt);
    });
    if (error) throw error;
    expect(res!.status, res!.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(res!.status, res!.text.slice(0, 300)).toBeLessThan(500);
    expect(ms).toBeLessThan(HOSTILE_BUDGET_MS);
    last = await snapshot();
    expect(last).toEqual(before);
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(WAIT_LIMIT_MS) });
    expect(health.status).toBe(200);
  });
});
