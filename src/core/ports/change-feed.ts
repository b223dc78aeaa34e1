import type { Locale } from '../locale.ts';
import type { TranslationState } from '../model.ts';
import type { MtFailureReason } from './mt-store.ts';

/** Why items of a pair failed, by reason, most frequent first. */
export interface MtReasonCount {
  readonly reason: MtFailureReason;
  readonly count: number;
}

/** What the machine-translation queue holds for one article and target locale. */
export interface MtArticleProgress {
  readonly slug: string;
  readonly locale: Locale;
  /** Waiting for the worker (queued), including items put back while the provider cools down. */
  readonly queued: number;
  /** Being sent to the provider right now (running). */
  readonly inFlight: number;
  /** Failed for a passing reason, tried again at `nextRetryAt`. */
  readonly retrying: number;
  /** The earliest retry, ISO 8601 UTC; null when nothing is retrying. */
  readonly nextRetryAt: string | null;
  /** Failed for good: refused, or the retry cap was reached; an editor retries them. */
  readonly failed: number;
  /** Why retrying items failed, by reason, most frequent first. */
  readonly retryingReasons: readonly MtReasonCount[];
  /** Why failed items failed, by reason, most frequent first. */
  readonly failedReasons: readonly MtReasonCount[];
}

/**
 * A translation was stored with a new state, text or revision (a save, a submission, an approval, a rejection, a
 * comment, a machine or memory draft). `by` is who did it (a person, or `machine`/`memory`); `at` ISO 8601 UTC.
 */
export interface SegmentChangedEvent {
  readonly type: 'segment-changed';
  readonly slug: string;
  readonly locale: Locale;
  readonly segmentId: string;
  readonly state: TranslationState;
  readonly revision: number;
  /** The stored text with inline tags (at most MAX_TRANSLATION_LENGTH code points). */
  readonly text: string;
  readonly by: string;
  readonly at: string;
}

/** The queue's counts for one article and locale changed; `progress` is null once nothing is left for the pair. */
export interface MtProgressEvent {
  readonly type: 'mt-progress';
  readonly slug: string;
  readonly locale: Locale;
  readonly progress: MtArticleProgress | null;
}

/**
 * One person's mark on one segment was made or renewed (`expiresInMs`: how long it lasts from now, in milliseconds)
 * or released (`expiresInMs: null`), on the instance that publishes it. Between instances only, and only ever about
 * the one mark that changed: each instance's soft locks keep the marks made on the others beside their own, expire
 * every mark themselves, and tell their own pages who is typing from that view (services/soft-lock.ts). A list of
 * holders is never published: one instance's list may miss a mark that another has already heard of.
 */
export interface SoftLockEvent {
  readonly type: 'soft-lock';
  readonly slug: string;
  readonly locale: Locale;
  readonly segmentId: string;
  readonly name: string;
  readonly expiresInMs: number | null;
}

/** Every change event; plain JSON data, so an adapter may carry it between processes. */
export type ChangeEvent = SegmentChangedEvent | MtProgressEvent | SoftLockEvent;

/** Called with each published event, in publication order for one publisher. */
export type ChangeListener = (event: ChangeEvent) => void;

/**
 * Where services announce changes others are looking at (the review and articles pages' live updates). Delivery is
 * best effort and at most once: a listener that was not subscribed when an event was published never sees it, so a
 * page that (re)connects starts from a fresh render.
 */
export interface ChangeFeed {
  /** Announce `event` to every current subscriber; never throws (an adapter that cannot deliver logs and drops). */
  publish(event: ChangeEvent): void;
  /** Receive every event published from now on; returns the function that stops it. */
  subscribe(listener: ChangeListener): () => void;
}
