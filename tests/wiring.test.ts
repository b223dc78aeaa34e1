import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type TandemConfig } from '../src/config.ts';
import type { ArticleRecord, Translation } from '../src/core/model.ts';
import { openTandem, webAppDeps, type Tandem } from '../src/main.ts';
import { createApp } from '../src/web/app.ts';
import { startServer, type RunningServer } from '../src/web/server.ts';
import { FakeDeepl } from './fake-deepl/server.ts';
import { openSse } from './support/sse.ts';
import { Client } from './web/helpers.ts';

// The application exactly as `tandem serve` builds it: main.ts's own openTandem over a lowdb data directory, and
// createApp over main.ts's own webAppDeps. Each hook main.ts wires (import → MT queue, save → quality checks,
// approval → translation memory) has one test here, so dropping a hook fails exactly one of them.

const PASSWORD = 'wiring test password';
const TITLE = '쌀값 한 달 새 두 배';
const PARAGRAPH = '쌀 1kg 가격이 8000원에 이르렀다.';
const ARTICLE = (slug: string) => `---\ntitle: ${TITLE}\nslug: ${slug}\ndate: 2024-05-01\n---\n\n${PARAGRAPH}\n`;

let root: string;
let fake: FakeDeepl;
let config: TandemConfig;
let tandem: Tandem;
let server: RunningServer;
let articles = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tandem-wiring-'));
  await mkdir(join(root, 'articles'));
  fake = await FakeDeepl.start();
  config = loadConfig(
    {
      TANDEM_DATA_DIR: join(root, 'data'),
      TANDEM_CONTENT_DIR: join(root, 'content'),
      TANDEM_PUBLISH_DIR: join(root, 'publish'),
      TANDEM_TARGET_LOCALES: 'en',
      LOG_LEVEL: 'silent',
      DEEPL_AUTH_KEY: 'test-key:fx',
      DEEPL_SERVER_URL: fake.url,
    },
    root,
  );
  const logger = pino({ level: 'silent' });
  tandem = await openTandem(config, { lock: true, logger });
  for (const [name, role] of [
    ['tina', 'translator'],
    ['rita', 'reviewer'],
  ] as const) {
    await tandem.users.add({ name, role, locales: ['en'], password: PASSWORD });
  }
  server = await startServer(createApp(webAppDeps(tandem, config, logger)), { port: 0, host: '127.0.0.1', logger, handleSignals: false });
});

afterAll(async () => {
  await server?.close();
  await tandem?.close();
  await fake?.close();
  await rm(root, { recursive: true, force: true });
});

/** A newly imported article of its own (title and one paragraph), imported the way `tandem import` does. */
async function importArticle(): Promise<{
  slug: string;
  record: () => Promise<ArticleRecord>;
  segmentId: (source: string) => Promise<string>;
}> {
  const slug = `wiring-${++articles}`;
  const file = join(root, 'articles', `${slug}.md`);
  await writeFile(file, ARTICLE(slug));
  const [outcome] = await tandem.imports.importFiles([file], 'wiring-test');
  expect(outcome?.ok).toBe(true);
  const record = () => tandem.articles.get(slug);
  const segmentId = async (source: string) => {
    const segment = (await record()).segments.find((s) => s.source === source);
    if (!segment) throw new Error(`wiring test: no segment "${source}" in ${slug}`);
    return segment.id;
  };
  return { slug, record, segmentId };
}

async function english(record: ArticleRecord, segmentId: string): Promise<Translation> {
  const row = record.translations.find((t) => t.segmentId === segmentId && t.locale === 'en');
  if (!row) throw new Error(`wiring test: no English row for ${segmentId}`);
  return row;
}

async function loginAs(name: string): Promise<Client> {
  const client = new Client(server.url);
  const res = await client.login(name, PASSWORD);
  expect(res.status).toBe(303);
  return client;
}

/** POST a review form as `client`, with the form token of the review page it just opened. */
async function postReview(client: Client, slug: string, path: string, fields: Record<string, string>): Promise<Response> {
  await client.page(`/review/${slug}/en`);
  return client.post(`/review/${slug}/en/${path}`, fields);
}

