import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { can, type Permission, ROLES, type Role } from '../../../src/core/roles.ts';
import { listRoutes } from '../../../src/web/route-table.ts';
import { MARKET_ARTICLE } from '../../support/articles.ts';
import { startRealServer } from '../../support/tandem-server.ts';

/**
 * The API's contract, route by route, with a token of each role on the real server (src/main.ts composition, lowdb):
 * a role that holds the route's permission succeeds, any other gets a 403 problem document. Every /api/v1 route of
 * the app's route table must have a sample here.
 */

const BIG = 'api-contract';
const paragraphs = Array.from({ length: 60 }, (_, i) => `문단 ${i + 1}의 내용이다.`);
const BIG_ARTICLE = `---\ntitle: 계약 시험\nslug: ${BIG}\ndate: 2026-11-30\n---\n\n${paragraphs.join('\n\n')}\n`;
const PUB = (role: Role) => `pub-${role}`;
const PUB_ARTICLE = (role: Role) => `---\ntitle: 게시 ${role}\nslug: ${PUB(role)}\ndate: 2026-11-30\n---\n\n게시할 문단이다.\n`;

const tokens = new Map<Role, string>();
// The source site's feed, never changed since the last poll: a poll asked for through the API fetches and imports nothing.
const site = createServer((_req, res) => void res.writeHead(304).end());
await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
const server = await startRealServer({
  env: { TANDEM_FEED_URL: `http://127.0.0.1:${(site.address() as AddressInfo).port}/feed/` },
  articles: { 'market.md': MARKET_ARTICLE },
  users: [
    { name: 'tina', role: 'translator', locales: ['en'] },
    { name: 'rita', role: 'reviewer', locales: ['en'] },
    { name: 'ed', role: 'editor' },
  ],
  setup: async (tandem) => {
    const owners: Record<Role, string> = { translator: 'tina', reviewer: 'rita', editor: 'ed', admin: 'admin' };
    for (const role of ROLES) {
      const { secret } = await tandem.apiTokens.create({ owner: await tandem.users.get(owners[role]), name: `contract ${role}` });
      tokens.set(role, secret);
    }
    await tandem.glossary.importFile({ from: 'ko', to: 'en', content: 'source,target\n조선,Korea\n' });
    await tandem.articles.import({ file: 'big.md', content: BIG_ARTICLE, by: 'admin' });
    // Sample 10's segments: a person's text with a late machine draft beside it (a suggestion), one per role.
    const paragraphsOf = (await tandem.articles.get(BIG)).segments
      .filter((s) => !s.removedAt && /^문단/.test(s.source))
      .sort((a, b) => a.order - b.order);
    for (let i = 0; i < ROLES.length; i++) {
      const segment = paragraphsOf[10 * 4 + i]!;
      const n = /\d+/.exec(segment.source)![0];
      const ref = { slug: BIG, locale: 'en', segmentId: segment.id };
      await tandem.review.saveTranslation({
        ...ref,
        text: `Typed paragraph ${n}.`,
        baseRevision: 0,
        actor: { name: 'tina', role: 'translator', locales: ['en'] },
      });
      const late = await tandem.review.applyMachineDraft({ ...ref, text: `Machine paragraph ${n}.`, expectedRevision: 0 });
      expect(late.outcome).toBe('suggested');
    }
    // One approved, publishable article per role.
    for (const role of ROLES) {
      await tandem.articles.import({ file: `${PUB(role)}.md`, content: PUB_ARTICLE(role), by: 'admin' });
      const record = await tandem.articles.get(PUB(role));
      // The title is a segment too.
      for (const segment of record.segments) {
        const ref = { slug: PUB(role), locale: 'en', segmentId: segment.id };
        const text = segment.source.startsWith('게시 ') ? `Publishing ${role}` : 'A paragraph to publish.';
        const submitted = await tandem.review.submit({
          ...ref,
          text,
          baseRevision: 0,
          actor: { name: 'tina', role: 'translator', locales: ['en'] },
        });
        await tandem.review.approve({
          ...ref,
          baseRevision: submitted.revision,
          actor: { name: 'rita', role: 'reviewer', locales: ['en'] },
        });
      }
    }
  },
});
afterAll(async () => {
  await server.close();
  await new Promise<void>((resolve) => site.close(() => resolve()));
});

