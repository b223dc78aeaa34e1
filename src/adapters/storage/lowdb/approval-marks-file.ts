import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { Mutex } from 'async-mutex';
import { AppError } from '../../../core/errors.ts';
import type { PendingApprovals } from '../../../core/ports/article-store.ts';
import { isSlug, type Slug } from '../../../core/slug.ts';
import { ApprovalMarks } from '../approval-marks.ts';
import { DurableJsonFile } from '../durable-json-file.ts';

/** The file in the data directory that keeps the marks of ArticleStore.pendingApprovals. */
export const APPROVAL_MARKS_FILE = 'memory-pending.json';

/** What the file holds: the slugs of the marked articles. */
export interface ApprovalMarksData {
  readonly version: 1;
  readonly slugs: readonly string[];
}

/**
 * The lowdb store's approval marks: in memory while it runs, and `memory-pending.json` rewritten (fsynced) whenever
 * the set changes, i.e. on the first approval of an article since it was last reconciled, never on later ones. A data
 * directory without the file (written by a version without marks) has every article marked, so the first start
 * reconciles the whole archive once; a new, empty directory gets an empty file when the store opens.
 */
export class ApprovalMarksFile {
  readonly #file: DurableJsonFile<ApprovalMarksData>;
  readonly #lock = new Mutex();
  #marks: ApprovalMarks | null = null;

  constructor(dataDir: string) {
    this.#file = new DurableJsonFile<ApprovalMarksData>(join(dataDir, APPROVAL_MARKS_FILE));
  }

  /** Write an empty file unless there is one: for a data directory that holds no article yet. */
  async createEmpty(): Promise<void> {
    const exists = await access(this.#file.path).then(
      () => true,
      () => false,
    );
    if (!exists) await this.#file.write({ version: 1, slugs: [] });
  }

  /**
   * Read the marks (once). `allSlugs` are the articles marked when there is no file, or one that cannot be read: marks
   * are what a crash must not lose, so a damaged file costs one whole reconciliation, never an entry.
   */
  async load(allSlugs: () => Iterable<Slug>): Promise<void> {
    if (this.#marks) return;
    const data = await this.#file.read().catch(() => null);
    const valid = data !== null && data.version === 1 && Array.isArray(data.slugs) && data.slugs.every(isSlug);
    this.#marks = new ApprovalMarks(valid ? (data.slugs as Slug[]) : allSlugs());
  }

  /** Mark `slug` and, when it was not marked yet, resolve once the file says so. Call after `load`. */
  async mark(slug: Slug): Promise<void> {
    const marks = this.#loaded();
    const { added, pending } = marks.mark(slug);
    if (!added) return;
    try {
      await this.#save();
    } catch (error) {
      // Not on disk: forget it, so the next approval of the article tries to write it again.
      marks.settle([pending]);
      throw error;
    }
  }

  pending(): PendingApprovals[] {
    return this.#loaded().pending();
  }

  async settle(done: readonly PendingApprovals[]): Promise<void> {
    if (this.#loaded().settle(done)) await this.#save();
  }

  #save(): Promise<void> {
    // Each write holds the whole set as it is when the write starts, so a later one never loses an earlier mark.
    return this.#lock.runExclusive(() => this.#file.write({ version: 1, slugs: this.#loaded().slugs() }));
  }

  #loaded(): ApprovalMarks {
    if (!this.#marks) throw new AppError('closed', 'store: approval marks used before the article listing was read');
    return this.#marks;
  }
}
