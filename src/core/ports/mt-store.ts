import type { Locale } from '../locale.ts';
import type { Slug } from '../slug.ts';

/**
 * `queued`: waits for the worker; `in-flight`: being sent; `retrying`: a send failed for a passing reason and the item
 * waits until `retryAt`; `failed`: it failed for good (refused, or the retry cap was reached) until someone retries it.
 */
export const MT_ITEM_STATES = ['queued', 'in-flight', 'retrying', 'done', 'failed'] as const;
export type MtItemState = (typeof MT_ITEM_STATES)[number];

/**
 * Why a send failed, as a stable code people read through a translation (`review:mtProgress.reasons.<code>`), never
 * the provider's own words: rate limit (429), the service unavailable (5xx), no answer in time, no connection, an
 * answer that could not be read, a request the provider refused, anything else.
 */
export const MT_FAILURE_REASONS = ['rate-limited', 'unavailable', 'timeout', 'connection', 'malformed', 'refused', 'unknown'] as const;
export type MtFailureReason = (typeof MT_FAILURE_REASONS)[number];

/** A failed send of some items: the developer message (logs, CLI) and its stable reason. */
export interface MtItemFailure {
  /** The provider's message, cut to 500 characters; for logs and operators, not for the UI. */
  readonly error: string;
  readonly reason: MtFailureReason;
}

/** Which live items an operation is about; every field narrows, none means all. */
export interface MtItemFilter {
  readonly jobId?: string;
  readonly slug?: string;
  readonly locale?: Locale;
}

/** One (segment, target locale) waiting for a machine draft. */
export interface MtQueueItem {
  readonly id: string;
  readonly jobId: string;
  readonly slug: Slug;
  readonly segmentId: string;
  readonly locale: Locale;
  /** Source hash at enqueue time; an item whose segment changed since is dropped, the re-import queues the new text. */
  readonly hash: string;
  /** Translation revision at enqueue time, so a human edit made meanwhile is never overwritten. */
  readonly expectedRevision: number;
  /**
   * Someone asked for this segment again (`MtService.retranslate`): it is sent whatever its state, never answered from
   * memory, and deduplicated only against other forced items.
   */
  readonly force?: boolean;
  /** Who asked for a forced re-run (their daily re-run budget paid for it). */
  readonly requestedBy?: string;
  readonly state: MtItemState;
  /** Failed sends so far (a send may itself have been tried several times, see `withRetry`). */
  readonly attempts: number;
  /** The last failure's message (retrying and failed items). */
  readonly error?: string;
  /** The last failure's reason (retrying and failed items); absent on items failed before reasons were kept. */
  readonly reason?: MtFailureReason;
  /** When a retrying item is tried again, ISO 8601 UTC. */
  readonly retryAt?: string;
  readonly enqueuedAt: string;
}

export type NewMtQueueItem = Omit<MtQueueItem, 'id' | 'jobId' | 'state' | 'attempts' | 'error' | 'reason' | 'retryAt' | 'enqueuedAt'>;

/** A unit of work someone asked for (`tandem translate`, an import); items point at it. */
export interface MtJob {
  readonly id: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly provider: string;
  readonly locales: readonly Locale[];
  /** Items added by this job. */
  readonly total: number;
}

export interface MtQueueCounts {
  readonly queued: number;
  readonly inFlight: number;
  readonly retrying: number;
  readonly done: number;
  readonly failed: number;
}

/**
 * The persistent machine-translation queue. Every transition is durable before its promise resolves, so a killed
 * process loses no item; `recover()` at start-up puts items that were in flight back in the queue.
 */
