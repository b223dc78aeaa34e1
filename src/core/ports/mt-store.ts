import type { Locale } from '../locale.ts';
import type { Slug } from '../slug.ts';

export const MT_ITEM_STATES = ['queued', 'in-flight', 'done', 'failed'] as const;
export type MtItemState = (typeof MT_ITEM_STATES)[number];

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
  readonly state: MtItemState;
  readonly attempts: number;
  readonly error?: string;
  readonly enqueuedAt: string;
}

export type NewMtQueueItem = Omit<MtQueueItem, 'id' | 'jobId' | 'state' | 'attempts' | 'error' | 'enqueuedAt'>;

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
  readonly done: number;
  readonly failed: number;
}

/**
 * The persistent machine-translation queue. Every transition is durable before its promise resolves, so a killed
 * process loses no item; `recover()` at start-up puts items that were in flight back in the queue.
 */
export interface MtQueueStore {
  /** Create a job with its items; items already queued or in flight for the same segment, locale and hash are skipped. */
  enqueue(
    job: Omit<MtJob, 'id' | 'createdAt' | 'total'>,
    items: readonly NewMtQueueItem[],
  ): Promise<{ job: MtJob; added: number; skipped: number }>;
  /** Move up to `limit` queued items, oldest first, to in-flight and return them. */
  claim(limit: number): Promise<MtQueueItem[]>;
  /** Mark in-flight items done; done items leave the queue (only the job counts remember them). */
  complete(ids: readonly string[]): Promise<void>;
  /** Mark in-flight items failed with a reason an editor can read. */
  fail(ids: readonly string[], error: string): Promise<void>;
  /** Put in-flight items back in the queue (pause, unauthorized, retryable failure); `attempt` counts the try. */
  release(ids: readonly string[], attempt?: boolean): Promise<void>;
  /** Requeue failed items, all or one job's. Returns how many. */
  retryFailed(jobId?: string): Promise<number>;
  /** Put every in-flight item back in the queue; call once at start-up before any worker runs. Returns how many. */
  recover(): Promise<number>;
  /** Live (not done) items, optionally only one job's. */
  items(jobId?: string): Promise<MtQueueItem[]>;
  /** Counts by state, for everything or one job. */
  counts(jobId?: string): Promise<MtQueueCounts>;
  /** Jobs, newest first. */
  jobs(): Promise<MtJob[]>;
}

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
}

/** Everything the MT service persists. */
export interface MtStore {
  readonly queue: MtQueueStore;
  readonly ledger: MtLedger;
  readonly settings: MtSettingsStore;
  /** Flush and release files. */
  close(): Promise<void>;
}
