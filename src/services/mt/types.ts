import type { MtJobTally } from './job-tally.ts';
import type { Locale } from '../../core/locale.ts';
import type { ArticleStore } from '../../core/ports/article-store.ts';
import type { ChangeFeed } from '../../core/ports/change-feed.ts';
import type { MtFormality, MtProvider } from '../../core/ports/mt-provider.ts';
import type { MtFailureReason, MtJob, MtQueueCounts, MtStore } from '../../core/ports/mt-store.ts';
import type { RetryPolicy } from '../../core/retry-policy.ts';

/** What the MT service needs to apply drafts; `ReviewService` from services/review.ts fits. */
export interface DraftSink {
  /** Apply a machine draft, or keep it as a suggestion when someone edited the translation meanwhile. */
  applyMachineDraft(input: DraftRequest): Promise<{ readonly outcome: string }>;
  /** Apply a draft from an approved translation of the same source; `translation` is the row afterwards, when known. */
  applyMemoryDraft(input: DraftRequest): Promise<{ readonly outcome: string; readonly translation?: { readonly revision: number } }>;
  /** Optional: apply several memory drafts with one write per article (same rule as `applyMemoryDraft`). */
  applyMemoryDrafts?(
    inputs: readonly DraftRequest[],
  ): Promise<readonly { readonly outcome: string; readonly translation?: { readonly revision: number } }[]>;
  /** Optional: apply several machine drafts of one article in one write (same rule as `applyMachineDraft`). */
  applyMachineDrafts?(inputs: readonly DraftRequest[]): Promise<readonly { readonly outcome: string }[]>;
  /**
   * Approve a memory draft just applied at `revision`, unless it changed since or an error-level check fails; needed
   * when `autoApproveSameArticle` is on.
   */
  approveMemoryDraft?(input: AutoApproveRequest): Promise<{ readonly outcome: string }>;
}

/** An automatic approval of a memory draft at `revision`, with the history note. */
export interface AutoApproveRequest {
  readonly slug: string;
  readonly segmentId: string;
  readonly locale: Locale;
  readonly text: string;
  readonly revision: number;
  readonly note: string;
}

/** An exact memory match: the approved translation and the article it was approved in (null when unknown, e.g. TMX). */
export interface ExactMatch {
  readonly target: string;
  readonly slug: string | null;
}

/** A draft for one segment in one locale, written only if the translation is still at `expectedRevision`. */
export interface DraftRequest {
  readonly slug: string;
  readonly segmentId: string;
  readonly locale: Locale;
  readonly text: string;
  readonly expectedRevision: number;
  readonly sourceHash?: string;
}

/** The structured logger the MT service writes to (pino fits). */
export interface MtLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * The retry policy of provider requests (translations and glossary uploads) inside one drain; defaults
 * `MT_RETRY_DEFAULTS` (see core/retry-policy.ts).
 */
export type MtRetryConfig = Partial<RetryPolicy>;

/** 4 tries, 1 s first delay, 30 s ceiling: a dropped connection or a moment's 5xx is waited out within the drain. */
export const MT_RETRY_DEFAULTS: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

/**
 * The durable retries of queue items whose request kept failing for a passing reason (429, 5xx, timeout): tries in
 * all before an item is `failed`, first delay and ceiling. Defaults `MT_BACKOFF_DEFAULTS`.
 */
export type MtBackoffConfig = Partial<RetryPolicy>;

/** 8 tries, 1 minute first delay doubling to at most an hour: an hour-long outage is waited out without anyone. */
export const MT_BACKOFF_DEFAULTS: RetryPolicy = { attempts: 8, baseDelayMs: 60_000, maxDelayMs: 3_600_000 };

/** Characters (code points sent) each person may re-run per UTC day unless configured or raised. */
export const DEFAULT_RERUN_BUDGET = 20_000;

/** How long a machine answer is reused for a re-run of the same text with the same settings: 24 hours. */
export const DEFAULT_REUSE_WITHIN_MS = 24 * 3_600_000;