export interface MtQueueStore {
  /**
   * Create a job with its items; items already queued, in flight or retrying for the same segment, locale and hash are
   * skipped.
   */
  enqueue(
    job: Omit<MtJob, 'id' | 'createdAt' | 'total'>,
    items: readonly NewMtQueueItem[],
  ): Promise<{ job: MtJob; added: number; skipped: number }>;
  /**
   * Move up to `limit` items, oldest first, to in-flight and return them: queued ones, and retrying ones whose
   * `retryAt` is at or before `now` (ISO 8601 UTC; default the current time).
   */
  claim(limit: number, now?: string): Promise<MtQueueItem[]>;
  /** Mark in-flight items done; done items leave the queue (only the job counts remember them). */
  complete(ids: readonly string[]): Promise<void>;
  /** Mark in-flight items failed for good (until `retryFailed`), counting the attempt and keeping the failure. */
  fail(ids: readonly string[], failure: MtItemFailure): Promise<void>;
  /** Mark in-flight items retrying: counted as an attempt, claimed again from `retryAt` (ISO 8601 UTC) on. */
  retryLater(ids: readonly string[], failure: MtItemFailure & { readonly retryAt: string }): Promise<void>;
  /** Put in-flight items back in the queue (pause, unauthorized, provider cool-down); `attempt` counts the try. */
  release(ids: readonly string[], attempt?: boolean): Promise<void>;
  /**
   * Queue failed and retrying items matching `filter` again now, with their attempts reset (someone asked: "retry
   * now"). Returns how many.
   */
  retryFailed(filter?: MtItemFilter): Promise<number>;
  /** Put every in-flight item back in the queue; call once at start-up before any worker runs. Returns how many. */
  recover(): Promise<number>;
  /** Live (not done) items, optionally only one job's. */
  items(jobId?: string): Promise<MtQueueItem[]>;
  /**
   * Live items of these articles in these locales (any job), oldest first: what a progress announcement counts after a
   * transition, read without the rest of the queue.
   */
  itemsOf(pairs: readonly { readonly slug: string; readonly locale: Locale }[]): Promise<MtQueueItem[]>;
  /** Counts by state, for everything or one job. */
  counts(jobId?: string): Promise<MtQueueCounts>;
  /** Jobs, newest first. */
  jobs(): Promise<MtJob[]>;
  /**
   * Add what a drain did to its jobs' tallies, durably, so that every instance reports it (a web instance follows jobs
   * a worker elsewhere drains). Deltas of unknown jobs are ignored.
   */
  addTallies(deltas: readonly MtJobTallyDelta[]): Promise<void>;
  /** One job's tally (zeros for an unknown job or one nothing was done for yet), or every job's added up. */
  tally(jobId?: string): Promise<MtJobTally>;
}

/**
 * Which processes drain the queue: each background worker announces itself for as long as it runs, and any process
 * asks whether one does (a web instance of a split deployment, before it waits for a worker to translate). A worker
 * that dies without a word stops counting (PostgreSQL: its session ends; embedded: it was this process).
 */
export interface MtWorkerPresence {
  /** Count this process as a worker until `release` (or its death). */
  announce(): Promise<{ release(): Promise<void> }>;
  /** Whether at least one worker is announced now, in any process on the same store. */
  present(): Promise<boolean>;
}

/** What drains did for one job, beyond the queue's counts: the figures of a drain summary, kept with the job. */
export interface MtJobTally {
  /** Machine drafts applied (answers received, or reused from another request). */
  readonly drafts: number;
  /** Drafts taken from an approved translation of the same source (exact memory matches). */
  readonly memoryDrafts: number;
  /** Provider requests that carried at least one of the job's texts. */
  readonly requests: number;
  /** Characters sent for the job (Unicode code points; a text shared by several jobs counts for the first). */
  readonly characters: number;
}

/**
 * An amount to add to one job's tally. `firstRequests` counts the requests whose first text was this job's: a request
 * carrying texts of several jobs counts in each job's `requests`, but once in the sum of all jobs (`tally()`).
 */
export type MtJobTallyDelta = { readonly jobId: string; readonly firstRequests: number } & MtJobTally;

/** An outgoing request as the audit log keeps it: who and how much, never the text. */
export interface MtAuditEntry {
  readonly at: string;
  readonly provider: string;
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  /** Per article: the segments in the request and the characters of their texts as sent. */
  readonly articles: readonly { readonly slug: Slug; readonly segmentIds: readonly string[]; readonly characters: number }[];
  /** Per job: the characters sent on its behalf (a text shared by several jobs counts for the first). */
  readonly jobs: readonly { readonly jobId: string; readonly characters: number }[];
  readonly texts: number;
  readonly characters: number;
  readonly billedCharacters: number | null;
  /** `ok`, or the error code the request ended with. */
  readonly outcome: string;
}

