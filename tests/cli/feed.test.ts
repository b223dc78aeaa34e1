import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedServer, serveFeed } from '../support/feed-server.ts';
import { lines, runInProcess, workspace } from './run-tandem.ts';

let feed: FeedServer;
let url: string;
let ws: Awaited<ReturnType<typeof workspace>>;

beforeAll(async () => {
  feed = await serveFeed('wordpress-rss.xml');
  url = feed.url;
  ws = await workspace();
  // Made, as a data directory a server runs on is: in the `cli-server` project the first poll then goes through one.
  await mkdir(ws.dataDir);
});
afterAll(async () => {
  await feed.close();
  await ws.cleanup();
});

describe('tandem feed poll', () => {
  // The first in-process run loads every adapter module (remark, lowdb, the feed parser): slow on a busy machine.
  it('when the feed is polled twice, then the first run imports its items and the second imports nothing', {
    timeout: 60_000,
  }, async () => {
    const env = { TANDEM_DATA_DIR: ws.dataDir, TANDEM_FEED_URL: url, TANDEM_AUTO_TRANSLATE: '0' };
    const first = await runInProcess(['feed', 'poll'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toEqual([
      'new        wp-1201 (https://news.example.kr/?p=1201)',
      'new        kaesong-talks (https://news.example.kr/?p=1188)',
      '2 item(s) imported or tried, 0 unchanged since the last poll',
    ]);
    const second = await runInProcess(['feed', 'poll', '--json'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ url, status: 'fetched', skipped: 2, outcomes: [] });
  });

  it('when no feed is configured, then the command exits 1 saying what to set', async () => {
    const run = await runInProcess(['feed', 'poll'], { TANDEM_DATA_DIR: ws.dataDir });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      'tandem: feed: no feed is configured; set TANDEM_FEED_URL to the RSS or Atom feed of the source site',
    ]);
  });
});
