import type { ArticleRecord, ArticleSummary } from '../model.ts';
import type { Slug } from '../slug.ts';

/** An article marked as holding approvals the translation memory may lack, and which write of it was marked. */
export interface PendingApprovals {
  readonly slug: Slug;
  /** Opaque to callers: what `settleApprovals` compares to tell whether the article was written again since. */
  readonly mark: string;
}

/**
 * Where articles, their segments, translations and history live. One article is the unit of storage:
 * changing one translation reads and writes that article's record only, never the whole archive.
 */
export interface ArticleStore {
  /** The article's whole record, or null when there is no such article. */
  get(slug: Slug): Promise<ArticleRecord | null>;
  /**
   * Run `pick` on the article's stored record, without copying it, and resolve to what it returns (null when there is
   * no such article): for hot reads (the reader site, the review page). `pick` must not change the record. A store
   * never changes a stored record in place (an update stores a new one), so what `pick` returns, the record itself
   * included, stays as it was read: callers keep it read-only, as the model's readonly types say.
   */
  peek<T>(slug: Slug, pick: (record: Readonly<ArticleRecord>) => T): Promise<T | null>;
  /** Listing rows for every article, newest first by `updatedAt`, read from an index (no article records are loaded). */
  list(): Promise<ArticleSummary[]>;
  /**
   * Whether the store holds no article, at a cost that does not grow with the archive (a store that reads its index
   * on first use answers without it). Optional: without it, callers list the store.
   */
  isEmpty?(): Promise<boolean>;
  /**
   * Read-modify-write one article atomically: `change` gets the current record (or null) and returns the new record,
   * or null to leave it untouched. Updates of the same article are serialized; the returned promise resolves only when
   * the write is durable. Resolves to the record as stored afterwards (null if there is none).
   */
  update(
    slug: Slug,
    change: (current: ArticleRecord | null) => ArticleRecord | null | Promise<ArticleRecord | null>,
  ): Promise<ArticleRecord | null>;
  /**
   * Calls `listener` with an article's new listing row after each update that changed it (synchronously, before the
   * update resolves); returns a function that stops it. Optional: readers of a store without it list it again each time.
   */
  watch?(listener: (row: ArticleSummary) => void): () => void;
  /**
   * Articles written with approvals the memory may not hold yet (core/approved-pairs.ts `bringsApprovals`), by any
   * process, since reconciliation last settled them; sorted by slug. The mark is durable before the write it belongs
   * to, so a crash between an approval and its memory entry leaves the article listed. Costs what is marked, not the
   * archive.
   */
  pendingApprovals(): Promise<PendingApprovals[]>;
  /**
   * Clear the marks of `done` (as `pendingApprovals` listed them, after reconciliation recorded their approvals),
   * except of an article written again with approvals since: its mark stays for the next pass. Resolves once durable.
   */
  settleApprovals(done: readonly PendingApprovals[]): Promise<void>;
  /** Release files, locks and timers. */
  close(): Promise<void>;
}