/** What the MT service is built from (main.ts wires it). */
export interface MtServiceDeps {
  /** The article store. */
  readonly store: ArticleStore;
  /** The MT queue, ledger and settings. */
  readonly mt: MtStore;
  /** The provider drafts come from (`none` when machine translation is off). */
  readonly provider: MtProvider;
  /** Where drafts are applied (the review service). */
  readonly drafts: DraftSink;
  readonly sourceLocale?: Locale;
  readonly targetLocales?: readonly Locale[];
  /**
   * An approved translation of a source with this hash in this locale, or null. Matching segments are never sent:
   * their draft comes from memory. Defaults to a scan of the article store (translation memory replaces it).
   */
  readonly findApprovedTranslation?: (hash: string, locale: Locale) => Promise<string | null>;
  /**
   * Like `findApprovedTranslation`, but says which article the match was approved in; `slug` is the article being
   * translated (its own entries may be preferred). Used instead of `findApprovedTranslation` when given.
   */
  readonly findExactMatch?: (hash: string, locale: Locale, slug: string) => Promise<ExactMatch | null>;
  /**
   * `findExactMatch` for a round's items at once (one round trip to a shared memory), the answers in the order of
   * `keys`. Used instead of `findExactMatch` when given.
   */
  /**
   * Run `work` (a round applying its drafts to many articles) with the checks' glossary and confidential-term reads
   * shared by all its writes (CheckService.sharingReads); without it each write reads its own.
   */
  readonly sharingCheckReads?: <T>(work: () => Promise<T>) => Promise<T>;
  readonly findExactMatches?: (
    keys: readonly { readonly hash: string; readonly locale: Locale; readonly slug: string }[],
  ) => Promise<(ExactMatch | null)[]>;
  /**
   * Approve memory drafts whose exact match comes from the same article (TANDEM_AUTO_APPROVE_SAME_ARTICLE), when no
   * error-level check fails. Default false: memory drafts wait for a reviewer.
   */
  readonly autoApproveSameArticle?: boolean;
  /** Requests in flight at once. Default 2. */
  readonly concurrency?: number;
  /** Tries of one request within a drain (short delays). */
  readonly retry?: MtRetryConfig;
  /** Durable retries of items after a drain gave up on their request (long delays, kept across restarts). */
  readonly backoff?: MtBackoffConfig;
  /** Characters each person may re-run per UTC day (`retranslate`) until an editor sets another budget. */
  readonly rerunBudget?: number;
  /**
   * A re-run of an unchanged text with unchanged settings within this many milliseconds gets the answer received
   * then instead of a new request; 0 turns reuse off. Default `DEFAULT_REUSE_WITHIN_MS`.
   */
  readonly reuseWithinMs?: number;
  /** Random numbers in [0, 1) for the jitter of retry delays (tests pin it). */
  readonly random?: () => number;
  /** Formality preference per target locale (sent only where the provider's capabilities accept it). */
  readonly formality?: Readonly<Record<Locale, MtFormality>>;
  /** Queue new and changed segments after every import when a provider is configured. Default true. */
  readonly autoTranslate?: boolean;
  readonly logger?: MtLogger;
  /** Where changes of the queue's counts per article and locale are announced (`mt-progress`), after they are stored. */
  readonly changes?: ChangeFeed;
  /** The clock of the audit log, pauses, retries, budgets and reuse. */
  readonly now?: () => Date;
}

/**
 * `off`: no provider; `paused`: quota spent until resumed; `unauthorized`: credentials rejected; `retrying`: requests
 * keep failing for a passing reason (rate limit, outage) and items wait to be tried again.
 */
export type MtState = 'off' | 'ready' | 'paused' | 'unauthorized' | 'retrying';

/**
 * The provider key check run in the background at start-up (`MtService.verify`): `not-checked` before any, `checking`
 * while it runs, `ok`, `rejected` (the state is then `unauthorized`), `unreachable` (no answer; drafts are tried anyway).
 */
export const MT_KEY_CHECK_STATES = ['not-checked', 'checking', 'ok', 'rejected', 'unreachable'] as const;
export type MtKeyCheckState = (typeof MT_KEY_CHECK_STATES)[number];

/** The last key check and when it ended (ISO 8601 UTC; absent while checking or before any). */
export interface MtKeyCheck {
  readonly state: MtKeyCheckState;
  readonly at?: string;
}

