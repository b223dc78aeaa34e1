import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTandem, type Tandem } from '../../src/main.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { freshDatabase } from '../support/postgres.ts';
import { openSse, type SseReader } from '../support/sse.ts';
import { type RealServer, startRealServer } from '../support/tandem-server.ts';
import { Client, clientsFor } from './helpers.ts';

// Two Tandem servers as `tandem serve` builds them, each with its own data directory, on one PostgreSQL database:
// what a load balancer in front of two web instances gives its users.
let a: RealServer;
let b: RealServer;
/** A third opening of the database, without the lock: the test's view of what is stored. */
let eyes: Tandem;
const streams: SseReader[] = [];
const SLUG = 'market-prices';
/** An article without numbers or markup, so plain English texts pass every check. */
const PLAIN = '---\ntitle: 짧은 소식\nslug: plain-news\n---\n\n오늘은 조용한 하루였다.\n\n내일도 그럴 것이다.\n';
const PLAIN_EN = ['Short news', 'Today was a quiet day.', 'Tomorrow will be too.'];

beforeAll(async () => {
  const env = { TANDEM_DATABASE_URL: await freshDatabase() };
  a = await startRealServer({
    deepl: false,
    env,
    articles: { 'market-prices.md': MARKET_ARTICLE, 'plain-news.md': PLAIN },
    users: [
      { name: 'tina', role: 'translator', locales: ['en', 'ja'] },
      { name: 'rita', role: 'reviewer', locales: ['en', 'ja'] },
      { name: 'rob', role: 'reviewer', locales: ['en', 'ja'] },
      { name: 'ed', role: 'editor' },
    ],
  });
  b = await startRealServer({ deepl: false, env });
  eyes = await openTandem(a.config, { lock: false });
  // Two servers with their database connections: more than the default hook time on a loaded two-core machine.
}, 120_000);
afterAll(async () => {
  for (const stream of streams) await stream.close();
  await eyes?.close();
  await Promise.all([a?.close(), b?.close()]);
});

async function segments(slug = SLUG): Promise<string[]> {
  const record = (await eyes.articles.get(slug))!;
  return [...record.segments].sort((x, y) => x.order - y.order).map((s) => s.id);
}

async function translation(segmentId: string, locale = 'en', slug = SLUG) {
  const record = (await eyes.articles.get(slug))!;
  return record.translations.find((t) => t.segmentId === segmentId && t.locale === locale)!;
}

async function stream(client: Client, path: string): Promise<SseReader> {
  const reader = await openSse(client, path);
  streams.push(reader);
  expect(reader.response.status).toBe(200);
  return reader;
}

/** POST a review form as `client`, after reading the page for its CSRF token. */
async function post(client: Client, locale: string, path: string, fields: Record<string, string> = {}): Promise<Response> {
  await client.page(`/review/${SLUG}/${locale}`);
  return client.post(`/review/${SLUG}/${locale}/${path}`, fields);
}