const routes = listRoutes(server.server.server.listeners('request')[0] as Express).filter((r) => r.path.startsWith('/api/v1/'));

async function api(role: Role, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, server.url), {
    method,
    headers: { authorization: `Bearer ${tokens.get(role)!}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const bigSegments = (
  (await (await api('admin', 'GET', `/api/v1/articles/${BIG}`)).json()) as { segments: { id: string; source: string }[] }
).segments.filter((s) => /^문단/.test(s.source));
const segmentIds = bigSegments.map((s) => s.id);
const segmentSources = bigSegments.map((s) => s.source);
const ROLE_INDEX = Object.fromEntries(ROLES.map((r, i) => [r, i])) as Record<Role, number>;
/** A segment of its own for each sample (by number) and role, so samples never meet. */
const seg = (sample: number, role: Role) => segmentIds[sample * 4 + ROLE_INDEX[role]]!;
/** The paragraph number in that segment's source (`문단 7의 내용이다.`), which a translation must keep (numbers check). */
const num = (sample: number, role: Role) => /\d+/.exec(segmentSources[sample * 4 + ROLE_INDEX[role]]!)![0];
const tr = (segmentId: string, suffix = '') => `/api/v1/articles/${BIG}/translations/en/${segmentId}${suffix}`;

/** Armed, DeepL answers the next translation request 456 (the quota is spent; a glossary upload before it is not refused). */
let quotaSpent = false;
server.fake!.onRequest((request) => {
  if (quotaSpent && request.path === '/v2/translate') {
    quotaSpent = false;
    server.fake!.failNext(456);
  }
});

/** The machine-translation queue's state (`paused` once the quota is spent, until resumed). */
async function mtState(): Promise<string> {
  return ((await (await api('admin', 'GET', '/api/v1/mt')).json()) as { state: string }).state;
}

async function etagOf(path: string): Promise<string> {
  const res = await api('admin', 'GET', path);
  await res.body?.cancel();
  return res.headers.get('etag')!;
}

/** Write as the translator: a text, then (optionally) submit it. */
async function translatorWrites(segmentId: string, text: string, submit: boolean): Promise<void> {
  const path = tr(segmentId);
  const saved = await api('translator', 'PUT', path, { text }, { 'if-match': await etagOf(path) });
  expect(saved.status).toBe(200);
  if (submit)
    expect((await api('translator', 'POST', tr(segmentId, '/submit'), {}, { 'if-match': saved.headers.get('etag')! })).status).toBe(200);
}

interface Sample {
  /** Answers a role with the permission may get. */
  readonly ok: readonly number[];
  readonly run: (role: Role) => Promise<Response>;
}

let jobId: string | null = null;
const SAMPLES: Readonly<Record<string, Sample>> = {
  'get /api/v1/articles': { ok: [200], run: (role) => api(role, 'GET', '/api/v1/articles?limit=2') },
  'post /api/v1/articles': {
    ok: [201],
    run: (role) =>
      api(role, 'POST', '/api/v1/articles', { content: `---\ntitle: 새 기사\n---\n\n${role} 문단.\n`, slug: `imported-${role}` }),
  },
  'get /api/v1/articles/:slug': { ok: [200], run: (role) => api(role, 'GET', `/api/v1/articles/${BIG}`) },
  'get /api/v1/articles/:slug/translations/:locale': {
    ok: [200],
    run: (role) => api(role, 'GET', `/api/v1/articles/${BIG}/translations/en`),
  },
  'get /api/v1/articles/:slug/translations/:locale/:segmentId': { ok: [200], run: (role) => api(role, 'GET', tr(seg(0, role))) },
  'get /api/v1/articles/:slug/checks/:locale': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'GET', `/api/v1/articles/${BIG}/checks/en`);
      // The typed paragraphs are translated: each is checked, as `tandem check` reports them.
      if (res.status === 200) expect(((await res.clone().json()) as { segments: unknown[] }).segments.length).toBeGreaterThan(0);
      return res;
    },
  },
  'get /api/v1/status': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'GET', '/api/v1/status?limit=1');
      // What `tandem status` prints: a page of one, a cursor to the rest, and the MT state with its key check.
      if (res.status === 200) {
        const body = (await res.clone().json()) as { articles: unknown[]; next: string | null; machineTranslation: { keyCheck: object } };
        expect(body.articles).toHaveLength(1);
        expect(body.next).not.toBeNull();
        expect(body.machineTranslation.keyCheck).toBeDefined();
      }
      return res;
    },
  },
  'get /api/v1/articles/:slug/status': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'GET', `/api/v1/articles/${PUB('admin')}/status`);
      if (res.status === 200) {
        const body = (await res.clone().json()) as { slug: string; publications: unknown[]; machineTranslation: unknown[] };
        expect(body.slug).toBe(PUB('admin'));
        expect(Array.isArray(body.publications) && Array.isArray(body.machineTranslation)).toBe(true);
      }
      return res;
    },
  },
  'get /api/v1/articles/:slug/segments': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'GET', `/api/v1/articles/${BIG}/segments?locale=en`);
      // Every live segment, the typed paragraphs with their translation and fresh check results.
      if (res.status === 200) {
        const body = (await res.clone().json()) as { locale: string; segments: { translation: { state: string }; checks: unknown[] }[] };
        expect(body.locale).toBe('en');
        expect(body.segments.length).toBeGreaterThan(60);
        expect(body.segments.some((s) => s.translation.state !== 'untranslated')).toBe(true);
      }
      return res;
    },
  },
  'put /api/v1/articles/:slug/translations/:locale/:segmentId': {
    ok: [200],
    run: async (role) =>
      api(role, 'PUT', tr(seg(1, role)), { text: `Paragraph by ${role}.` }, { 'if-match': await etagOf(tr(seg(1, role))) }),
  },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/submit': {
    ok: [200],
    run: async (role) =>
      api(role, 'POST', tr(seg(2, role), '/submit'), { text: 'Submitted.' }, { 'if-match': await etagOf(tr(seg(2, role))) }),
  },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/approve': {
    ok: [200],
    run: async (role) => {
      await translatorWrites(seg(3, role), `Paragraph ${num(3, role)} to approve.`, true);
      return api(role, 'POST', tr(seg(3, role), '/approve'), {}, { 'if-match': await etagOf(tr(seg(3, role))) });
    },
  },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/reject': {
    ok: [200],
    run: async (role) => {
      await translatorWrites(seg(4, role), `Paragraph ${num(4, role)} to reject.`, true);
      return api(role, 'POST', tr(seg(4, role), '/reject'), { comment: 'Say it plainly.' }, { 'if-match': await etagOf(tr(seg(4, role))) });
    },
  },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/comments': {
    ok: [201],
    run: async (role) =>
      api(role, 'POST', tr(seg(5, role), '/comments'), { comment: 'A question.' }, { 'if-match': await etagOf(tr(seg(5, role))) }),
  },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/checks/:checkId/dismissal': {
    ok: [200],
    run: async (role) => {
      await translatorWrites(seg(6, role), 'Is this the paragraph?', false);
      const path = tr(seg(6, role), '/checks/end-punctuation/dismissal');
      return api(role, 'POST', path, { reason: 'A question on purpose.' }, { 'if-match': await etagOf(tr(seg(6, role))) });
    },
  },
  'delete /api/v1/articles/:slug/translations/:locale/:segmentId/checks/:checkId/dismissal': {
    ok: [200],
    run: async (role) => {
      await translatorWrites(seg(7, role), 'Is this the paragraph?', false);
      const path = tr(seg(7, role), '/checks/end-punctuation/dismissal');
      const dismissed = await api('admin', 'POST', path, { reason: 'On purpose.' }, { 'if-match': await etagOf(tr(seg(7, role))) });
      expect(dismissed.status).toBe(200);
      return api(role, 'DELETE', path, undefined, { 'if-match': dismissed.headers.get('etag')! });
    },
  },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/mt': {
    ok: [200, 202],
    run: (role) => api(role, 'POST', tr(seg(8, role), '/mt'), {}),
  },
  'get /api/v1/queue': {
    ok: [200],
    run: async (role) => {
      // Walk the queue a page at a time with its own cursor: every item once.
      const seen = new Set<string>();
      let url: string | null = `/api/v1/queue?slug=${BIG}&locale=en&limit=25`;
      let last: Response | null = null;
      while (url) {
        last = await api(role, 'GET', url);
        if (last.status !== 200) return last;
        const page = (await last.clone().json()) as { items: { segmentId: string }[]; next: string | null; total: number };
        for (const item of page.items) {
          expect(seen.has(item.segmentId)).toBe(false);
          seen.add(item.segmentId);
        }
        url = page.next ? `/api/v1/queue?slug=${BIG}&locale=en&limit=25&cursor=${page.next}` : null;
        if (!url) expect(seen.size).toBe(page.total);
      }
      return last!;
    },
  },
  'get /api/v1/mt': { ok: [200], run: (role) => api(role, 'GET', '/api/v1/mt') },
  'get /api/v1/mt/progress': { ok: [200], run: (role) => api(role, 'GET', `/api/v1/mt/progress?slug=${BIG}`) },
  'post /api/v1/mt/jobs': { ok: [200, 202], run: (role) => api(role, 'POST', '/api/v1/mt/jobs', { locales: ['ja'], slugs: [BIG] }) },
  'get /api/v1/mt/jobs/:jobId': {
    ok: [200],
    run: async (role) => {
      if (!jobId) {
        const res = await api('admin', 'POST', '/api/v1/mt/jobs', { locales: ['zh-Hans'], slugs: [BIG] });
        jobId = ((await res.json()) as { jobId: string | null }).jobId;
        expect(jobId).toBeTruthy();
      }
      return api(role, 'GET', `/api/v1/mt/jobs/${jobId}`);
    },
  },
  'post /api/v1/mt/retry': { ok: [200], run: (role) => api(role, 'POST', '/api/v1/mt/retry', {}) },
  'post /api/v1/mt/resume': {
    ok: [200],
    run: async (role) => {
      // The quota spent: DeepL answers 456 to the re-run of a segment, and the queue pauses until someone resumes it.
      if ((await mtState()) !== 'paused') {
        quotaSpent = true;
        expect((await api('admin', 'POST', tr(seg(11, role), '/mt'), {})).status).toBe(202);
        await vi.waitFor(async () => expect(await mtState()).toBe('paused'), { timeout: 15_000, interval: 50 });
      }
      const res = await api(role, 'POST', '/api/v1/mt/resume');
      // Lifted by a role allowed to, and only by one: a refused call leaves the queue held.
      if (can(role, 'mt.queue')) expect(((await res.clone().json()) as { state: string }).state).not.toBe('paused');
      if (can(role, 'mt.queue')) expect(await mtState()).not.toBe('paused');
      else expect(await mtState()).toBe('paused');
      return res;
    },
  },
  'get /api/v1/articles/:slug/publications': { ok: [200], run: (role) => api(role, 'GET', `/api/v1/articles/${PUB(role)}/publications`) },
  'post /api/v1/articles/:slug/publications/:locale': {
    ok: [201],
    run: (role) => api(role, 'POST', `/api/v1/articles/${PUB(role)}/publications/en`, {}),
  },
  'get /api/v1/articles/:slug/publications/:locale/versions': {
    ok: [200],
    run: (role) => api(role, 'GET', `/api/v1/articles/pub-admin/publications/en/versions`),
  },
  'get /api/v1/articles/:slug/publications/:locale/versions/:version': {
    ok: [200],
    run: (role) => api(role, 'GET', `/api/v1/articles/pub-admin/publications/en/versions/1`),
  },
  'get /api/v1/articles/:slug/publications/:locale/diff': {
    ok: [200],
    run: (role) => api(role, 'GET', `/api/v1/articles/pub-admin/publications/en/diff?from=1&to=1`),
  },
  'get /api/v1/glossaries': { ok: [200], run: (role) => api(role, 'GET', '/api/v1/glossaries') },
  'get /api/v1/glossaries/:from/:to': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'GET', '/api/v1/glossaries/ko/en');
      if (res.status === 200) expect(((await res.clone().json()) as { entries: Record<string, string> }).entries).toHaveProperty('조선');
      return res;
    },
  },
  'put /api/v1/glossaries/:from/:to/entries': {
    ok: [200],
    run: (role) => api(role, 'PUT', '/api/v1/glossaries/ko/en/entries', { source: `용어${role}`, target: `term ${role}` }),
  },
  'get /api/v1/glossaries/:from/:to/entries': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'GET', '/api/v1/glossaries/ko/en/entries?q=용어');
      if (res.status === 200) expect(((await res.clone().json()) as { total: number }).total).toBe(2);
      return res;
    },
  },
  'delete /api/v1/glossaries/:from/:to/entries': {
    ok: [204],
    run: (role) => api(role, 'DELETE', `/api/v1/glossaries/ko/en/entries?source=${encodeURIComponent(`용어${role}`)}`),
  },
  'post /api/v1/confidential': {
    ok: [201],
    run: (role) => api(role, 'POST', '/api/v1/confidential', { term: `김${role}`, render: 'a source' }),
  },
  'get /api/v1/confidential': { ok: [200], run: (role) => api(role, 'GET', '/api/v1/confidential') },
  'delete /api/v1/confidential': {
    ok: [204],
    run: (role) => api(role, 'DELETE', `/api/v1/confidential?term=${encodeURIComponent(`김${role}`)}`),
  },
  'post /api/v1/memory/tmx': {
    ok: [200],
    run: (role) =>
      api(role, 'POST', '/api/v1/memory/tmx', {
        content: `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ko" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="hand" creationtoolversion="1"/><body><tu><tuv xml:lang="ko"><seg>쌀값이 올랐다 ${role}</seg></tuv><tuv xml:lang="en"><seg>Rice prices rose ${role}</seg></tuv></tu></body></tmx>`,
      }),
  },
  'get /api/v1/memory/:from/:to/matches': {
    ok: [200],
    run: (role) => api(role, 'GET', `/api/v1/memory/ko/en/matches?q=${encodeURIComponent('쌀값이 올랐다 admin')}`),
  },
  'get /api/v1/memory/:from/:to/concordance': {
    ok: [200],
    run: (role) => api(role, 'GET', `/api/v1/memory/ko/en/concordance?q=${encodeURIComponent('쌀값')}`),
  },
  'get /api/v1/memory/:from/:to/tmx': { ok: [200], run: (role) => api(role, 'GET', '/api/v1/memory/ko/en/tmx') },
  'get /api/v1/usage': { ok: [200], run: (role) => api(role, 'GET', '/api/v1/usage') },
  'get /api/v1/users': { ok: [200], run: (role) => api(role, 'GET', '/api/v1/users') },
  'post /api/v1/users': {
    ok: [201],
    run: (role) => api(role, 'POST', '/api/v1/users', { name: `new-${role}`, role: 'translator', locales: ['en'] }),
  },
  'get /api/v1/users/:name': { ok: [200], run: (role) => api(role, 'GET', '/api/v1/users/tina') },
  'put /api/v1/users/:name/access': {
    ok: [200],
    run: (role) => api(role, 'PUT', `/api/v1/users/new-admin/access`, { locales: ['en', 'ja'] }),
  },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/memory-match': {
    ok: [200],
    run: async (role) => {
      const source = segmentSources[9 * 4 + ROLE_INDEX[role]]!;
      const tmx = `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ko" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="hand" creationtoolversion="1"/><body><tu><tuv xml:lang="ko"><seg>${source}</seg></tuv><tuv xml:lang="en"><seg>Remembered paragraph ${num(9, role)}.</seg></tuv></tu></body></tmx>`;
      expect((await api('admin', 'POST', '/api/v1/memory/tmx', { content: tmx })).status).toBe(200);
      const res = await api(
        role,
        'POST',
        tr(seg(9, role), '/memory-match'),
        { match: { index: 0 } },
        { 'if-match': await etagOf(tr(seg(9, role))) },
      );
      if (res.status === 200) expect(((await res.clone().json()) as { text: string }).text).toBe(`Remembered paragraph ${num(9, role)}.`);
      return res;
    },
  },
  'post /api/v1/articles/:slug/translations/:locale/:segmentId/suggestion': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'POST', tr(seg(10, role), '/suggestion'), {}, { 'if-match': await etagOf(tr(seg(10, role))) });
      if (res.status === 200) expect(((await res.clone().json()) as { text: string }).text).toBe(`Machine paragraph ${num(10, role)}.`);
      return res;
    },
  },
  'post /api/v1/articles/:slug/translations/:locale/submit-all': {
    ok: [200],
    run: (role) => api(role, 'POST', `/api/v1/articles/${BIG}/translations/en/submit-all`),
  },
  'post /api/v1/articles/:slug/translations/:locale/approve-all': {
    ok: [200],
    run: (role) => api(role, 'POST', `/api/v1/articles/${BIG}/translations/en/approve-all`, {}),
  },
  'post /api/v1/glossaries/:from/:to/csv': {
    ok: [200],
    run: (role) => api(role, 'POST', '/api/v1/glossaries/ko/en/csv', { content: `source,target\n낱말${role},word ${role}\n` }),
  },
  'get /api/v1/glossaries/:from/:to/csv': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'GET', '/api/v1/glossaries/ko/en/csv');
      if (res.status === 200) expect(await res.clone().text()).toContain('"낱말admin","word admin"');
      return res;
    },
  },
  'post /api/v1/users/:name/password': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'POST', '/api/v1/users/new-admin/password');
      if (res.status === 200) expect(((await res.clone().json()) as { password: string }).password.length).toBeGreaterThan(11);
      return res;
    },
  },
  'get /api/v1/mt/budget': { ok: [200], run: (role) => api(role, 'GET', '/api/v1/mt/budget') },
  'put /api/v1/mt/budget': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'PUT', '/api/v1/mt/budget', { characters: 4000 + ROLE_INDEX[role] });
      if (res.status === 200)
        expect(await res.clone().json()).toMatchObject({
          charactersPerDay: 4000 + ROLE_INDEX[role],
          setBy: role === 'admin' ? 'admin' : 'ed',
        });
      return res;
    },
  },
  'delete /api/v1/memory/entries/:id': {
    ok: [200],
    run: async (role) => {
      const source = `지울 문장이다 ${role}`;
      const tmx = `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ko" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="hand" creationtoolversion="1"/><body><tu><tuv xml:lang="ko"><seg>${source}</seg></tuv><tuv xml:lang="en"><seg>A sentence to delete ${role}</seg></tuv></tu></body></tmx>`;
      expect((await api('admin', 'POST', '/api/v1/memory/tmx', { content: tmx })).status).toBe(200);
      const found = await api('admin', 'GET', `/api/v1/memory/ko/en/matches?q=${encodeURIComponent(source)}&threshold=100`);
      const id = ((await found.json()) as { items: { entry: { id: string } }[] }).items[0]!.entry.id;
      return api(role, 'DELETE', `/api/v1/memory/entries/${encodeURIComponent(id)}`);
    },
  },
  'get /api/v1/effort': { ok: [200], run: (role) => api(role, 'GET', '/api/v1/effort?locale=en') },
  'get /api/v1/articles/:slug/effort': { ok: [200], run: (role) => api(role, 'GET', `/api/v1/articles/${PUB(role)}/effort`) },
  'get /api/v1/xliff/:locale': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'GET', `/api/v1/xliff/en?slug=${PUB(role)}&version=2.0`);
      if (res.status === 200) expect(await res.clone().text()).toContain('urn:oasis:names:tc:xliff:document:2.0');
      return res;
    },
  },
  'post /api/v1/xliff/:locale': {
    ok: [200],
    run: async (role) => {
      const content = await (await api('admin', 'GET', `/api/v1/xliff/en?slug=${PUB(role)}`)).text();
      const res = await api(role, 'POST', '/api/v1/xliff/en', { content, agency: `Agency ${role}` });
      if (res.status === 200) expect(await res.clone().json()).toMatchObject({ locale: 'en', agency: `Agency ${role}` });
      return res;
    },
  },
  'delete /api/v1/articles/:slug/publications/:locale': {
    ok: [200],
    run: (role) => api(role, 'DELETE', `/api/v1/articles/${PUB(role)}/publications/en`),
  },
  'post /api/v1/feed/poll': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'POST', '/api/v1/feed/poll', {});
      if (res.status === 200) expect(await res.clone().json()).toMatchObject({ status: 'not-modified', outcomes: [] });
      return res;
    },
  },
  'get /api/v1/tokens': {
    ok: [200],
    run: async (role) => {
      const res = await api(role, 'GET', '/api/v1/tokens?user=ed');
      if (res.status === 200) {
        const { items } = (await res.clone().json()) as { items: Record<string, unknown>[] };
        expect(items.map((t) => [t.user, t.name])).toContainEqual(['ed', 'contract editor']);
        // Never a secret or its hash.
        expect(JSON.stringify(items)).not.toMatch(/tdm_|"hash"/);
      }
      return res;
    },
  },
  'post /api/v1/tokens': {
    ok: [201],
    run: async (role) => {
      const res = await api(role, 'POST', '/api/v1/tokens', { user: 'tina', name: `made by ${role}`, readOnly: true, days: 1 });
      if (res.status === 201) {
        const made = (await res.clone().json()) as { secret: string; token: { user: string; readOnly: boolean } };
        expect(made.secret).toMatch(/^tdm_/);
        expect(made.token).toMatchObject({ user: 'tina', readOnly: true });
      }
      return res;
    },
  },
  'delete /api/v1/tokens/:id': {
    ok: [200],
    run: async (role) => {
      const made = await api('admin', 'POST', '/api/v1/tokens', { user: 'rita', name: `to revoke by ${role}` });
      const { token } = (await made.json()) as { token: { id: string } };
      const res = await api(role, 'DELETE', `/api/v1/tokens/${token.id}`);
      if (res.status === 200) expect(await res.clone().json()).toMatchObject({ id: token.id, state: 'revoked' });
      return res;
    },
  },
};

