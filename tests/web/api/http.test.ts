import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../../src/services/auth.ts';
import { ApiTokenService } from '../../../src/services/api-tokens.ts';
import { UserService } from '../../../src/services/users.ts';
import { createApp } from '../../../src/web/app.ts';
import { startServer } from '../../../src/web/server.ts';
import { MARKET_ARTICLE } from '../../support/articles.ts';
import { openTestStorage } from '../../support/storage.ts';
import { startRealServer, USER_PASSWORD } from '../../support/tandem-server.ts';
import { Client } from '../helpers.ts';

/** The API's HTTP conventions on the real server: ETag/If-Match, problem documents, Location, cursors, idempotent retries, CSRF. */

let secret = '';
let adminSecret = '';
let narrowAdminSecret = '';
const server = await startRealServer({
  articles: { 'market.md': MARKET_ARTICLE },
  users: [{ name: 'ed', role: 'editor' }],
  deepl: false,
  setup: async (tandem) => {
    secret = (await tandem.apiTokens.create({ owner: await tandem.users.get('ed'), name: 'http' })).secret;
    adminSecret = (await tandem.apiTokens.create({ owner: await tandem.users.get('admin'), name: 'http admin' })).secret;
    narrowAdminSecret = (await tandem.apiTokens.create({ owner: await tandem.users.get('admin'), name: 'en only', locales: ['en'] }))
      .secret;
  },
});
afterAll(() => server.close());

function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, server.url), {
    method,
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const article = (await (await api('GET', '/api/v1/articles/market-prices')).json()) as { segments: { id: string }[] };
const path = (n: number) => `/api/v1/articles/market-prices/translations/en/${article.segments[n]!.id}`;

describe('optimistic concurrency', () => {
  it('when a translation is read, then its ETag is its revision; a write without If-Match is a 428 and changes nothing', async () => {
    const read = await api('GET', path(1));
    expect(read.headers.get('etag')).toBe('"r0"');
    const res = await api('PUT', path(1), { text: 'Lost?' });
    expect(res.status).toBe(428);
    expect(await res.json()).toMatchObject({ type: '/api/docs#problem-precondition-required', status: 428, reason: 'revision.required' });
    expect(((await (await api('GET', path(1))).json()) as { text: string }).text).toBe('');
  });

  it('when two clients write from the same revision, then the second gets a 412 and the first text stays', async () => {
    const etag = (await api('GET', path(2))).headers.get('etag')!;
    const first = await api('PUT', path(2), { text: 'First.' }, { 'if-match': etag });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"r1"');
    const second = await api('PUT', path(2), { text: 'Second.' }, { 'if-match': etag });
    expect(second.status).toBe(412);
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await second.json()).toMatchObject({ type: '/api/docs#problem-precondition-failed', reason: 'revision.stale' });
    expect(((await (await api('GET', path(2))).json()) as { text: string }).text).toBe('First.');
  });

  it('when If-Match is "*", then the write is refused with 428: it names no revision', async () => {
    const res = await api('PUT', path(3), { text: 'x' }, { 'if-match': '*' });
    expect(res.status).toBe(428);
    expect(await res.json()).toMatchObject({ reason: 'revision.required' });
  });

  it('when If-Match is a weak or foreign validator, then the write is refused with 412 and changes nothing', async () => {
    for (const value of ['W/"r0"', '"abc"', 'r0']) {
      const res = await api('PUT', path(3), { text: 'x' }, { 'if-match': value });
      expect(res.status, value).toBe(412);
      expect(await res.json()).toMatchObject({ type: '/api/docs#problem-precondition-failed', reason: 'revision.unmatched' });
    }
    expect(((await (await api('GET', path(3))).json()) as { text: string }).text).toBe('');
  });
});

