import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A local HTTP server answering a feed fixture (tests/fixtures/feed/<fixture>) as RSS, at `url`. */
export interface FeedServer {
  readonly url: string;
  /** The feed served from now on (a test that changes it: a renamed permalink, a new item). */
  body: string;
  close(): Promise<void>;
}

/** Start a FeedServer on a free port of 127.0.0.1, serving `fixture` at `/feed/`. */
export async function serveFeed(fixture: string): Promise<FeedServer> {
  const feed = {
    url: '',
    body: await readFile(join(import.meta.dirname, '../fixtures/feed', fixture), 'utf8'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/rss+xml; charset=UTF-8');
    res.end(feed.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feed.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`;
  return feed;
}
