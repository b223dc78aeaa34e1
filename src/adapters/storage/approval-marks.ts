import type { PendingApprovals } from '../../core/ports/article-store.ts';
import type { Slug } from '../../core/slug.ts';

/**
 * The marks of ArticleStore.pendingApprovals for a store that one process owns (in-memory, lowdb): slug → the number
 * of the last marking write, so a settle clears only marks no write renewed since they were listed. What is kept on
 * disk (lowdb) is just the set of slugs: a restart lists them all again.
 */
export class ApprovalMarks {
  readonly #marks = new Map<Slug, number>();
  #writes = 0;

  constructor(slugs: Iterable<Slug> = []) {
    for (const slug of slugs) this.#marks.set(slug, 0);
  }

  /** Mark `slug` for a write bringing approvals; `added` when it was not marked before (the set changed). */
  mark(slug: Slug): { readonly added: boolean; readonly pending: PendingApprovals } {
    const added = !this.#marks.has(slug);
    this.#marks.set(slug, ++this.#writes);
    return { added, pending: { slug, mark: String(this.#writes) } };
  }

  /** Every mark, sorted by slug. */
  pending(): PendingApprovals[] {
    return [...this.#marks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([slug, write]) => ({ slug, mark: String(write) }));
  }

  /** Clear the marks of `done` that no write renewed; true when any was cleared (the set changed). */
  settle(done: readonly PendingApprovals[]): boolean {
    let changed = false;
    for (const { slug, mark } of done) {
      if (String(this.#marks.get(slug)) !== mark) continue;
      this.#marks.delete(slug);
      changed = true;
    }
    return changed;
  }

  /** The marked slugs, sorted (what a file keeps). */
  slugs(): Slug[] {
    return this.pending().map((p) => p.slug);
  }
}
