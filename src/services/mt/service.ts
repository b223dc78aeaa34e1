import { ConfigError, MtAuthError } from '../../core/errors.ts';
import { canonicalLocale } from '../../core/locale.ts';
import type { ArticleRecord } from '../../core/model.ts';
import type { MtProvider } from '../../core/ports/mt-provider.ts';
import type { MtItemFilter, MtJob } from '../../core/ports/mt-store.ts';
import { pruneAnswers, pruneDrafts } from './draft-cache.ts';
import { enqueueArticles, queueImported, retranslateSegment } from './enqueue.ts';
import { clearGlossaryFailures } from './glossary-sync.ts';
import { articleProgress, failedJobs, mtStatus, queueReport } from './report.ts';
import { rerunBudgetStatus, setRerunBudget } from './reruns.ts';
import { MtRuntime } from './runtime.ts';
import type {
  DrainSummary,
  EnqueueInput,
  MtArticleProgress,
  MtJobReport,
  MtWorkerReport,
  MtProgress,
  MtRerunBudgetStatus,
  MtServiceDeps,
  MtStatus,
  RetranslateInput,
  RetranslateResult,
} from './types.ts';
import { drainQueue } from './worker.ts';
import type { MtJobTally } from './job-tally.ts';
import { withLiveQueue } from './live-queue.ts';

/**
 * Machine drafts: a persistent queue of (segment, locale) items drained by a worker with bounded concurrency.
 * Batching within the provider's declared limits, masking of confidential terms, deduplication, memory matches,
 * glossaries, the retry policy and the audit log live once in this folder; providers only speak to their service.
 */
export class MtService {
  readonly #rt: MtRuntime;
  #draining: Promise<DrainSummary> | null = null;
  /** A nudge came while the worker was not waiting: it drains again before it waits. */
  #nudged = false;

  /** Throws a ConfigError (code `config`) when `autoApproveSameArticle` is on but the sink cannot approve. */
  constructor(deps: MtServiceDeps) {
    if (deps.autoApproveSameArticle && !deps.drafts.approveMemoryDraft) {
      throw new ConfigError(
        'translate: autoApproveSameArticle needs a draft sink with approveMemoryDraft; pass the ReviewService as drafts',
      );
    }
    this.#rt = new MtRuntime(deps.changes ? { ...deps, mt: withLiveQueue(deps.mt, deps.changes, deps.logger) } : deps);
  }

  /** The provider drafts come from. */
  get provider(): MtProvider {
    return this.#rt.deps.provider;
  }

