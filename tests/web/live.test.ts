import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlug } from '../../src/core/slug.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import { openSse, type SseReader } from '../support/sse.ts';
import { Client } from './helpers.ts';

// The live stream over a real HTTP server on an ephemeral port, read as a browser's EventSource would read it.
let app: ReviewApp;
const clients = new Map<string, Client>();
const open: SseReader[] = [];
const KO_STATES = JSON.parse(readFileSync('locales/ko/review.json', 'utf8')).states as Record<string, string>;

beforeAll(async () => {
  app = await startReviewApp({
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
      { name: 'jun', role: 'translator', locales: ['ja'] },
      { name: 'ed', role: 'editor' },
    ],
    live: {},
  });
  for (const name of ['tina', 'rita', 'jun', 'ed']) clients.set(name, await app.loginAs(name));
});
afterAll(async () => {
  for (const reader of open) await reader.close();
  await app.close();
});

const who = (name: string) => clients.get(name)!;
let articles = 0;

async function fresh() {
  const slug = `live-${++articles}`;
  await app.rig.import(slug, MARKET_ARTICLE);
  const record = (await app.rig.store.get(parseSlug(slug)))!;
  const ids = [...record.segments].sort((a, b) => a.order - b.order).map((s) => s.id);
  const revision = async (id: string, locale = 'en') =>
    String((await app.rig.store.get(parseSlug(slug)))!.translations.find((t) => t.segmentId === id && t.locale === locale)!.revision);
  const post = async (name: string, locale: string, path: string, fields: Record<string, string> = {}) => {
    await who(name).page(`/review/${slug}/${locale}`);
    return who(name).post(`/review/${slug}/${locale}/${path}`, fields);
  };
  return { slug, ids, revision, post };
}

async function stream(name: string, path: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const reader = await openSse(who(name), path, headers);
  open.push(reader);
  return reader;
}

