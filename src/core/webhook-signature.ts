import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How Tandem's webhooks are signed, both ways: the deliveries it sends (adapters/publish/webhook-notifier.ts) and the
 * articles a CMS pushes to `POST /hooks/cms` (web/routes/cms-hook.ts). The signature is HMAC-SHA256 with a shared
 * secret over `<timestamp>.<raw body>`, the timestamp being Unix seconds, so a captured request cannot be replayed
 * once its time window is over.
 */

/** Header names (lower case, as Node presents them) that carry the signature and its inputs. */
export const WEBHOOK_HEADERS = {
  signature: 'x-tandem-signature',
  timestamp: 'x-tandem-timestamp',
  event: 'x-tandem-event',
  delivery: 'x-tandem-delivery',
} as const;

/** `sha256=<hex>`: what a receiver recomputes from the raw body and the timestamp header to trust a delivery. */
export function webhookSignature(secret: string, timestamp: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** Why a signed request was refused; null when it is genuine and fresh. */
export type SignatureRefusal = 'missing' | 'stale-timestamp' | 'bad-signature';

/**
 * Check a signed request: the timestamp (Unix seconds, digits only) within `windowSeconds` of `now` either way, and the
 * signature equal to ours, compared in constant time. `body` is the raw body exactly as received.
 */
export function verifyWebhookSignature(
  secret: string,
  request: { readonly timestamp: string | undefined; readonly signature: string | undefined; readonly body: Uint8Array },
  now: Date,
  windowSeconds: number,
): SignatureRefusal | null {
  const { timestamp, signature } = request;
  if (!timestamp || !signature) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > windowSeconds) return 'stale-timestamp';
  const expected = Buffer.from(webhookSignature(secret, timestamp, request.body));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? null : 'bad-signature';
}
