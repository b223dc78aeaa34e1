import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpFeedSource, MemoryFeedItemStore } from '../../src/adapters/feed/index.ts';
import { decodeInput, formatForFile } from '../../src/adapters/formats/index.ts';
import { FeedFetchError } from '../../src/core/errors.ts';
import type { Storage } from '../../src/core/ports/storage-backend.ts';
import { ArticleService } from '../../src/services/articles.ts';
import { FeedService, slugFor, type FeedLogger } from '../../src/services/feed.ts';
import { openTestStorage } from '../support/storage.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/feed');
const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');

/** What the feed server answers next: a body (with an optional ETag), or a bare status. */
type Answer = { readonly body: string; readonly etag?: string; readonly type?: string } | { readonly status: number };

interface FeedServer {
  readonly url: string;
  readonly requests: IncomingHttpHeaders[];
  /** Answers in order; the last one repeats. */
  answers: Answer[];
}

let server: Server | undefined;
let storage: Storage;
let articles: ArticleService;

beforeEach(async () => {
  storage = await openTestStorage();
  articles = new ArticleService({
    store: storage.articles,
    formats: { forFile: formatForFile, decode: (content, file) => decodeInput(content, file) },
    sourceLocale: 'ko',
    targetLocales: ['en'],
  });
});
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  await storage.close();
});