describe('imports', () => {
  const body = { content: '---\ntitle: 새 기사\n---\n\n첫 문단.\n', slug: 'http-import' };

  it('when an import is retried with the same Idempotency-Key, then the first answer comes back and nothing is imported twice', async () => {
    const first = await api('POST', '/api/v1/articles', body, { 'idempotency-key': 'import-1' });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe('/api/v1/articles/http-import');
    const again = await api('POST', '/api/v1/articles', body, { 'idempotency-key': 'import-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe('/api/v1/articles/http-import');
    expect(await again.json()).toEqual(await first.json());
    // Without the key the same body is a second import: unchanged, no Location.
    const plain = await api('POST', '/api/v1/articles', body);
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as { status: string }).status).toBe('unchanged');
  });

  it('when the key is reused for another body, then it is refused and nothing is imported', async () => {
    const res = await api('POST', '/api/v1/articles', { ...body, slug: 'http-other' }, { 'idempotency-key': 'import-1' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ reason: 'idempotency.reused' });
    expect((await api('GET', '/api/v1/articles/http-other')).status).toBe(404);
  });

  it('when the body is no JSON, then it is refused with 415 before anything is read', async () => {
    const res = await api('POST', '/api/v1/articles', undefined, { 'content-type': 'text/markdown' });
    expect(res.status).toBe(415);
  });

  it('when the client sends its file name, then the format, the slug and the warnings come from it, as for tandem import', async () => {
    const res = await api('POST', '/api/v1/articles', {
      content: '평양 소식\n\n김\u200b철민 기자.\n',
      file: '/home/kim/desk/pyongyang-notes.txt',
    });
    expect(res.status).toBe(201);
    const out = (await res.json()) as { file: string; slug: string; warnings: { kind: string; order: number; codePoints: string[] }[] };
    expect(out).toMatchObject({ file: '/home/kim/desk/pyongyang-notes.txt', slug: 'pyongyang-notes' });
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'invisible-characters', order: 1, codePoints: ['U+200B'] })]);

    const unknown = await api('POST', '/api/v1/articles', { content: 'x', file: 'notes.docx' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ reason: 'import.unknown-format', message: expect.stringContaining('notes.docx') });
    const both = await api('POST', '/api/v1/articles', { content: 'x', file: 'notes.txt', format: 'text' });
    expect(both.status).toBe(400);
    const control = await api('POST', '/api/v1/articles', { content: 'x', file: 'notes\u001b[2J.txt' });
    expect(control.status).toBe(400);
  });

  it('when an admin names an actor, then the history names that person; anyone else naming one is refused with 403', async () => {
    const content = '---\ntitle: 대신 가져오기\nslug: on-behalf\n---\n\n문단.\n';
    const refused = await api('POST', '/api/v1/articles', { content, actor: 'Kim Min-ji' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ reason: 'role.forbidden' });
    expect((await api('GET', '/api/v1/articles/on-behalf')).status).toBe(404);
    // Naming oneself is no delegation.
    const self = await api('POST', '/api/v1/articles', { content: content.replace('on-behalf', 'on-own-behalf'), actor: 'ed' });
    expect(self.status).toBe(201);

    const admin = await api('POST', '/api/v1/articles', { content, actor: 'Kim Min-ji' }, { authorization: `Bearer ${adminSecret}` });
    expect(admin.status).toBe(201);
    const stored = JSON.parse(await readFile(join(server.config.dataDir, 'articles', 'on-behalf.json'), 'utf8')) as {
      history: { by: string }[];
    };
    expect(new Set(stored.history.map((h) => h.by))).toEqual(new Set(['Kim Min-ji']));
    for (const actor of ['', ' ', 'a\nb', 'x'.repeat(65), '\u202Eevil']) {
      const bad = await api('POST', '/api/v1/articles', { content, actor }, { authorization: `Bearer ${adminSecret}` });
      expect(bad.status, JSON.stringify(actor)).toBe(400);
    }
  });

  it('when pasted text names no slug, then the import is refused with 400 and a reason', async () => {
    const res = await api('POST', '/api/v1/articles', { content: '---\ntitle: 제목\n---\n\n문단.\n' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ reason: 'import.no-slug' });
  });
});

