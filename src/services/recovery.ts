import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ArticleStore, PendingApprovals } from '../core/ports/article-store.ts';
import type { Locale } from '../core/locale.ts';
import type { PublicationStore } from '../core/ports/publication-store.ts';
import type { PublishTarget } from '../core/ports/publish-target.ts';
import type { MemoryService } from './memory.ts';

/** How many reconciled articles have their marks cleared in one store call. */
const SETTLE_BATCH = 100;

/** What start-up recovery repairs: the derived data a crash can leave behind its source of truth. */
export interface RecoveryDeps {
  readonly store: ArticleStore;
  readonly memory: Pick<MemoryService, 'recordApproval'>;
  readonly publishTarget: Pick<PublishTarget, 'removeLeftovers'> & Partial<Pick<PublishTarget, 'read' | 'prepare'>>;
  /** With `targetLocales`, what `restorePublishedFiles` compares the publish folder with. */
  readonly publications?: Pick<PublicationStore, 'listLive' | 'version'>;
  /** The locales whose published files are written to the publish folder. */
  readonly targetLocales?: readonly Locale[];
}

export interface RestoreSummary {
  /** Live publications looked at. */
  readonly checked: number;
  /** Published files rewritten because they were not their latest version's document. */
  readonly restored: number;
}

export interface ReconcileSummary {
  /** Articles read (those marked as bringing approvals since the last pass; the others are not looked at). */
  readonly articles: number;
  /** Approved translations that were missing from the memory and were added. */
  readonly added: number;
  /** True when `signal` stopped the pass before the last article. */
  readonly stopped: boolean;
}

/**
 * Start-up steps that make derived data agree with what was acknowledged before a crash. Both are idempotent: a
 * second run finds nothing to do.
 */
export class RecoveryService {
  readonly #deps: RecoveryDeps;

  constructor(deps: RecoveryDeps) {
    this.#deps = deps;
  }

  /**
   * Delete files a publish prepared and never committed or aborted (the process died in between); resolves to how
   * many. Cheap (one directory listing per locale), so it runs whenever a process takes the data directory.
   */
  removePublishLeftovers(): Promise<number> {
    return this.#deps.publishTarget.removeLeftovers();
  }

  /**
   * Make every live published file its latest version's document again: a publish records the version, then puts
   * the prepared file in place, so a crash in between leaves the old file (and a leftover, removed at start-up) under
   * a newer record. Reads one file per live publication, so start-up runs it only when it found prepared files left
   * behind, holding the data directory (no publish runs meanwhile). Resolves to how many were looked at and
   * rewritten; nothing to do without `publications`.
   */
  async restorePublishedFiles(options: { readonly signal?: AbortSignal } = {}): Promise<RestoreSummary> {
    const { publications, publishTarget: target, targetLocales = [] } = this.#deps;
    let checked = 0;
    let restored = 0;
    if (!publications || !target.read || !target.prepare) return { checked, restored };
    for (const locale of targetLocales) {
      for (const live of await publications.listLive(locale)) {
        if (options.signal?.aborted) return { checked, restored };
        checked += 1;
        const version = await publications.version(live.slug, locale, live.latestVersion);
        if (!version || (await target.read(locale, live.slug)) === version.document) continue;
        const prepared = await target.prepare(locale, live.slug, version.document);
        await prepared.commit();
        restored += 1;
      }
    }
    return { checked, restored };
  }

  /**
   * Put every approved translation of a live segment into the translation memory when it is not there yet: an
   * approval is stored with the article first and fed to the memory after, so a crash in between loses the memory
   * entry. Reads only the articles the store marked as bringing approvals since they were last reconciled
   * (`pendingApprovals`: the mark is durable before the approval), so its cost follows what changed, not the archive:
   * none at a start after a pass that finished. The server runs it in the background after it listens, one article at
   * a time, giving way to requests between articles; `signal` stops it (at shutdown), and what it finished is settled.
   * Each article is read inside the store's update (which changes nothing), so an approval of the same article cannot
   * interleave with its check; an article approved again meanwhile keeps its mark. Store and memory failures are
   * thrown (the marks of articles not yet recorded stay for the next start).
   */
  async reconcileMemory(options: { readonly signal?: AbortSignal } = {}): Promise<ReconcileSummary> {
    const { store, memory } = this.#deps;
    let articles = 0;
    let added = 0;
    let done: PendingApprovals[] = [];
    const settle = async () => {
      await store.settleApprovals(done);
      done = [];
    };
    for (const pending of await store.pendingApprovals()) {
      if (options.signal?.aborted) {
        await settle();
        return { articles, added, stopped: true };
      }
      const { slug } = pending;
      await store.update(slug, async (record) => {
        if (!record) return null;
        articles += 1;
        const live = new Map(record.segments.filter((s) => !s.removedAt).map((s) => [s.id, s]));
        for (const t of record.translations) {
          const segment = live.get(t.segmentId);
          if (t.state !== 'approved' || !segment) continue;
          const entry = await memory.recordApproval({
            slug,
            segmentId: segment.id,
            sourceLocale: record.article.sourceLocale,
            targetLocale: t.locale,
            source: segment.source,
            target: t.text,
            approvedBy: t.updatedBy,
            approvedAt: t.updatedAt,
          });
          if (entry) added += 1;
        }
        return null;
      });
      done.push(pending);
      // Settled in batches, so a pass cut short by a crash does not start again from the first article.
      if (done.length >= SETTLE_BATCH) await settle();
      await yieldToEventLoop();
    }
    await settle();
    return { articles, added, stopped: false };
  }
}