/** Append-only log of every request that left the building; usage is summed from it. */
export interface MtLedger {
  /** Durably append one entry. */
  append(entry: MtAuditEntry): Promise<void>;
  /** Entries, oldest first, optionally only those at or after `since` (ISO date or timestamp). */
  entries(since?: string): Promise<MtAuditEntry[]>;
}

export interface ConfidentialTermRecord {
  readonly term: string;
  /** What translations show instead (a pseudonym, "a source"); the original term is restored when absent. */
  readonly render?: string;
  readonly addedAt: string;
  readonly addedBy: string;
}

export interface GlossaryRecord {
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  /** Source term → target term. */
  readonly entries: Readonly<Record<string, string>>;
  /** Optional per-term details for quality checks, keyed like `entries` (source term). */
  readonly details?: Readonly<Record<string, GlossaryEntryDetails>>;
  readonly updatedAt: string;
}

/** What the glossary check needs beyond source → target. */
export interface GlossaryEntryDetails {
  /** Renderings translations must not use. */
  readonly forbidden?: readonly string[];
  /** A note for translators. */
  readonly note?: string;
  /** Match Latin-script terms case-sensitively. */
  readonly caseSensitive?: boolean;
}

/** The provider-side copy of a glossary, identified by the hash of the entries it was made from. */
export interface RemoteGlossaryRecord {
  readonly provider: string;
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  readonly hash: string;
  readonly id: string;
  /** Set while the last upload of this pair's glossary failed: machine translation for the pair waits. */
  readonly failure?: GlossaryUploadFailure;
}

/** A glossary upload that failed; cleared by the next successful upload. */
export interface GlossaryUploadFailure {
  /** Hash of the entries that could not be uploaded; a re-import with other entries tries again. */
  readonly hash: string;
  /** The provider's reason, as people read it. */
  readonly reason: string;
  /** When it failed, ISO 8601 UTC. */
  readonly at: string;
  /** A passing failure (server error, timeout), tried again on the next drain; false when the provider refused. */
  readonly retryable: boolean;
}

export interface MtPause {
  readonly provider: string;
  readonly reason: string;
  readonly at: string;
}

/** The daily re-run budget editors set, overriding the configured default. */
export interface MtRerunBudget {
  /** Characters (Unicode code points of the texts sent) each person may re-run per UTC day. */
  readonly charactersPerDay: number;
  readonly setBy: string;
  /** ISO 8601 UTC. */
  readonly setAt: string;
}

/** A charge against one person's re-run budget for one UTC day. */
export interface MtRerunCharge {
  readonly user: string;
  /** The UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  /** Characters to add; negative gives characters back (a re-run that was not queued after all). */
  readonly characters: number;
  /** The budget: a charge that would take the day's spending above it is refused. */
  readonly limit: number;
}

/** Small editable MT settings: glossaries, confidential terms, provider-side glossary ids and provider pauses. */
export interface MtSettingsStore {
  /** Every glossary (one per language pair). */
  glossaries(): Promise<GlossaryRecord[]>;
  /** The glossary for a pair, or null. */
  glossary(sourceLocale: Locale, targetLocale: Locale): Promise<GlossaryRecord | null>;
  /** Replace the glossary of a pair (an empty entry list removes it). */
  putGlossary(record: GlossaryRecord): Promise<void>;
  /** The provider-side glossary last uploaded for a pair, or null. */
  remoteGlossary(provider: string, sourceLocale: Locale, targetLocale: Locale): Promise<RemoteGlossaryRecord | null>;
  /** Remember the provider-side glossary for a pair. */
  putRemoteGlossary(record: RemoteGlossaryRecord): Promise<void>;
  /** Confidential terms: global ones when `slug` is null, else the article's own list. */
  confidentialTerms(slug: string | null): Promise<ConfidentialTermRecord[]>;
  /** Add or update a confidential term (matched by its text). */
  putConfidentialTerm(slug: string | null, term: ConfidentialTermRecord): Promise<void>;
  /** Remove a confidential term; resolves false when it was not there. */
  removeConfidentialTerm(slug: string | null, term: string): Promise<boolean>;
  /** The provider's pause (quota spent), or null. */
  pause(provider: string): Promise<MtPause | null>;
  /** Pause a provider's queue, or clear the pause with null. */
  setPause(provider: string, pause: MtPause | null): Promise<void>;
  /** The re-run budget an editor set, or null (the configured default applies). */
  rerunBudget(): Promise<MtRerunBudget | null>;
  /** Set the re-run budget. */
  setRerunBudget(budget: MtRerunBudget): Promise<void>;
  /**
   * Add a charge to a person's spending of `day`, unless it would exceed `limit`; atomic, so two requests cannot both
   * pass the last characters. Spending of other days is forgotten. Resolves with whether it was charged and the day's
   * spending afterwards.
   */
  chargeRerun(charge: MtRerunCharge): Promise<{ readonly charged: boolean; readonly spent: number }>;
  /** Characters each person re-ran on `day` (`YYYY-MM-DD`, UTC); people who re-ran nothing are absent. */
  rerunSpending(day: string): Promise<Readonly<Record<string, number>>>;
}

