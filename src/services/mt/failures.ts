import type { MtError } from '../../core/errors.ts';
import { mtFailureReason } from '../../core/mt-failure.ts';
import type { MtQueueItem } from '../../core/ports/mt-store.ts';
import { nextRetryAt } from '../../core/retry-policy.ts';
import type { MtRuntime } from './runtime.ts';

/** What became of the items of a request that failed: how many wait to be retried (and from when), how many failed. */
export interface SettledFailure {
  readonly retrying: number;
  readonly failed: number;
  /** The earliest retry scheduled, ISO 8601 UTC; null when every item failed for good. */
  readonly retryAt: string | null;
}

/**
 * Settle the in-flight items of a request the provider kept failing (`tries` HTTP tries in this drain). A passing
 * failure (rate limit, 5xx, timeout, connection) schedules each item's next try by the durable retry policy
 * (`MtRuntime.backoff`, at least the provider's Retry-After); once an item's tries are spent, or when the provider
 * refused the request, the item fails for good with the reason, until an editor retries it.
 */
export async function settleFailure(rt: MtRuntime, items: readonly MtQueueItem[], error: MtError, tries: number): Promise<SettledFailure> {
  const { queue } = rt.deps.mt;
  const reason = mtFailureReason(error);
  const now = new Date(rt.now());
  const policy = rt.backoff();
  const failed: string[] = [];
  const later = new Map<string, string[]>();
  for (const item of items) {
    const at = error.retryable
      ? nextRetryAt(policy, item.attempts + 1, now, {
          ...(error.retryAfterMs !== undefined ? { notBeforeMs: error.retryAfterMs } : {}),
          ...(rt.deps.random ? { random: rt.deps.random } : {}),
        })
      : null;
    if (at === null) failed.push(item.id);
    else later.set(at.toISOString(), [...(later.get(at.toISOString()) ?? []), item.id]);
  }
  const message = error.retryable ? `gave up after ${tries} tries: ${error.message}` : error.message;
  for (const [retryAt, ids] of later) await queue.retryLater(ids, { error: message, reason, retryAt });
  if (failed.length) await queue.fail(failed, { error: message, reason });
  const retryAt = [...later.keys()].sort()[0] ?? null;
  rt.deps.logger?.warn(
    { provider: rt.deps.provider.id, reason, retrying: items.length - failed.length, failed: failed.length, retryAt },
    retryAt ? 'mt: request failed; its items are retried later' : 'mt: request failed; its items failed',
  );
  return { retrying: items.length - failed.length, failed: failed.length, retryAt };
}