describe('the API’s contract with a token of each role', () => {
  it('when the route table is read, then every /api/v1 route has a sample here and every sample a route', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(
      keys.filter((k) => !SAMPLES[k]),
      'add a sample for each new API route',
    ).toEqual([]);
    expect(Object.keys(SAMPLES).filter((k) => !keys.includes(k))).toEqual([]);
  });

  // In table order: the publish samples rely on the ones before them (publish before versions, unpublish last).
  it.each(Object.keys(SAMPLES))(
    'when %s is called by each role, then the allowed succeed and the others get a 403 problem',
    async (key) => {
      const route = routes.find((r) => `${r.method} ${r.path}` === key)!;
      const sample = SAMPLES[key]!;
      for (const role of ROLES) {
        const res = await sample.run(role);
        const text = await res.text();
        if (can(role, route.permission as Permission)) {
          expect(sample.ok, `${role} → ${key}: ${res.status} ${text.slice(0, 300)}`).toContain(res.status);
          if (res.status !== 204) expect(res.headers.get('content-type')).toMatch(/^(application\/(json|x-tmx\+xml|xliff\+xml)|text\/csv)/);
        } else {
          expect(res.status, `${role} → ${key}: ${text.slice(0, 300)}`).toBe(403);
          expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(JSON.parse(text)).toMatchObject({ status: 403, type: '/api/docs#problem-forbidden', reason: 'role.forbidden' });
        }
      }
    },
  );
});