describe('the application as main.ts wires it', () => {
  it('when an article is imported, then machine translation is queued for its segments and the drafts arrive', async () => {
    const before = await tandem.mt.progress();
    const article = await importArticle();
    const queued = await tandem.mt.progress();
    expect(queued.remaining - before.remaining).toBe(2);

    await tandem.mt.drain();
    const record = await article.record();
    expect(await english(record, await article.segmentId(PARAGRAPH))).toMatchObject({
      text: FakeDeepl.translation(PARAGRAPH, 'EN-US'),
      origin: 'machine',
    });
    expect(fake.textsReceived).toEqual(expect.arrayContaining([TITLE, PARAGRAPH]));
  });

  it('when a translator saves a text that drops a number, then the failed check is stored with the translation', async () => {
    const article = await importArticle();
    const paragraph = await article.segmentId(PARAGRAPH);
    const tina = await loginAs('tina');
    const baseRevision = String((await english(await article.record(), paragraph)).revision);
    const res = await postReview(tina, article.slug, `${paragraph}/save`, { text: 'Rice now costs 8000 won.', baseRevision });
    expect(res.status).toBe(303);

    const saved = await english(await article.record(), paragraph);
    expect(saved.text).toBe('Rice now costs 8000 won.');
    expect(saved.checks).toEqual([{ checkId: 'numbers', severity: 'error', detail: { missing: ['1'], extra: [] } }]);
  });

  it('when a reviewer approves a submitted translation, then the pair reaches the translation memory', async () => {
    const article = await importArticle();
    const title = await article.segmentId(TITLE);
    const tina = await loginAs('tina');
    const rita = await loginAs('rita');
    const text = 'Rice prices double in a month';
    const opened = String((await english(await article.record(), title)).revision);
    expect((await postReview(tina, article.slug, `${title}/submit`, { text, baseRevision: opened })).status).toBe(303);
    const submitted = String((await english(await article.record(), title)).revision);
    expect((await postReview(rita, article.slug, `${title}/approve`, { baseRevision: submitted })).status).toBe(303);

    const entries = (await tandem.memory.entries('en', 'ko')).filter((entry) => entry.slug === article.slug);
    expect(entries.map(({ source, target, segmentId, approvedBy }) => ({ source, target, segmentId, approvedBy }))).toEqual([
      { source: TITLE, target: text, segmentId: title, approvedBy: 'rita' },
    ]);
  });

  it('when the queue drains, someone types and a translator submits, then an open review page hears of each (SSE)', async () => {
    const article = await importArticle();
    const paragraph = await article.segmentId(PARAGRAPH);
    const tina = await loginAs('tina');
    const rita = await loginAs('rita');
    const page = await openSse(rita, `/events/review/${article.slug}/en`);
    try {
      await tandem.mt.drain();
      // Drafts are stored before their queue items are done.
      expect((await page.next('segment-changed', (d) => d.segmentId === paragraph)).data).toMatchObject({ state: 'draft', by: 'machine' });
      expect((await page.next('mt-progress', (d) => d.html === null)).data.key).toBe(`${article.slug} en`);
      await postReview(tina, article.slug, `${paragraph}/lock`, {});
      expect((await page.next('presence')).data).toMatchObject({ segmentId: paragraph, names: ['tina'] });
      const opened = String((await english(await article.record(), paragraph)).revision);
      await postReview(tina, article.slug, `${paragraph}/submit`, { text: 'Rice costs 8000 won a kilogram', baseRevision: opened });
      expect((await page.next('segment-changed', (d) => d.segmentId === paragraph)).data).toMatchObject({ state: 'submitted', by: 'tina' });
    } finally {
      await page.close();
    }
  });

  it('when TANDEM_TRUST_PROXY is set, then the web app gets it as its trust proxy setting', () => {
    const behindProxy = loadConfig({ TANDEM_DATA_DIR: join(root, 'data'), TANDEM_TRUST_PROXY: '1' }, root);
    expect(webAppDeps(tandem, behindProxy, pino({ level: 'silent' })).config?.trustProxy).toBe(1);
    expect(webAppDeps(tandem, config, pino({ level: 'silent' })).config?.trustProxy).toBe(false);
  });
});
