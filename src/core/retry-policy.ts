import pRetry from 'p-retry';

/** How often and how patiently a failed call to another service is tried again. */
export interface RetryPolicy {
  /** Tries in all, the first included; at least 1. */
  readonly attempts: number;
  /** Delay before the first retry, in milliseconds; it doubles with every further retry. */
  readonly baseDelayMs: number;
  /** Ceiling of one delay, in milliseconds. */
  readonly maxDelayMs: number;
}

/** What a caller of `withRetry` decides and hears about. */
export interface RetryHooks {
  /** Whether this failure is worth another try (transient: rate limit, timeout, 5xx). */
  readonly retryable: (error: Error) => boolean;
  /** Called before waiting for a retry, with the failure and the number of the try that failed (1 for the first). */
  readonly onRetry?: (error: Error, attempt: number) => void;
  /** Let the process exit while a retry is waiting (background deliveries). Default false. */
  readonly unref?: boolean;
}

/**
 * Run `run` (given the try number, from 1) until it succeeds, the failure is not retryable, or `policy.attempts` tries
 * are spent; then reject with the last failure. Delays grow exponentially from `baseDelayMs` up to `maxDelayMs`, each
 * multiplied by a random factor between 1 and 2 (p-retry's `randomize`), so retries from many callers spread out and a
 * recovering service is not hit all at once. Non-Error throws are wrapped in a TypeError by p-retry.
 */
export function withRetry<T>(run: (attempt: number) => Promise<T>, policy: RetryPolicy, hooks: RetryHooks): Promise<T> {
  return pRetry(run, {
    retries: Math.max(1, policy.attempts) - 1,
    factor: 2,
    minTimeout: policy.baseDelayMs,
    maxTimeout: policy.maxDelayMs,
    randomize: true,
    unref: hooks.unref ?? false,
    shouldRetry: ({ error, attemptNumber }) => {
      // p-retry asks only while tries are left, so a true answer here means a retry really follows.
      if (!hooks.retryable(error)) return false;
      hooks.onRetry?.(error, attemptNumber);
      return true;
    },
  });
}

/**
 * The delay before retry number `retry` (1 for the first), in milliseconds: `baseDelayMs` doubled for every further
 * retry, times a random factor between 1 and 2, capped at `maxDelayMs`. The same rule `withRetry` waits by (p-retry's
 * `factor: 2, randomize: true`), so every retry in Tandem grows alike. `random` returns [0, 1) (tests pin it).
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const raw = Math.round((1 + random()) * Math.max(1, policy.baseDelayMs) * 2 ** (Math.max(1, retry) - 1));
  return Math.min(raw, policy.maxDelayMs);
}

/**
 * When work that failed `failures` times (counting the one just now) is tried again, or null once `policy.attempts`
 * tries are spent: the durable counterpart of `withRetry` for work that outlives a process (the MT queue keeps the
 * time with the item). `notBeforeMs` is the least delay the other side asked for (a Retry-After); it wins over a
 * shorter computed delay and over the ceiling.
 */
export function nextRetryAt(
  policy: RetryPolicy,
  failures: number,
  now: Date,
  options: { readonly notBeforeMs?: number; readonly random?: () => number } = {},
): Date | null {
  if (failures >= Math.max(1, policy.attempts)) return null;
  const delay = Math.max(retryDelayMs(policy, failures, options.random), options.notBeforeMs ?? 0);
  return new Date(now.getTime() + delay);
}
