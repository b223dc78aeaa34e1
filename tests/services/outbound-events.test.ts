import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WEBHOOK_HEADERS, WebhookNotifier, webhookSignature } from '../../src/adapters/publish/webhook-notifier.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { PublishService, type PublishDeps } from '../../src/services/publish.ts';
import { ReviewService } from '../../src/services/review.ts';
import { editor, fakeTranslation, publishFixture, reviewer, SAMPLE_FILE, SAMPLE_SLUG, translator } from './publish-fixture.ts';

const SECRET = 'cms-receiver-secret-1234';

interface Delivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly event: Record<string, unknown>;
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A CMS-side receiver on loopback that checks each delivery's signature the way the README tells receivers to. */
async function receiver(): Promise<{ url: string; deliveries: Delivery[]; badSignatures: number }> {
  const state = { url: '', deliveries: [] as Delivery[], badSignatures: 0 };
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const timestamp = String(req.headers[WEBHOOK_HEADERS.timestamp]);
      if (req.headers[WEBHOOK_HEADERS.signature] !== webhookSignature(SECRET, timestamp, body)) {
        state.badSignatures += 1;
        res.statusCode = 401;
        return res.end();
      }
      state.deliveries.push({ headers: req.headers, body, event: JSON.parse(body) as Record<string, unknown> });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cms/hook`;
  return state;
}

async function approveLocale(review: ReviewService, deps: PublishDeps, locale: string): Promise<void> {
  const record = (await deps.store.get(SAMPLE_SLUG as never))!;
  for (const segment of record.segments.filter((s) => !s.removedAt)) {
    const t = record.translations.find((x) => x.segmentId === segment.id && x.locale === locale);
    if (t?.state === 'approved') continue;
    await review.submit({
      slug: SAMPLE_SLUG,
      segmentId: segment.id,
      locale,
      text: fakeTranslation(locale, segment.source),
      actor: translator,
    });
    await review.approve({ slug: SAMPLE_SLUG, segmentId: segment.id, locale, actor: reviewer });
  }
}

describe('webhook events a CMS needs', () => {
  it('when an article goes from import to ready, published, outdated and unpublished, then each event arrives once, signed, with its payload', async () => {
    const hook = await receiver();
    const f = await publishFixture();
    const notifier = new WebhookNotifier({ url: hook.url, secret: SECRET, baseDelayMs: 5 });
    const deps: PublishDeps = { ...f.deps, notifier };
    const review = new ReviewService(deps);
    const publish = new PublishService(deps);

    await importArticle(deps, {
      file: 'seoul-market.md',
      content: '---\ntitle: 서울 시장 물가\n---\n\n배추 한 포기 값이 올랐다.\n',
      by: 'cms',
    });
    await approveLocale(review, deps, 'en');
    await publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    const source = await readFile(SAMPLE_FILE, 'utf8');
    const edited = source.replace('18% 가까이 오른 것으로', '20% 가까이 오른 것으로');
    expect(edited).not.toBe(source);
    await importArticle(deps, { file: `${SAMPLE_SLUG}.md`, content: edited, by: 'cms' });
    await publish.unpublish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    await notifier.idle();

    expect(hook.badSignatures).toBe(0);
    for (const d of hook.deliveries) expect(d.headers[WEBHOOK_HEADERS.event]).toBe(d.event.event);
    const events = hook.deliveries.map((d) => d.event);
    // Deliveries run concurrently; the order of arrival is not the order of the events.
    const byName = (name: string) => events.filter((e) => e.event === name);
    expect(events).toHaveLength(6);
    expect(byName('article-imported')).toEqual(
      expect.arrayContaining([
        {
          event: 'article-imported',
          slug: 'seoul-market',
          status: 'new',
          sourceRevision: 1,
          title: '서울 시장 물가',
          counts: { unchanged: 0, changed: 0, added: 2, removed: 0 },
          by: 'cms',
          at: expect.any(String),
        },
        {
          event: 'article-imported',
          slug: SAMPLE_SLUG,
          status: 'updated',
          sourceRevision: 2,
          title: expect.stringContaining('장마당'),
          counts: expect.objectContaining({ changed: 1 }),
          by: 'cms',
          at: expect.any(String),
        },
      ]),
    );
    const live = (await f.deps.store.get(SAMPLE_SLUG as never))!.segments.filter((s) => !s.removedAt).length;
    expect(byName('locale-ready')).toEqual([
      {
        event: 'locale-ready',
        slug: SAMPLE_SLUG,
        locale: 'en',
        sourceRevision: 1,
        segments: live,
        by: reviewer.name,
        at: expect.any(String),
      },
    ]);
    expect(byName('publish')).toEqual([expect.objectContaining({ slug: SAMPLE_SLUG, locale: 'en', version: 1, by: editor.name })]);
    expect(byName('outdated')).toEqual([
      {
        event: 'outdated',
        slug: SAMPLE_SLUG,
        locale: 'en',
        version: 1,
        publishedSourceRevision: 1,
        sourceRevision: 2,
        by: 'cms',
        at: expect.any(String),
      },
    ]);
    expect(byName('unpublish')).toEqual([expect.objectContaining({ slug: SAMPLE_SLUG, locale: 'en', version: 1 })]);
  });

  it('when an unchanged file is imported again or a ready locale gets another write, then nothing more is sent', async () => {
    const hook = await receiver();
    const f = await publishFixture();
    const notifier = new WebhookNotifier({ url: hook.url, secret: SECRET, baseDelayMs: 5 });
    const deps: PublishDeps = { ...f.deps, notifier };
    const review = new ReviewService(deps);
    await approveLocale(review, deps, 'ja');
    await notifier.idle();
    expect(hook.deliveries.map((d) => d.event.event)).toEqual(['locale-ready']);

    const record = (await deps.store.get(SAMPLE_SLUG as never))!;
    const first = record.segments.find((s) => !s.removedAt)!;
    await review.comment({ slug: SAMPLE_SLUG, segmentId: first.id, locale: 'ja', text: '좋습니다', actor: reviewer });
    await importArticle(deps, { file: `${SAMPLE_SLUG}.md`, content: await readFile(SAMPLE_FILE, 'utf8'), by: 'cms' });
    await notifier.idle();
    expect(hook.deliveries.map((d) => d.event.event)).toEqual(['locale-ready']);
  });
});