/** A site on loopback serving its feed, honouring If-None-Match like WordPress behind a cache. */
async function feedServer(answers: Answer[]): Promise<FeedServer> {
  const state: FeedServer = { url: '', requests: [], answers };
  server = createServer((req, res) => {
    state.requests.push(req.headers);
    const answer = state.answers[Math.min(state.requests.length - 1, state.answers.length - 1)]!;
    if ('status' in answer) {
      res.statusCode = answer.status;
      return res.end('busy');
    }
    if (answer.etag && req.headers['if-none-match'] === answer.etag) {
      res.statusCode = 304;
      return res.end();
    }
    res.setHeader('content-type', answer.type ?? 'application/rss+xml; charset=UTF-8');
    if (answer.etag) res.setHeader('etag', answer.etag);
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/` });
}

function poller(url: string, items = new MemoryFeedItemStore(), logger?: FeedLogger, source = new HttpFeedSource()): FeedService {
  return new FeedService({
    url,
    source,
    items,
    importArticle: (input) => articles.import(input),
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    ...(logger ? { logger } : {}),
  });
}

describe('FeedService over a WordPress RSS 2.0 feed', () => {
  it('when the feed is polled, then each full-content item becomes an article imported as HTML by feed, titled by the item', async () => {
    const site = await feedServer([{ body: await fixture('wordpress-rss.xml') }]);
    const report = await poller(site.url).poll();
    expect(report.status).toBe('fetched');
    expect(report.outcomes).toEqual([
      { itemId: 'https://news.example.kr/?p=1201', slug: 'wp-1201', status: 'new' },
      { itemId: 'https://news.example.kr/?p=1188', slug: 'kaesong-talks', status: 'new' },
    ]);
    const rice = await articles.get('wp-1201');
    expect(rice.article.format).toBe('html');
    expect(rice.article.frontMatter.title).toBe('평양 장마당 쌀값 한 달 새 18% 올라');
    const sources = rice.segments.map((s) => s.source);
    expect(sources).toEqual(expect.arrayContaining(['지역별 가격', '혜산: 쌀 1kg 7,800원']));
    expect(sources.some((s) => s.includes('장마당') && s.includes('18%'))).toBe(true);
    expect(rice.history.every((h) => h.by === 'feed')).toBe(true);
  });

  it('when an unchanged feed is polled again, then nothing is imported; an edited item becomes a revision of the same article', async () => {
    const site = await feedServer([{ body: await fixture('wordpress-rss.xml') }]);
    const items = new MemoryFeedItemStore();
    await poller(site.url, items).poll();

    const again = await poller(site.url, items).poll();
    expect(again).toMatchObject({ status: 'fetched', skipped: 2, outcomes: [] });
    expect((await articles.get('wp-1201')).article.sourceRevision).toBe(1);

    // The edit also moved the post to a new permalink: the guid still names the same article.
    site.answers = [{ body: await fixture('wordpress-rss-updated.xml') }];
    const edited = await poller(site.url, items).poll();
    expect(edited.skipped).toBe(1);
    expect(edited.outcomes).toEqual([{ itemId: 'https://news.example.kr/?p=1201', slug: 'wp-1201', status: 'updated' }]);
    const rice = await articles.get('wp-1201');
    expect(rice.article.sourceRevision).toBe(2);
    expect(rice.segments.filter((s) => !s.removedAt).some((s) => s.source.includes('20%'))).toBe(true);
    expect(await items.item(site.url, 'https://news.example.kr/?p=1201')).toMatchObject({ slug: 'wp-1201', sourceRevision: 2 });
  });

  it('when the site sends an ETag, then the next poll asks with If-None-Match and a 304 imports nothing', async () => {
    const site = await feedServer([{ body: await fixture('wordpress-rss.xml'), etag: '"v1"' }]);
    const items = new MemoryFeedItemStore();
    await poller(site.url, items).poll();
    const second = await poller(site.url, items).poll();
    expect(second).toEqual({ url: site.url, status: 'not-modified', skipped: 0, outcomes: [] });
    expect(site.requests[0]!['if-none-match']).toBeUndefined();
    expect(site.requests[1]!['if-none-match']).toBe('"v1"');
  });

  it('when the site fails for a moment, then the fetch is retried by the retry policy and the poll succeeds', async () => {
    const site = await feedServer([{ status: 503 }, { status: 502 }, { body: await fixture('wordpress-rss.xml') }]);
    const warnings: object[] = [];
    const logger: FeedLogger = { info: () => undefined, warn: (detail) => warnings.push(detail), error: () => undefined };
    const report = await poller(site.url, undefined, logger).poll();
    expect(report.outcomes).toHaveLength(2);
    expect(site.requests).toHaveLength(3);
    expect(warnings.filter((w) => 'attempt' in w)).toHaveLength(2);
  });

  it('when a poll fails for good, then it is logged and the next scheduled poll imports', async () => {
    const site = await feedServer([{ status: 500 }]);
    const body = await fixture('wordpress-rss.xml');
    let polled!: () => void;
    const done = new Promise<void>((resolve) => (polled = resolve));
    const errors: object[] = [];
    const logger: FeedLogger = {
      warn: () => undefined,
      error: (detail) => {
        errors.push(detail);
        // The site recovers after the failed poll; the poller must try again at its next interval.
        site.answers = [{ body }];
      },
      info: () => polled(),
    };
    const running = poller(site.url, undefined, logger).start(10);
    await done;
    await running.stop();
    expect(errors).toHaveLength(1);
    expect((await articles.get('kaesong-talks')).article.sourceRevision).toBe(1);
  });

  it('when the answer is not a feed or is too large, then the poll is refused at once without retries', async () => {
    const site = await feedServer([{ body: '<!doctype html><html><body>점검 중</body></html>', type: 'text/html' }]);
    const error = await poller(site.url)
      .poll()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedFetchError);
    expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(/not an RSS or Atom feed/) });
    expect(site.requests).toHaveLength(1);

    site.answers = [{ body: await fixture('wordpress-rss.xml') }];
    const small = new HttpFeedSource({ maxBytes: 1024 });
    const tooLarge = await poller(site.url, undefined, undefined, small)
      .poll()
      .catch((e: unknown) => e);
    expect(tooLarge).toMatchObject({ retryable: false, message: expect.stringMatching(/larger than 1024 bytes/) });
  });
});

describe('FeedService over an Atom feed', () => {
  it('when an Atom entry is polled twice, then it is imported once with its content and title', async () => {
    const site = await feedServer([{ body: await fixture('atom.xml'), type: 'application/atom+xml' }]);
    const items = new MemoryFeedItemStore();
    const first = await poller(site.url, items).poll();
    expect(first.outcomes).toEqual([{ itemId: 'https://news.example.kr/?p=1175', slug: 'defector-support-budget', status: 'new' }]);
    const article = await articles.get('defector-support-budget');
    expect(article.article.frontMatter.title).toBe('탈북민 정착 지원 예산 12% 늘어');
    expect(article.segments.some((s) => s.source.includes('1,250억 원'))).toBe(true);
    expect(await items.item(site.url, 'https://news.example.kr/?p=1175')).toMatchObject({ updated: '2026-11-28T10:00:00.000Z' });
    expect((await poller(site.url, items).poll()).skipped).toBe(1);
  });
});

describe('slugFor', () => {
  it.each([
    [{ id: 'https://news.example.kr/?p=1', link: 'https://news.example.kr/2026/11/29/kaesong-talks/' }, 'kaesong-talks'],
    [{ id: 'https://news.example.kr/?p=1201', link: 'https://news.example.kr/2026/11/30/%ed%8f%89%ec%96%91/' }, 'wp-1201'],
    [{ id: 'tag:news.example.kr,2026:7', link: null }, expect.stringMatching(/^feed-[0-9a-f]{12}$/)],
  ])('when the item is %j, then its slug is %s', (entry, slug) => {
    expect(slugFor(entry)).toEqual(slug);
  });
});
