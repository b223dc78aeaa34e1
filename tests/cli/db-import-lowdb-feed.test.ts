import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/postgres.ts';
import { withTandem } from './cli-setup.ts';
import { lines, runInProcess, workspace } from './run-tandem.ts';
import { type FeedServer, serveFeed } from '../support/feed-server.ts';

// The feed poller's memory (which items became which article) moves to PostgreSQL with `tandem db import-lowdb`.
// Without it the poller on PostgreSQL takes every item in the feed for new: an item whose permalink changed since
// (the site renamed it) would then become a second article under the slug of its new link.

let feed: FeedServer;
let url: string;
let ws: Awaited<ReturnType<typeof workspace>>;

beforeAll(async () => {
  feed = await serveFeed('wordpress-rss.xml');
  url = feed.url;
  ws = await workspace();
});
afterAll(async () => {
  await feed.close();
  await ws.cleanup();
});

describe('tandem db import-lowdb and the feed', () => {
  it('when items imported from the feed are copied, then the poller on PostgreSQL skips them, renamed permalink included, and a second copy finds them present', {
    timeout: 120_000,
  }, async () => {
    const lowdb = { TANDEM_DATA_DIR: ws.dataDir, TANDEM_FEED_URL: url, TANDEM_AUTO_TRANSLATE: '0' };
    const polled = await runInProcess(['feed', 'poll'], lowdb);
    expect(polled.code, polled.stderr).toBe(0);
    expect(lines(polled.stdout)[0]).toMatch(/^new +wp-1201 /);
    expect(lines(polled.stdout)[1]).toMatch(/^new +kaesong-talks /);

    const pg = { ...lowdb, TANDEM_DATABASE_URL: await freshDatabase(), TANDEM_DATA_DIR: join(ws.dir, 'pg-data') };
    const first = await runInProcess(['db', 'import-lowdb', ws.dataDir], pg);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^feed-items +2: 2 added, 0 updated, 0 already present/m);
    expect(first.stdout).toMatch(/^verified feed-items +ok: 2 of 2 identical/m);

    // The site renamed the permalink of one article; its text is the same.
    feed.body = feed.body.replace('/2026/11/29/kaesong-talks/', '/2026/11/29/kaesong-talks-resumed/');
    const poll = await runInProcess(['feed', 'poll', '--json'], pg);
    expect(poll.code, poll.stderr).toBe(0);
    expect(JSON.parse(poll.stdout)).toEqual({ url, status: 'fetched', skipped: 2, outcomes: [] });
    const slugs = await withTandem(pg, async (tandem) => (await tandem.articles.allStatus()).map((a) => a.slug).sort());
    expect(slugs).toEqual(['kaesong-talks', 'wp-1201']);

    const again = await runInProcess(['db', 'import-lowdb', ws.dataDir], pg);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^feed-items +2: 0 added, 0 updated, 2 already present/m);
    expect(again.stdout).toMatch(/^verified feed-items +ok: 2 of 2 identical/m);
  });
});