  /**
   * Put items left in flight by a killed process back in the queue (retrying items keep their retry time) and forget
   * machine answers too old to reuse (re-run drafts and shared answers); resolves with how many items went back. Call
   * once at start-up.
   */
  async recover(): Promise<number> {
    await Promise.all([pruneDrafts(this.#rt), pruneAnswers(this.#rt)]);
    return this.#rt.deps.mt.queue.recover();
  }

  /**
   * The provider's state (`off`, `unauthorized`, `paused`, `retrying`, `ready`), the queue's counts, when the next retry
   * is due and why, the key check, the language pairs waiting for their glossary, and one sentence saying what to do.
   */
  status(): Promise<MtStatus> {
    return mtStatus(this.#rt);
  }

  /**
   * What the queue holds per article and target locale: queued, in flight, retrying (with when) and failed (with
   * why); only pairs with such items, optionally one article's or one locale's.
   */
  articleProgress(filter: { readonly slug?: string; readonly locale?: string } = {}): Promise<MtArticleProgress[]> {
    return articleProgress(this.#rt, {
      ...(filter.slug ? { slug: filter.slug } : {}),
      ...(filter.locale ? { locale: canonicalLocale(filter.locale) } : {}),
    });
  }

  /**
   * Ask the provider for its usage once so a rejected key shows up as `unauthorized` with a clear message instead of
   * failing later in the worker. The key check is `checking` from the call on (the server starts it without waiting
   * and listens meanwhile), then `ok`, `rejected` or `unreachable` (logged, not thrown: drafts are tried anyway).
   */
  async verify(): Promise<MtStatus> {
    const rt = this.#rt;
    const { provider, logger } = rt.deps;
    if (provider.enabled) {
      rt.keyCheck = { state: 'checking' };
      try {
        await provider.usage();
        rt.unauthorized = null;
        rt.keyCheck = { state: 'ok', at: rt.now() };
      } catch (error) {
        if (error instanceof MtAuthError) {
          rt.unauthorized = error.message;
          rt.keyCheck = { state: 'rejected', at: rt.now() };
        } else {
          rt.keyCheck = { state: 'unreachable', at: rt.now() };
          logger?.warn({ err: error }, 'mt: could not reach the provider to check the key');
        }
      }
    }
    return this.status();
  }

  /**
   * Clear a quota pause, an unauthorized mark and recorded glossary upload failures, so the queue drains again (and a
   * glossary the provider refused is offered once more).
   */
  async resume(): Promise<void> {
    this.#rt.unauthorized = null;
    await this.#rt.deps.mt.settings.setPause(this.#rt.deps.provider.id, null);
    await clearGlossaryFailures(this.#rt);
    this.#rt.wake?.();
  }

  /**
   * Retry now: queue failed and retrying items again (all, or one job's, article's or locale's) with their attempts
   * reset, and end a provider cool-down, so the worker sends them at once. Resolves with how many.
   */
  async retryFailed(filter: MtItemFilter = {}): Promise<number> {
    const n = await this.#rt.deps.mt.queue.retryFailed({
      ...filter,
      ...(filter.locale ? { locale: canonicalLocale(filter.locale) } : {}),
    });
    if (n > 0) this.#rt.coolDownUntil = null;
    this.#rt.wake?.();
    return n;
  }

  /** The whole queue's counts and what this process's drains did since it started (MtWorkerReport). */
  workerReport(): Promise<MtWorkerReport> {
    return queueReport(this.#rt);
  }

  /**
   * As retryFailed, also naming the jobs whose items went back, each with what this process's drains had done for it
   * before (MtJobTally), so someone waiting for them counts only what the retry does.
   */
  async retryFailedJobs(filter: MtItemFilter = {}): Promise<{ retried: number; jobs: ({ jobId: string } & MtJobTally)[] }> {
    const jobs = await failedJobs(this.#rt, filter);
    return { retried: await this.retryFailed(filter), jobs };
  }

  /** The daily re-run budget per person, who set it, and what each person re-ran today (UTC). */
  rerunBudget(): Promise<MtRerunBudgetStatus> {
    return rerunBudgetStatus(this.#rt);
  }

  /** Set the daily re-run budget per person, in characters. Throws ValidationError outside 0–10,000,000. */
  setRerunBudget(charactersPerDay: number, by: string): Promise<void> {
    return setRerunBudget(this.#rt, charactersPerDay, by);
  }

  /**
   * Queue the untranslated and stale segments of some articles (or all) for the given locales (or every target locale).
   * Nothing is queued while machine translation is off. Throws an AppError `validation` for a locale that is not a
   * target, `not-found` for an unknown article.
   */
  enqueue(input: EnqueueInput): Promise<{ job: MtJob | null; added: number; skipped: number }> {
    return enqueueArticles(this.#rt, input);
  }

  /**
   * Queue one segment for a fresh machine draft whatever its state (someone asked for it again). The request goes to
   * the provider even when an approved translation of the same source exists or the answer is known from earlier in
   * this process, with one exception: an answer received for the same masked text, language pair, glossary version,
   * formality and context within the reuse window is applied again at once (`reason: 'reused'`, nothing sent or
   * charged). Otherwise the characters are charged to the requester's daily re-run budget. The draft replaces only a
   * machine draft nobody touched; next to a person's text, or in review, it arrives as a suggestion
   * (`ReviewService.applyMachineDraft`). Throws ValidationError for a locale that is not a target or a segment
   * without source text, NotFoundError for an unknown article or segment, MtBudgetError when the budget is spent.
   */
  retranslate(input: RetranslateInput): Promise<RetranslateResult> {
    return retranslateSegment(this.#rt, input);
  }

  /**
   * The import hook: queue new and changed segments for every target locale (when MT is on and auto-translate is not
   * off); with MT off, exact memory matches are still applied as drafts.
   */
  afterImport(
    result: { readonly slug: string; readonly changedSegmentIds: readonly string[]; readonly addedSegmentIds: readonly string[] },
    record: ArticleRecord,
  ): Promise<void> {
    return queueImported(this.#rt, result, record);
  }

  /** Progress of one job (or everything). */
  async progress(jobId?: string): Promise<MtProgress> {
    const c = await this.#rt.deps.mt.queue.counts(jobId);
    return { done: c.done, failed: c.failed, remaining: c.queued + c.inFlight };
  }

  /** One job's counts and what this process's drains did for it (MtJobReport); zeros for a job it does not know. */
  jobReport(jobId: string): Promise<MtJobReport> {
    return queueReport(this.#rt, jobId);
  }

  /**
   * Translate until the queue is empty, or until the provider is paused or unauthorized. One drain runs at a time;
   * a second caller waits for the running one and then drains what is left.
   */
  async drain(options: { onProgress?: () => void } = {}): Promise<DrainSummary> {
    while (this.#draining) await this.#draining.catch(() => undefined);
    const run = drainQueue(this.#rt, options.onProgress);
    this.#draining = run;
    try {
      return await run;
    } finally {
      this.#draining = null;
    }
  }

  /**
   * Tell the background worker that another process queued work (PostgreSQL's NOTIFY): it drains now, or right after
   * the round it is in, instead of at its next poll.
   */
  nudge(): void {
    if (this.#rt.wake) this.#rt.wake();
    else this.#nudged = true;
  }

  /**
   * Drain in the background whenever work is queued (and every `pollMs`, default 5000, which is also how soon after
   * its time a retrying item is sent), until `stop()`.
   */
  startWorker(options: { pollMs?: number } = {}): { stop(): Promise<void> } {
    let stopped = false;
    const pollMs = options.pollMs ?? 5000;
    this.#rt.working = true;
    // Other instances (a web instance following a job) see this worker for as long as it runs; a database that cannot
    // take the announcement now only makes them say that no worker runs, and the worker works all the same.
    const presence = this.#rt.deps.mt.workers.announce().catch((error: unknown) => {
      this.#rt.deps.logger?.warn({ err: error }, 'mt: this worker could not announce itself to other instances');
      return null;
    });
    const loop = (async () => {
      while (!stopped) {
        try {
          const { requests, characters, drafts, memoryDrafts, failed, retrying, stoppedBy } = await this.drain();
          // One line per drain that did something: how far a worker got, and (with several) which one did the work.
          if (requests + drafts + memoryDrafts + failed + retrying > 0) {
            this.#rt.deps.logger?.info({ requests, characters, drafts, memoryDrafts, failed, retrying, stoppedBy }, 'mt: queue drained');
          }
        } catch (error) {
          this.#rt.deps.logger?.warn({ err: error }, 'mt: worker round failed');
        }
        if (stopped) break;
        if (this.#nudged) {
          this.#nudged = false;
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          this.#rt.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#rt.wake = null;
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        this.#rt.working = false;
        this.#rt.halted = true;
        this.#rt.wake?.();
        await loop;
        await (await presence)?.release();
      },
    };
  }
}

/** Create the MT service; main.ts calls `recover()` once, wires `afterImport`, and starts `startWorker()` in the server. */
export function createMtService(deps: MtServiceDeps): MtService {
  return new MtService(deps);
}