/** What the CLI and the UI show about machine translation. */
export interface MtStatus {
  readonly provider: string;
  readonly state: MtState;
  /** One sentence for people: what is going on and what to do. */
  readonly message: string;
  /**
   * What to set to turn the provider on or fix its credentials (its `capabilities.configHint`), for callers that word
   * their own message, such as the web UI in the reader's language.
   */
  readonly configHint: string;
  readonly queue: MtQueueCounts;
  /** Language pairs whose glossary the provider did not take: their machine translation waits (none when empty). */
  readonly blockedGlossaries: readonly BlockedGlossary[];
  /** The provider key check. */
  readonly keyCheck: MtKeyCheck;
  /** When the worker next tries items that failed for a passing reason, ISO 8601 UTC; null when none waits. */
  readonly nextRetryAt: string | null;
  /** The reason of the latest passing failure while `retrying`, else null. */
  readonly retryReason: MtFailureReason | null;
}

/** What the queue holds for one article in one target locale (only pairs with live or failed items are listed). */
export type { MtArticleProgress, MtReasonCount } from '../../core/ports/change-feed.ts';

/** The daily re-run budget and who spent what of it today. */
export interface MtRerunBudgetStatus {
  /** Characters (code points sent) per person and UTC day. */
  readonly charactersPerDay: number;
  /** Who set it and when (ISO 8601 UTC); null while the configured default applies. */
  readonly setBy: string | null;
  readonly setAt: string | null;
  /** Today, UTC, `YYYY-MM-DD`. */
  readonly day: string;
  /** Characters each person re-ran today, most first. */
  readonly spent: readonly { readonly user: string; readonly characters: number }[];
}

/** A language pair whose glossary could not be uploaded; nothing of the pair is sent until it is. */
export interface BlockedGlossary {
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  /** The provider's reason (`deepl: request failed: Bad request, message: Invalid glossary entries provided…`). */
  readonly reason: string;
  /** When the upload failed, ISO 8601 UTC. */
  readonly at: string;
}

/** Queue items of a job (or all): done, failed, and still queued or in flight. */
export interface MtProgress {
  readonly done: number;
  readonly failed: number;
  readonly remaining: number;
}

/**
 * One job as `tandem translate` beside a server follows it: its queue counts (`remaining` is queued plus in flight;
 * `inFlight` and `retrying` as well), whether a background worker drains the queue (`working`: in this process or in
 * any other on the same database, MtWorkerPresence; false when none runs, e.g. only `serve --role web` instances), and
 * what the drains of every process did for it (MtJobTally, stored with the job).
 */
export interface MtJobReport extends MtProgress, MtJobTally {
  readonly inFlight: number;
  readonly retrying: number;
  readonly working: boolean;
}

/** As MtJobReport, for the whole queue: every job's tally added up. */
export interface MtWorkerReport extends MtProgress, MtJobTally {
  readonly inFlight: number;
  readonly retrying: number;
  readonly working: boolean;
}

/** What one drain did; characters are Unicode code points of the (masked) texts sent, retries counted again. */
export interface DrainSummary {
  readonly requests: number;
  readonly characters: number;
  readonly drafts: number;
  readonly memoryDrafts: number;
  readonly failed: number;
  /** Items whose request kept failing for a passing reason: they wait to be tried again (`MtStatus.nextRetryAt`). */
  readonly retrying: number;
  /** Why draining stopped early (paused, unauthorized, retrying: the provider cools down), when it did. */
  readonly stoppedBy: MtState | null;
  /** Queue items left waiting because their pair's glossary could not be uploaded (they stay queued). */
  readonly blocked: number;
  /** The pairs those items belong to, with the provider's reason. */
  readonly blockedGlossaries: readonly BlockedGlossary[];
}

/** What to queue: articles, locales and segments (all when absent), and who asked. */
export interface EnqueueInput {
  readonly locales?: readonly string[];
  /** Article slugs; all articles when absent. */
  readonly slugs?: readonly string[];
  readonly by: string;
  /** Only these segments (import hooks). */
  readonly segmentIds?: readonly string[];
}

/** One segment in one locale to send again, and who asked. */
export interface RetranslateInput {
  readonly slug: string;
  readonly segmentId: string;
  readonly locale: string;
  readonly by: string;
}

/** The outcome of `MtService.retranslate`. */
export interface RetranslateResult {
  readonly job: MtJob | null;
  /** Whether a new item went into the queue. */
  readonly queued: boolean;
  /**
   * Why nothing was queued: machine translation is off, the same re-run is still waiting in the queue, or the answer
   * received for the same text and settings recently was applied again (`reused`, nothing sent or charged).
   */
  readonly reason: 'off' | 'already-queued' | 'reused' | null;
  /** For `reused`: when the reused answer was received, ISO 8601 UTC. */
  readonly reusedAt?: string;
}