describe('live review stream', () => {
  it('when user B approves a segment, then the change arrives on user A’s stream with its state in A’s language', async () => {
    const a = await fresh();
    const [title] = a.ids;
    await a.post('tina', 'en', `${title}/submit`, { text: 'Market prices rise again', baseRevision: '0' });
    const tina = await stream('tina', `/events/review/${a.slug}/en`);
    expect(tina.response.status).toBe(200);
    expect(tina.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(tina.response.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(tina.response.headers.get('x-accel-buffering')).toBe('no');

    expect((await a.post('rita', 'en', `${title}/approve`, { baseRevision: await a.revision(title!) })).status).toBe(303);
    const { data } = await tina.next('segment-changed');
    expect(data).toMatchObject({
      slug: a.slug,
      locale: 'en',
      segmentId: title,
      state: 'approved',
      by: 'rita',
      text: 'Market prices rise again',
      revision: Number(await a.revision(title!)),
      label: KO_STATES.approved,
    });
    expect(data.notice).toContain('rita');
  });

  it('when another locale or article changes, then the stream lets it pass; its own article and locale come through', async () => {
    const a = await fresh();
    const b = await fresh();
    const tina = await stream('tina', `/events/review/${a.slug}/en`);
    await a.post('jun', 'ja', `${a.ids[0]}/save`, { text: '市場の物価', baseRevision: '0' });
    await b.post('tina', 'en', `${b.ids[0]}/save`, { text: 'Elsewhere', baseRevision: '0' });
    await a.post('tina', 'en', `${a.ids[1]}/save`, { text: 'Here', baseRevision: '0' });
    const { data } = await tina.next('segment-changed');
    expect(data).toMatchObject({ slug: a.slug, locale: 'en', segmentId: a.ids[1], text: 'Here', state: 'draft' });
  });

  it('when someone types and then leaves the field, then others see their name come and go', async () => {
    const a = await fresh();
    const rita = await stream('rita', `/events/review/${a.slug}/en`);
    await a.post('tina', 'en', `${a.ids[2]}/lock`);
    expect((await rita.next('presence')).data).toMatchObject({ segmentId: a.ids[2], names: ['tina'] });
    await a.post('tina', 'en', `${a.ids[2]}/lock`, { release: '1' });
    expect((await rita.next('presence')).data).toMatchObject({ segmentId: a.ids[2], names: [] });
  });

  it('when a page connects while someone is typing, then the stream starts with who is typing where', async () => {
    const a = await fresh();
    await a.post('tina', 'en', `${a.ids[3]}/lock`);
    const rita = await stream('rita', `/events/review/${a.slug}/en`);
    expect((await rita.next('presence')).data).toMatchObject({ segmentId: a.ids[3], names: ['tina'] });
  });

  it('when a browser reconnects, then it first gets the current state of every segment and the MT progress', async () => {
    const a = await fresh();
    await a.post('tina', 'en', `${a.ids[0]}/save`, { text: 'While away', baseRevision: '0' });
    const again = await stream('rita', `/events/review/${a.slug}/en`, { 'last-event-id': '1' });
    const { data } = await again.next('segment-changed', (d) => d.segmentId === a.ids[0]);
    expect(data).toMatchObject({ text: 'While away', state: 'draft', by: 'tina' });
  });

  it('when a session opens more streams than its share, then its oldest stream is ended', async () => {
    const a = await fresh();
    const first = await stream('ed', `/events/review/${a.slug}/en`);
    for (let i = 0; i < 6; i++) await stream('ed', `/events/review/${a.slug}/en`);
    await first.ended();
  });

  it.each([
    ['an anonymous visitor', null, (slug: string) => `/events/review/${slug}/en`, 303],
    ['a locale that is no target', 'tina', (slug: string) => `/events/review/${slug}/xx`, 400],
    ['an article that does not exist', 'tina', () => '/events/review/no-such-article/en', 404],
  ] as const)('when %s asks for a stream, then it is refused before any stream opens', async (_what, name, path, status) => {
    const a = await fresh();
    const client = name ? who(name) : new Client(app.url);
    const res = await client.request('GET', path(a.slug), { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type') ?? '').not.toContain('text/event-stream');
    await res.body?.cancel();
  });
});

describe('live articles stream', () => {
  it('when machine translation is queued and drained, then the editor’s stream gets each progress row, then its removal', async () => {
    const a = await fresh();
    const ed = await stream('ed', '/events/articles');
    await app.rig.service.enqueue({ slugs: [a.slug], locales: ['en'], by: 'ed' });
    const queued = await ed.next('mt-progress', (d) => d.key === `${a.slug} en`);
    expect(queued.data.html).toMatch(new RegExp(`^<tr data-mt-row="${a.slug} en">`));
    expect(queued.data.html).toContain(`href="/review/${a.slug}/en"`);
    await app.rig.service.drain();
    const running = await ed.next('mt-progress', (d) => d.key === `${a.slug} en`);
    expect(running.data.html).toContain('class="mt-running">');
    expect((await ed.next('mt-progress', (d) => d.key === `${a.slug} en` && d.html === null)).data).toEqual({
      key: `${a.slug} en`,
      html: null,
    });
  });
});

describe('session end', () => {
  it('when the person logs out, then their open stream ends at the next heartbeat', async () => {
    const other = await startReviewApp({ users: [{ name: 'ed', role: 'editor' }], live: { heartbeatMs: 50 } });
    try {
      const ed = await other.loginAs('ed');
      const reader = await openSse(ed, '/events/articles');
      await ed.page('/');
      expect((await ed.post('/logout')).status).toBe(303);
      await reader.ended();
    } finally {
      await other.close();
    }
  });
});

describe('shutdown', () => {
  it('when the server stops with streams open, then they end and the shutdown does not wait for them', async () => {
    const other = await startReviewApp({ users: [{ name: 'ed', role: 'editor' }], live: {} });
    const reader = await openSse(await other.loginAs('ed'), '/events/articles');
    const ended = reader.ended();
    const started = performance.now();
    await other.close();
    await ended;
    // Without ending them, the server would wait its 10 s grace period and then cut the connections.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