/** A machine answer kept for reuse: the raw (still masked) provider text under the hash of everything that made it. */
export interface MtCachedDraft {
  /** Hash of the masked source, language pair, glossary version, formality and context (services/mt/draft-cache.ts). */
  readonly key: string;
  /** The provider's answer as received (masking placeholders still in). */
  readonly text: string;
  /** When it was received, ISO 8601 UTC. */
  readonly at: string;
}

/** Recent machine answers, so re-running an unchanged segment with unchanged settings does not pay twice. */
export interface MtDraftCache {
  /** The newest answer under `key`, or null. */
  get(key: string): Promise<MtCachedDraft | null>;
  /** Durably remember answers (a later one under the same key replaces the earlier). */
  put(drafts: readonly MtCachedDraft[]): Promise<void>;
  /** Forget answers received before `before` (ISO 8601 UTC); resolves with how many. */
  prune(before: string): Promise<number>;
}

/** A stored machine answer under its reuse key, as `MtAnswerStore.put` takes it. */
export interface MtAnswer {
  /** Hash of the masked source, language pair, glossary version, formality and tag handling (services/mt/draft-cache.ts `answerKey`). */
  readonly key: string;
  /** The provider's answer as received: masking placeholders still in, so no confidential term is ever stored. */
  readonly text: string;
}

/**
 * What `MtAnswerStore.share` asks the caller for: the answers of `keys` (those nobody has an answer for yet, or that
 * must be asked again), usually by sending them to the provider. Must not use the store's own connections (on a
 * database it runs while the keys are held), and throws to leave the keys unanswered.
 */
export type MtAnswerProducer = (keys: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/**
 * Machine answers shared by every worker of the deployment, so an identical text (same masked source, language pair,
 * glossary version and formality) is sent to the provider once, whichever worker meets it and whenever. A key being
 * produced is held: another worker sharing it waits for that answer instead of sending the text a second time, and
 * takes over when the producer fails or dies.
 */
export interface MtAnswerStore {
  /** The stored answers of `keys`; keys without one are absent from the map. */
  get(keys: readonly string[]): Promise<Map<string, string>>;
  /**
   * The answers of `keys`: stored ones as they are, the others (and every key in `refresh`, a forced re-run) from
   * `produce`, which is called at most once, only with keys nobody answered meanwhile, and whose answers are stored
   * at `at` (ISO 8601 UTC) before this resolves. While `produce` runs its keys are held: a concurrent `share` of one
   * of them waits, then reads the answer (or, when `produce` threw, produces it itself). Rethrows what `produce`
   * threw, storing nothing.
   */
  share(
    keys: readonly string[],
    produce: MtAnswerProducer,
    options: { readonly at: string; readonly refresh?: ReadonlySet<string> },
  ): Promise<Map<string, string>>;
  /** Forget answers stored before `before` (ISO 8601 UTC); resolves with how many. */
  prune(before: string): Promise<number>;
}

/** Everything the MT service persists. */
export interface MtStore {
  readonly queue: MtQueueStore;
  readonly ledger: MtLedger;
  readonly settings: MtSettingsStore;
  readonly drafts: MtDraftCache;
  readonly answers: MtAnswerStore;
  readonly workers: MtWorkerPresence;
  /** Flush and release files. */
  close(): Promise<void>;
}
