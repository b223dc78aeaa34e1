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
