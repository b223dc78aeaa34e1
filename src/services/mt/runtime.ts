import { MtError } from '../../core/errors.ts';
import { canonicalLocale, DEFAULT_TARGET_LOCALES, type Locale } from '../../core/locale.ts';
import type { MaskTerm } from '../../core/masking.ts';
import type { ArticleRecord, Segment } from '../../core/model.ts';
import type { MtQueueItem } from '../../core/ports/mt-store.ts';
import { type RetryPolicy, withRetry } from '../../core/retry-policy.ts';
import { JobTallies } from './job-tally.ts';
import {
  DEFAULT_REUSE_WITHIN_MS,
  MT_BACKOFF_DEFAULTS,
  MT_RETRY_DEFAULTS,
  type MtKeyCheck,
  type MtServiceDeps,
  type MtState,
} from './types.ts';

/** The state one MT service shares between its modules (the facade, the worker, glossary sync, drafts). */
export class MtRuntime {
  readonly deps: MtServiceDeps;
  /** The provider's rejection message once its credentials were refused; cleared by `resume` or a good `verify`. */
  unauthorized: string | null = null;
  /** Wakes the background worker early; set while it waits. */
  wake: (() => void) | null = null;
  /** Set when the background worker is asked to stop: a drain then ends after its current round. */
  halted = false;
  /** Confidential terms by article slug, for one drain. */
  termsCache = new Map<string, MaskTerm[]>();
  /**
   * After a request gave up on a passing failure, nothing is sent before this time (ISO 8601 UTC), so a provider that
   * limits or is down is not asked again by every batch behind it. In memory: a restart tries once, then waits again.
   */
  coolDownUntil: string | null = null;
  /** The provider key check (`MtService.verify`). */
  keyCheck: MtKeyCheck = { state: 'not-checked' };
  /** What this process's drains did per job since they last stored it with the jobs (`MtQueueStore.addTallies`). */
  readonly tallies = new JobTallies();
  /** A background worker of this process drains the queue (`MtService.startWorker`). */
  working = false;

  constructor(deps: MtServiceDeps) {
    this.deps = deps;
  }

  /** The durable retry policy of queue items, defaults filled in. */
  backoff(): RetryPolicy {
    const b = this.deps.backoff ?? {};
    return {
      attempts: b.attempts ?? MT_BACKOFF_DEFAULTS.attempts,
      baseDelayMs: b.baseDelayMs ?? MT_BACKOFF_DEFAULTS.baseDelayMs,
      maxDelayMs: b.maxDelayMs ?? MT_BACKOFF_DEFAULTS.maxDelayMs,
    };
  }

  /**
   * Run one call to the provider under the in-process retry policy (`deps.retry`, defaults `MT_RETRY_DEFAULTS`):
   * tried again while it fails with a retryable MtError (rate limit, 5xx, timeout, dropped connection), e.g. a kept-alive
   * connection the provider closed just as it was reused. Rejects with the last failure; other errors at once.
   */
  retryingProvider<T>(run: (attempt: number) => Promise<T>): Promise<T> {
    const r = this.deps.retry ?? {};
    const policy: RetryPolicy = {
      attempts: r.attempts ?? MT_RETRY_DEFAULTS.attempts,
      baseDelayMs: r.baseDelayMs ?? MT_RETRY_DEFAULTS.baseDelayMs,
      maxDelayMs: r.maxDelayMs ?? MT_RETRY_DEFAULTS.maxDelayMs,
    };
    return withRetry(run, policy, { retryable: (error) => error instanceof MtError && error.retryable });
  }

  /** How long a machine answer may be reused for a re-run, in milliseconds (0: never). */
  reuseWithinMs(): number {
    return this.deps.reuseWithinMs ?? DEFAULT_REUSE_WITHIN_MS;
  }

  /** Now, as ISO 8601 UTC. */
  now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  /** The target locales, canonical. */
  targets(): Locale[] {
    return (this.deps.targetLocales ?? DEFAULT_TARGET_LOCALES).map(canonicalLocale);
  }
}

/** One queue item with what it is about, waiting for a provider answer. */
export interface Member {
  readonly item: MtQueueItem;
  readonly segment: Segment;
  readonly record: ArticleRecord;
  /** The confidential terms masked out of the source, to put back in the answer. */
  readonly slots: readonly string[];
  /** Under which key the answer is kept for reuse (`draftKey`); absent where it is not kept. */
  readonly reuseKey?: string;
}

/** One text sent to the provider, and every queue item that shares it (deduplication). */
export interface Unit {
  readonly locale: Locale;
  readonly masked: string;
  readonly members: Member[];
}

/** A unit under its answer key (`answerKey`: the same masked text, language pair, glossary and formality). */
export type KeyedUnit = [key: string, unit: Unit];

/** Thrown inside a drain when the provider is paused (quota) or unauthorized: the round stops and its items go back. */
export class StopDraining extends Error {
  constructor(readonly state: MtState) {
    super(state);
  }
}
