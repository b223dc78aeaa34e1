import { randomUUID } from 'node:crypto';
import { withRetry } from '../../core/retry-policy.ts';
import { WEBHOOK_HEADERS, webhookSignature } from '../../core/webhook-signature.ts';

export { WEBHOOK_HEADERS, webhookSignature } from '../../core/webhook-signature.ts';
import type { OutboundEvent, PublicationNotifier } from '../../core/ports/publish-target.ts';

export interface WebhookLogger {
  warn(detail: object, message: string): void;
  error(detail: object, message: string): void;
}

export interface WebhookNotifierConfig {
  readonly url: string;
  readonly secret: string;
  /** Deliveries attempted per event before giving up (default 6). */
  readonly maxAttempts?: number;
  /** First retry delay in ms; doubles each attempt up to `maxDelayMs` (defaults 1 s and 60 s), with the jitter of core/retry-policy.ts. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
  readonly logger?: WebhookLogger;
}

/**
 * Posts events as signed JSON: the body is the event object itself (core/ports/publish-target.ts `OutboundEvent`), its
 * `event` field repeated in the `X-Tandem-Event` header. The events and their payloads:
 *
 * - `article-imported`: `{ event, slug, status: 'new'|'updated', sourceRevision, title, counts: { unchanged, changed,
 *   added, removed }, by, at }`, after an import stored a new article or a new source revision.
 * - `locale-ready`: `{ event, slug, locale, sourceRevision, segments, by, at }`, when the last live segment of a
 *   locale was approved (the locale can be published).
 * - `publish`: `{ event, slug, locale, version, by, at, sourceRevision, releaseAt? }`, after a version was recorded
 *   (`releaseAt` for a scheduled one).
 * - `unpublish`: `{ event, slug, locale, version, by, at, sourceRevision }`, after a locale was taken off the site.
 * - `outdated`: `{ event, slug, locale, version, publishedSourceRevision, sourceRevision, by, at }`, when an import
 *   changed the source of an article live in `locale`.
 *
 * Times are ISO 8601 UTC. `notify` only queues: delivery runs in the background with exponential backoff
 * (core/retry-policy.ts), so a slow or failing receiver never delays or fails the write that caused the event. Every
 * attempt of one event carries the same delivery id, so receivers can drop duplicates.
 */
export class WebhookNotifier implements PublicationNotifier {
  readonly #config: Required<Omit<WebhookNotifierConfig, 'logger'>>;
  readonly #logger: WebhookLogger | undefined;
  readonly #pending = new Set<Promise<void>>();

  constructor(config: WebhookNotifierConfig) {
    const url = new URL(config.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`webhook: ${url.protocol} URLs are not supported; set TANDEM_WEBHOOK_URL to an http(s) URL`);
    }
    if (!config.secret) throw new TypeError('webhook: no secret; set TANDEM_WEBHOOK_SECRET so receivers can check signatures');
    this.#config = {
      url: url.toString(),
      secret: config.secret,
      maxAttempts: config.maxAttempts ?? 6,
      baseDelayMs: config.baseDelayMs ?? 1000,
      maxDelayMs: config.maxDelayMs ?? 60_000,
      timeoutMs: config.timeoutMs ?? 10_000,
    };
    this.#logger = config.logger;
  }

  notify(event: OutboundEvent): void {
    const delivery = this.#deliver(event, randomUUID());
    this.#pending.add(delivery);
    void delivery.finally(() => this.#pending.delete(delivery));
  }

  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  async #deliver(event: OutboundEvent, delivery: string): Promise<void> {
    const body = JSON.stringify(event);
    const { maxAttempts: attempts, baseDelayMs, maxDelayMs } = this.#config;
    let tries = 0;
    try {
      await withRetry(
        async (attempt) => {
          tries = attempt;
          const outcome = await this.#attempt(event.event, body, delivery);
          if (outcome !== 'ok') throw new DeliveryFailure(outcome.reason, outcome.retry);
        },
        { attempts, baseDelayMs, maxDelayMs },
        {
          retryable: (error) => error instanceof DeliveryFailure && error.retry,
          onRetry: (error, attempt) =>
            this.#logger?.warn({ delivery, attempt, reason: error.message }, 'webhook: delivery failed; retrying'),
          unref: true,
        },
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#logger?.error(
        { delivery, event: event.event, slug: event.slug, ...('locale' in event ? { locale: event.locale } : {}), attempt: tries, reason },
        'webhook: delivery failed; giving up',
      );
    }
  }

  async #attempt(event: string, body: string, delivery: string): Promise<'ok' | { retry: boolean; reason: string }> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const response = await fetch(this.#config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tandem-Webhook/1',
          [WEBHOOK_HEADERS.event]: event,
          [WEBHOOK_HEADERS.delivery]: delivery,
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.signature]: webhookSignature(this.#config.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#config.timeoutMs),
      });
      const text = await response.text().catch(() => '');
      if (response.ok) return 'ok';
      const retry = response.status >= 500 || response.status === 408 || response.status === 429;
      return { retry, reason: `HTTP ${response.status} ${text.slice(0, 200)}` };
    } catch (error) {
      return { retry: true, reason: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** The notifier when no webhook is configured: nothing to tell anyone. */
export class SilentNotifier implements PublicationNotifier {
  notify(): void {}
  async idle(): Promise<void> {}
}

/** One failed delivery attempt; `retry` is false when the receiver refused the request as bad. */
class DeliveryFailure extends Error {
  constructor(
    reason: string,
    readonly retry: boolean,
  ) {
    super(reason);
  }
}
