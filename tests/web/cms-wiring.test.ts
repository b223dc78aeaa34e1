import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_HEADERS, webhookSignature } from '../../src/core/webhook-signature.ts';
import { type RealServer, startRealServer } from '../support/tandem-server.ts';
import { type FeedServer, serveFeed } from '../support/feed-server.ts';

const OUT_SECRET = 'outgoing-webhook-secret-01';
const IN_SECRET = 'incoming-cms-secret-012345';

let feedSite: FeedServer;
let receiver: Server;
let tandem: RealServer;
const events: Record<string, unknown>[] = [];
const waiting: { until: (e: Record<string, unknown>[]) => boolean; resolve: () => void }[] = [];

/** Resolves once the receiver has got events satisfying `until` (checked at each delivery). */
function receivedWhen(until: (e: Record<string, unknown>[]) => boolean): Promise<void> {
  return new Promise((resolve) => (until(events) ? resolve() : waiting.push({ until, resolve })));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  feedSite = await serveFeed('wordpress-rss.xml');
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const timestamp = String(req.headers[WEBHOOK_HEADERS.timestamp]);
      res.statusCode = req.headers[WEBHOOK_HEADERS.signature] === webhookSignature(OUT_SECRET, timestamp, body) ? 204 : 401;
      res.end();
      if (res.statusCode !== 204) return;
      events.push(JSON.parse(body) as Record<string, unknown>);
      for (const w of [...waiting]) if (w.until(events)) w.resolve();
    });
  });
  const feedUrl = feedSite.url;
  const hookUrl = `${await listen(receiver)}/hook`;
  tandem = await startRealServer({
    deepl: false,
    env: {
      TANDEM_FEED_URL: feedUrl,
      TANDEM_CMS_HOOK_SECRET: IN_SECRET,
      TANDEM_WEBHOOK_URL: hookUrl,
      TANDEM_WEBHOOK_SECRET: OUT_SECRET,
    },
  });
});
afterAll(async () => {
  await tandem.close();
  await feedSite.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const imported = (by: string) => (e: Record<string, unknown>[]) => e.filter((x) => x.event === 'article-imported' && x.by === by);

describe('tandem serve with a feed, a CMS hook and a webhook configured', () => {
  it('when the server starts, then it polls the feed and the webhook hears of each imported article', async () => {
    await receivedWhen((e) => imported('feed')(e).length === 2);
    expect(imported('feed')(events).map((e) => e.slug)).toEqual(expect.arrayContaining(['wp-1201', 'kaesong-talks']));
  });

  it('when a CMS pushes a signed article, then it is imported and announced', async () => {
    const body = JSON.stringify({ format: 'text', slug: 'cms-pushed', content: '통일부 발표\n\n통일부가 새 지원책을 발표했다.' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${tandem.url}/hooks/cms`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        [WEBHOOK_HEADERS.timestamp]: timestamp,
        [WEBHOOK_HEADERS.signature]: webhookSignature(IN_SECRET, timestamp, body),
      },
    });
    expect(res.status).toBe(201);
    await receivedWhen((e) => imported('cms')(e).length === 1);
    expect(imported('cms')(events)[0]).toMatchObject({ slug: 'cms-pushed', status: 'new', title: '통일부 발표' });
  });
});
