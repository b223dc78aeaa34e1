import { ValidationError } from '../../../core/errors.ts';
import type { ArticleRecord, ArticleSummary } from '../../../core/model.ts';
import { bringsApprovals } from '../../../core/approved-pairs.ts';
import type { ArticleStore, PendingApprovals } from '../../../core/ports/article-store.ts';
import { KeyedMutex } from '../../../core/keyed-mutex.ts';
import { parseSlug, type Slug } from '../../../core/slug.ts';
import { summarizeArticle } from '../../../core/article-summary.ts';
import { ApprovalMarks } from '../approval-marks.ts';

/** Articles for tests: same contract as the lowdb article store, nothing on disk. */
export class InMemoryArticleStore implements ArticleStore {
  readonly #records = new Map<string, ArticleRecord>();
  readonly #locks = new KeyedMutex<Slug>();
  readonly #listeners = new Set<(row: ArticleSummary) => void>();
  readonly #marks = new ApprovalMarks();

  async get(slug: Slug): Promise<ArticleRecord | null> {
    parseSlug(slug);
    const record = this.#records.get(slug);
    return record ? structuredClone(record) : null;
  }

  peek<T>(slug: Slug, pick: (record: Readonly<ArticleRecord>) => T): Promise<T | null> {
    try {
      parseSlug(slug);
    } catch (error) {
      return Promise.reject(error);
    }
    // Behind any update in flight, as in the lowdb store.
    return this.#locks.run(slug, async () => {
      const record = this.#records.get(slug);
      return record ? pick(record) : null;
    });
  }

  async isEmpty(): Promise<boolean> {
    return this.#records.size === 0;
  }

  async list(): Promise<ArticleSummary[]> {
    return [...this.#records.values()]
      .map(summarizeArticle)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.slug.localeCompare(b.slug));
  }

  update(
    slug: Slug,
    change: (current: ArticleRecord | null) => ArticleRecord | null | Promise<ArticleRecord | null>,
  ): Promise<ArticleRecord | null> {
    try {
      parseSlug(slug);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#locks.run(slug, async () => {
      const current = this.#records.get(slug) ?? null;
      const next = await change(current ? structuredClone(current) : null);
      if (next === null) return current ? structuredClone(current) : null;
      if (next.article?.slug !== slug) {
        throw new ValidationError(
          `store: update of "${slug}" returned the record of "${String(next.article?.slug)}"; an update must keep the slug`,
        );
      }
      if (bringsApprovals(current, next)) this.#marks.mark(slug);
      this.#records.set(slug, structuredClone(next));
      const row = summarizeArticle(this.#records.get(slug)!);
      for (const listener of this.#listeners) listener(row);
      return structuredClone(next);
    });
  }

  async pendingApprovals(): Promise<PendingApprovals[]> {
    return this.#marks.pending();
  }

  async settleApprovals(done: readonly PendingApprovals[]): Promise<void> {
    this.#marks.settle(done);
  }

  // A bound field, so a wrapper made with Object.create(store) can still watch.
  readonly watch = (listener: (row: ArticleSummary) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  async close(): Promise<void> {}
}
