import type { Locale } from '../../core/locale.ts';
import type { ArticleStore } from '../../core/ports/article-store.ts';
import type { MtFormality, MtProvider } from '../../core/ports/mt-provider.ts';
import type { MtJob, MtQueueCounts, MtStore } from '../../core/ports/mt-store.ts';
import type { RetryPolicy } from '../../core/retry-policy.ts';

/** What the MT service needs to apply drafts; `ReviewService` from services/review.ts fits. */
export interface DraftSink {
  /** Apply a machine draft, or keep it as a suggestion when someone edited the translation meanwhile. */
  applyMachineDraft(input: DraftRequest): Promise<{ readonly outcome: string }>;
  /** Apply a draft from an approved translation of the same source; `translation` is the row afterwards, when known. */
  applyMemoryDraft(input: DraftRequest): Promise<{ readonly outcome: string; readonly translation?: { readonly revision: number } }>;
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

/** The retry policy of provider requests; defaults 4 tries, 1 s first delay, 30 s ceiling (see core/retry-policy.ts). */
export type MtRetryConfig = Partial<RetryPolicy>;

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
   * Approve memory drafts whose exact match comes from the same article (TANDEM_AUTO_APPROVE_SAME_ARTICLE), when no
   * error-level check fails. Default false: memory drafts wait for a reviewer.
   */
  readonly autoApproveSameArticle?: boolean;
  /** Requests in flight at once. Default 2. */
  readonly concurrency?: number;
  readonly retry?: MtRetryConfig;
  /** Formality preference per target locale (sent only where the provider's capabilities accept it). */
  readonly formality?: Readonly<Record<Locale, MtFormality>>;
  /** Queue new and changed segments after every import when a provider is configured. Default true. */
  readonly autoTranslate?: boolean;
  readonly logger?: MtLogger;
  /** The clock of the audit log and pauses. */
  readonly now?: () => Date;
}

/** `off`: no provider; `paused`: quota spent until resumed; `unauthorized`: credentials rejected. */
export type MtState = 'off' | 'ready' | 'paused' | 'unauthorized';

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

/** What one drain did; characters are Unicode code points of the (masked) texts sent, retries counted again. */
export interface DrainSummary {
  readonly requests: number;
  readonly characters: number;
  readonly drafts: number;
  readonly memoryDrafts: number;
  readonly failed: number;
  /** Why draining stopped early (paused, unauthorized), when it did. */
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
  /** Why nothing was queued: machine translation is off, or the same re-run is still waiting in the queue. */
  readonly reason: 'off' | 'already-queued' | null;
}