describe('listing', () => {
  it('when articles are listed a page at a time, then the cursor walks every article once', async () => {
    const seen: string[] = [];
    // Every stored article, whatever the other tests of this file imported before this one.
    const stored = await readdir(join(server.config.dataDir, 'articles'));
    let url: string | null = '/api/v1/articles?limit=1';
    while (url) {
      const res = await api('GET', url);
      const page = (await res.json()) as { items: { slug: string }[]; next: string | null; total: number };
      seen.push(...page.items.map((a) => a.slug));
      url = page.next ? `/api/v1/articles?cursor=${page.next}` : null;
      if (page.next) expect(res.headers.get('link')).toContain('rel="next"');
    }
    expect(seen.sort()).toEqual(stored.map((name) => name.replace(/\.json$/, '')).sort());
    expect(seen).toContain('market-prices');
  });

  it('when a cursor is forged, then it is a 400 problem', async () => {
    const res = await api('GET', '/api/v1/articles?cursor=bm9wZQ');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('cookie sessions on the API', () => {
  it('when a logged-in browser writes without the CSRF token, then it is refused; with it, the write goes through', async () => {
    const client = new Client(server.url);
    expect((await client.login('ed', USER_PASSWORD)).status).toBe(303);
    const etag = (await api('GET', path(4))).headers.get('etag')!;
    const headers = { 'content-type': 'application/json', accept: 'application/json', 'if-match': etag };
    const refused = await client.request('PUT', path(4), { body: JSON.stringify({ text: 'From a page.' }), headers });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ reason: 'csrf.expired' });
    const accepted = await client.request('PUT', path(4), {
      body: JSON.stringify({ text: 'From a page.' }),
      headers: { ...headers, 'x-csrf-token': client.csrf },
    });
    expect(accepted.status).toBe(200);
  });
});

describe('unknown fields', () => {
  it('when a body carries a field the operation does not take (a typo), then 400 names it and nothing is written', async () => {
    const etag = (await api('GET', path(5))).headers.get('etag')!;
    const res = await api('PUT', path(5), { text: 'Typo?', stat: 'approved' }, { 'if-match': etag, 'accept-language': 'en' });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { type: string; errors: string[]; issues: string[] };
    expect(problem.type).toBe('/api/docs#problem-validation');
    expect(problem.errors).toEqual(['body.stat: “stat” is not a field of this request; it takes “text”.']);
    expect(problem.issues).toEqual(['Unknown field (body.stat): “stat” is not a field of this request; it takes “text”.']);
    expect(((await (await api('GET', path(5))).json()) as { text: string }).text).toBe('');
  });

  it('when a write that takes no body gets a field, then it is refused too, in the caller’s language', async () => {
    const res = await api('POST', '/api/v1/mt/retry', { slugg: 'market-prices' }, { 'accept-language': 'ko' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: string[] }).issues).toEqual([
      '알 수 없는 항목 (body.slugg): “slugg”은(는) 이 요청에 없는 항목입니다. “slug”을(를) 뜻했나요?',
    ]);
  });

  it('when the OpenAPI document describes a body, then it says unknown fields are refused', async () => {
    const doc = (await (await fetch(new URL('/api/openapi.json', server.url))).json()) as {
      paths: Record<string, { put?: { requestBody: { content: Record<string, { schema: { additionalProperties?: unknown } }> } } }>;
    };
    const put = doc.paths['/api/v1/articles/{slug}/translations/{locale}/{segmentId}']!.put!;
    expect(put.requestBody.content['application/json']!.schema.additionalProperties).toBe(false);
  });

  it('when a logged-in browser sends its CSRF token in the JSON body, then the token is no unknown field', async () => {
    const client = new Client(server.url);
    expect((await client.login('ed', USER_PASSWORD)).status).toBe(303);
    const etag = (await api('GET', path(6))).headers.get('etag')!;
    const res = await client.request('PUT', path(6), {
      body: JSON.stringify({ text: 'From a page.', _csrf: client.csrf }),
      headers: { 'content-type': 'application/json', accept: 'application/json', 'if-match': etag },
    });
    expect(res.status).toBe(200);
  });
});

describe('XLIFF', () => {
  it('when a file in one language is imported for another, then 400 says which and nothing is applied', async () => {
    const content = await (await api('GET', '/api/v1/xliff/en?slug=market-prices')).text();
    const res = await api('POST', '/api/v1/xliff/ja', { content }, { 'accept-language': 'en' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      reason: 'xliff.other-locale',
      detail: 'This file is a translation into English, but this import is for Japanese. Import it for English.',
    });
  });
});

describe('XLIFF revisions', () => {
  it('when a translation changed after the export, then its unit is refused in the report (as If-Match would) and keeps the newer text', async () => {
    const created = await api('POST', '/api/v1/articles', { content: '---\ntitle: 옛 파일\n---\n\n첫 문단.\n', slug: 'xliff-stale' });
    expect(created.status).toBe(201);
    const exported = await (await api('GET', '/api/v1/xliff/en?slug=xliff-stale')).text();
    const segments = ((await (await api('GET', '/api/v1/articles/xliff-stale')).json()) as { segments: { id: string }[] }).segments;
    const changed = `/api/v1/articles/xliff-stale/translations/en/${segments[1]!.id}`;
    const etag = (await api('GET', changed)).headers.get('etag')!;
    expect((await api('PUT', changed, { text: 'Newer.' }, { 'if-match': etag })).status).toBe(200);
    // The agency translated every unit of the old export.
    const content = exported.replace(/(<source>([^<]*)<\/source>)/g, '$1<target state="translated">Translated $2</target>');
    const res = await api('POST', '/api/v1/xliff/en', { content, agency: 'Acme Lang' });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { applied: number; refused: { unitId: string; refusal: { code: string } }[] };
    expect(report.applied).toBe(1);
    expect(report.refused).toEqual([expect.objectContaining({ unitId: segments[1]!.id, refusal: { code: 'translation-changed' } })]);
    expect(((await (await api('GET', changed)).json()) as { text: string }).text).toBe('Newer.');
  });
});

describe('rate limit', () => {
  it('when a token sends more requests than its limit, then the next is a 429 problem with Retry-After, counted per token', async () => {
    const storage = await openTestStorage();
    const users = new UserService(storage.users);
    const owner = (await users.add({ name: 'busy', role: 'translator', locales: ['en'], password: 'long enough pw' })).user;
    const tokens = new ApiTokenService(storage.apiTokens, storage.users);
    const [a, b] = [(await tokens.create({ owner, name: 'a' })).secret, (await tokens.create({ owner, name: 'b' })).secret];
    const deps = {
      logger: pino({ level: 'silent' }),
      users,
      auth: new AuthService(storage.users),
      apiTokens: tokens,
      config: { apiRateLimit: { limit: 2 } },
    };
    const local = await startServer(createApp(deps), { port: 0, logger: deps.logger, handleSignals: false });
    try {
      const get = (token: string) => fetch(new URL('/api/v1/mt', local.url), { headers: { authorization: `Bearer ${token}` } });
      for (let i = 0; i < 2; i++) expect((await get(a)).status).toBe(503);
      const limited = await get(a);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await limited.json()).toMatchObject({ type: '/api/docs#problem-rate-limited', status: 429 });
      expect((await get(b)).status).toBe(503);
    } finally {
      await local.close();
      await storage.close();
    }
  });
});

describe('tokens through the API', () => {
  it('when an admin token narrowed to a locale asks for a token, then it is refused: the new one would escape the narrowing', async () => {
    const res = await api('POST', '/api/v1/tokens', { user: 'ed', name: 'wider' }, { authorization: `Bearer ${narrowAdminSecret}` });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ type: '/api/docs#problem-token-scope', reason: 'token.locale' });
    const list = await api('GET', '/api/v1/tokens?user=ed', undefined, { authorization: `Bearer ${adminSecret}` });
    expect(((await list.json()) as { items: { name: string }[] }).items.map((t) => t.name)).not.toContain('wider');
  });
});
