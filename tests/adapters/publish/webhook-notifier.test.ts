import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WEBHOOK_HEADERS, WebhookNotifier, webhookSignature } from '../../../src/adapters/publish/webhook-notifier.ts';
import type { PublicationEvent } from '../../../src/core/ports/publish-target.ts';
import type { Slug } from '../../../src/core/slug.ts';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const event: PublicationEvent = {
  event: 'publish',
  slug: 'jangmadang-rice-prices-2026' as Slug,
  locale: 'en',
  version: 1,
  by: 'editor-park',
  at: '2026-10-05T09:00:00.000Z',
  sourceRevision: 1,
};

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A receiver on loopback answering each request with the next status in `statuses` (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe('WebhookNotifier', () => {
  it('when an event is sent, then the receiver gets the JSON with a valid HMAC-SHA256 signature over timestamp and body', async () => {
    const { url, received } = await receiver([204]);
    const notifier = new WebhookNotifier({ url, secret: 's3cret' });
    notifier.notify(event);
    await notifier.idle();

    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(JSON.parse(delivery!.body)).toEqual(event);
    const timestamp = String(delivery!.headers[WEBHOOK_HEADERS.timestamp]);
    expect(delivery!.headers[WEBHOOK_HEADERS.signature]).toBe(webhookSignature('s3cret', timestamp, delivery!.body));
    expect(delivery!.headers[WEBHOOK_HEADERS.signature]).not.toBe(webhookSignature('other', timestamp, delivery!.body));
    expect(delivery!.headers[WEBHOOK_HEADERS.event]).toBe('publish');
  });

  it('when the receiver fails, then the delivery is retried with backoff under the same delivery id until it succeeds', async () => {
    const { url, received } = await receiver([503, 500, 200]);
    const warnings: object[] = [];
    const notifier = new WebhookNotifier({
      url,
      secret: 's',
      baseDelayMs: 5,
      logger: { warn: (detail) => warnings.push(detail), error: () => undefined },
    });
    notifier.notify(event);
    await notifier.idle();
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers[WEBHOOK_HEADERS.delivery])).size).toBe(1);
    expect(warnings).toHaveLength(2);
  });

  it('when the receiver refuses the request as bad, then it is not retried and the failure is logged', async () => {
    const { url, received } = await receiver([400]);
    const errors: object[] = [];
    const notifier = new WebhookNotifier({
      url,
      secret: 's',
      baseDelayMs: 5,
      logger: { warn: () => undefined, error: (d) => errors.push(d) },
    });
    notifier.notify(event);
    await notifier.idle();
    expect(received).toHaveLength(1);
    expect(errors).toMatchObject([{ attempt: 1, reason: expect.stringContaining('HTTP 400') }]);
  });

  it('when nothing listens, then notify returns at once and delivery gives up after the configured attempts', async () => {
    const { url } = await receiver([200]);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const errors: object[] = [];
    const notifier = new WebhookNotifier({
      url,
      secret: 's',
      maxAttempts: 2,
      baseDelayMs: 1,
      logger: { warn: () => undefined, error: (d) => errors.push(d) },
    });
    notifier.notify(event);
    // notify only queues: nothing has been attempted, let alone given up, when it returns.
    expect(errors).toEqual([]);
    await notifier.idle();
    expect(errors).toMatchObject([{ attempt: 2 }]);
  });

  it('when the receiver holds the request, then notify has already returned and idle() settles once it answers', async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let arrived!: () => void;
    const held = new Promise<void>((resolve) => (arrived = resolve));
    const order: string[] = [];
    server = createServer((req, res) => {
      req.resume();
      arrived();
      void gate.then(() => {
        order.push('receiver answered');
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const notifier = new WebhookNotifier({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, secret: 's' });

    notifier.notify(event);
    order.push('notify returned');
    await held;
    const idle = notifier.idle().then(() => order.push('idle'));
    openGate();
    await idle;
    expect(order).toEqual(['notify returned', 'receiver answered', 'idle']);
  });

  it('when the URL or secret is missing, then building the notifier fails saying what to set', () => {
    expect(() => new WebhookNotifier({ url: 'ftp://x', secret: 's' })).toThrow(/TANDEM_WEBHOOK_URL/);
    expect(() => new WebhookNotifier({ url: 'http://127.0.0.1/', secret: '' })).toThrow(/TANDEM_WEBHOOK_SECRET/);
  });
});