describe('two Tandem instances on one PostgreSQL database', () => {
  it('when a translator saves on A, then a page open on B gets the change live', async () => {
    const [, second] = await segments();
    const rita = await clientsFor(b.url).loginAs('rita');
    const live = await stream(rita, `/events/review/${SLUG}/en`);
    const tina = await clientsFor(a.url).loginAs('tina');
    expect((await post(tina, 'en', `${second}/save`, { text: 'Saved on A', baseRevision: '0' })).status).toBe(303);
    const { data } = await live.next('segment-changed', (d) => d.segmentId === second);
    expect(data).toMatchObject({ slug: SLUG, locale: 'en', text: 'Saved on A', by: 'tina', state: 'draft', revision: 1 });
  });

  it('when a translator types on A, then a colleague on B sees who is editing, and sees it go when they leave', async () => {
    const [, , third] = await segments();
    const rob = await clientsFor(b.url).loginAs('rob');
    const live = await stream(rob, `/events/review/${SLUG}/en`);
    const tina = await clientsFor(a.url).loginAs('tina');
    expect((await post(tina, 'en', `${third}/lock`)).status).toBe(200);
    expect((await live.next('presence', (d) => d.segmentId === third)).data.names).toEqual(['tina']);
    // B keeps the mark itself: its lock answers and a page that connects now show it too.
    const locks = await rob.request('GET', `/review/${SLUG}/en/locks`, { headers: { accept: 'application/json' } });
    expect(await locks.json()).toEqual({ segments: { [third!]: ['tina'] } });
    const late = await stream(rob, `/events/review/${SLUG}/en`);
    expect((await late.next('presence', (d) => d.segmentId === third)).data.names).toEqual(['tina']);
    const answer = await post(rob, 'en', `${third}/lock`);
    expect(await answer.json()).toEqual({ others: ['tina'] });
    await live.next('presence', (d) => d.segmentId === third && d.names.join() === 'rob,tina');

    expect((await post(tina, 'en', `${third}/lock`, { release: '1' })).status).toBe(200);
    expect((await live.next('presence', (d) => d.segmentId === third)).data.names).toEqual(['rob']);
    const after = await rob.request('GET', `/review/${SLUG}/en/locks`, { headers: { accept: 'application/json' } });
    expect(await after.json()).toEqual({ segments: {} });
  });

  it('when a reviewer submitted text on A, then they cannot approve it on B, and a second reviewer on B can', async () => {
    // The heading "배경": no markup or figures, so the text passes every check and only the four-eyes rule decides.
    const [, , fourth] = await segments();
    const ritaOnA = await clientsFor(a.url).loginAs('rita');
    expect((await post(ritaOnA, 'ja', `${fourth}/submit`, { text: '背景', baseRevision: '0' })).status).toBe(303);
    const submitted = await translation(fourth!, 'ja');
    expect(submitted).toMatchObject({ state: 'submitted', textBy: 'rita' });

    const ritaOnB = await clientsFor(b.url).loginAs('rita');
    const refused = await post(ritaOnB, 'ja', `${fourth}/approve`, { baseRevision: String(submitted.revision) });
    expect(refused.status).toBe(403);
    expect(await translation(fourth!, 'ja')).toMatchObject({ state: 'submitted', revision: submitted.revision });

    const robOnB = await clientsFor(b.url).loginAs('rob');
    expect((await post(robOnB, 'ja', `${fourth}/approve`, { baseRevision: String(submitted.revision) })).status).toBe(303);
    expect(await translation(fourth!, 'ja')).toMatchObject({ state: 'approved' });
  });

  it('when an editor publishes one locale on A and on B at the same time, then exactly one new version is recorded', async () => {
    // Every segment translated by tina and approved by rita.
    const tina = { name: 'tina', role: 'translator', locales: ['en'] };
    const ids = await segments('plain-news');
    for (const [i, id] of ids.entries()) {
      const { revision } = await translation(id, 'en', 'plain-news');
      await eyes.review.submit({
        slug: 'plain-news',
        segmentId: id,
        locale: 'en',
        text: PLAIN_EN[i]!,
        baseRevision: revision,
        actor: tina,
      });
    }
    const reviewer = { name: 'rita', role: 'reviewer', locales: ['en'] };
    expect(await eyes.review.approveAll({ slug: 'plain-news', locale: 'en', actor: reviewer })).toMatchObject({ approved: 3, skipped: 0 });

    const editors = [await clientsFor(a.url).loginAs('ed'), await clientsFor(b.url).loginAs('ed')];
    for (const ed of editors) await ed.page('/publish/plain-news');
    const answers = await Promise.all([0, 1, 0, 1, 0, 1].map((i) => editors[i]!.post('/publish/plain-news/en')));
    expect(await eyes.publish.versions('plain-news', 'en').then((versions) => versions.map((v) => v.version))).toEqual([1]);
    const locations = answers.map((res) => res.headers.get('location') ?? String(res.status));
    // The loser of the race looks again and finds that version holds the same texts, as a second publish on one
    // instance does.
    expect(locations.filter((l) => l.includes('done=published&locale=en&version=1'))).toHaveLength(1);
    expect(locations.filter((l) => l.includes('done=unchanged&locale=en&version=1'))).toHaveLength(5);
  });

  it('when someone logs in on A, then their session works on B, and logging out on A ends it on B', async () => {
    const onA = await clientsFor(a.url).loginAs('tina');
    const onB = new Client(b.url);
    for (const [name, value] of onA.cookies) onB.cookies.set(name, value);
    expect((await onB.request('GET', '/queue')).status).toBe(200);
    expect((await onA.post('/logout')).status).toBe(303);
    const after = await onB.request('GET', '/queue');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toContain('/login');
  });
});
