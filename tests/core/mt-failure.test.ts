import { describe, expect, it } from 'vitest';
import { MtError, MtQuotaError, MtRateLimitError } from '../../src/core/errors.ts';
import { mtFailureReason } from '../../src/core/mt-failure.ts';
import { nextRetryAt, retryDelayMs } from '../../src/core/retry-policy.ts';

const POLICY = { attempts: 4, baseDelayMs: 60_000, maxDelayMs: 300_000 };

describe('mtFailureReason', () => {
  it.each([
    [new MtRateLimitError('deepl: too many requests (429)', { status: 429 }), 'rate-limited'],
    [new MtError('deepl: server error 503', { status: 503, retryable: true }), 'unavailable'],
    [new MtError('deepl: no answer within 30000 ms', { code: 'mt-timeout', retryable: true }), 'timeout'],
    [new MtError('deepl: connection failed', { code: 'mt-connection', retryable: true }), 'connection'],
    [new MtError('deepl: malformed response', { code: 'mt-malformed' }), 'malformed'],
    [new MtError('deepl: request failed: Bad request', { status: 400 }), 'refused'],
    [new MtQuotaError('deepl: quota exceeded (456)', { status: 456 }), 'refused'],
    [new MtError('deepl: unexpected failure'), 'unknown'],
    [new Error('not ours'), 'unknown'],
  ] as const)('when the failure is %o, then the reason is %s', (error, reason) => {
    expect(mtFailureReason(error)).toBe(reason);
  });
});

describe('durable retry times', () => {
  it('when an item keeps failing, then delays double from the first and stop at the ceiling, and the cap gives up', () => {
    const now = new Date('2026-03-01T09:00:00.000Z');
    const delays = [1, 2, 3].map((n) => (nextRetryAt(POLICY, n, now, { random: () => 0 })!.getTime() - now.getTime()) / 60_000);
    expect(delays).toEqual([1, 2, 4]);
    expect(retryDelayMs(POLICY, 10, () => 0)).toBe(300_000);
    expect(retryDelayMs(POLICY, 1, () => 0.5)).toBe(90_000);
    expect(nextRetryAt(POLICY, 4, now)).toBeNull();
  });

  it('when the provider asks for a longer wait, then it wins over the computed delay and the ceiling', () => {
    const now = new Date('2026-03-01T09:00:00.000Z');
    expect(nextRetryAt(POLICY, 1, now, { notBeforeMs: 600_000, random: () => 0 })!.toISOString()).toBe('2026-03-01T09:10:00.000Z');
  });
});
