import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Mutex } from 'async-mutex';
import { Low } from 'lowdb';
import { AppError, ValidationError } from '../../../core/errors.ts';
import type { ArticleRecord, ArticleSummary } from '../../../core/model.ts';
import { bringsApprovals } from '../../../core/approved-pairs.ts';
import type { ArticleStore, PendingApprovals } from '../../../core/ports/article-store.ts';
import { KeyedMutex } from '../../../core/keyed-mutex.ts';
import { parseSlug, type Slug } from '../../../core/slug.ts';
import { summarizeArticle } from '../../../core/article-summary.ts';
import { newestFirst } from '../../../core/summary-index.ts';
import { DurableJsonFile } from '../durable-json-file.ts';
import { ApprovalMarksFile } from './approval-marks-file.ts';
import {
  articlePath,
  deepFreeze,
  hasNoArticleFile,
  INDEX_DIRTY_FILE,
  INDEX_VERSION,
  type IndexFile,
  loadIndexRows,
  readArticle,
  removeDeadTempFiles,
  removeDirtyMark,
} from './article-files.ts';
import { encodeSummary } from './summary-codec.ts';

const DEFAULT_CACHE_SIZE = 256;

/** Tuning of the lowdb article store. */
export interface LowdbArticleStoreConfig {
  /** How many article records to keep in memory (least recently used are dropped). */
  readonly cacheSize?: number;
}

/**
 * The embedded default store: one lowdb file per article (`articles/<slug>.json`) plus `index.json` with a listing
 * row per article. lowdb rewrites a whole file on every write, so one file per article keeps the cost of an approval
 * independent of the archive's size: an update writes exactly one article file. The index is read (or rebuilt from
 * the article files when it cannot be trusted) on the first call that needs the listing (`list`, `update`, or `load`,
 * which the server calls after it listens), so opening costs the same for any archive and reads by slug never wait
 * for it. It is only written at close (and by a rebuild); listing changes are kept in memory, and before the first
 * one the small file `index.dirty` is made durable, so a crash makes the next open rebuild the index (rewriting the
 * whole index there instead made the first approval of a process cost the archive). Writes are fsynced (file and directory) before an update resolves. The store
 * does not lock the directory: take `acquireDataDirLock` first so only one process ever writes here.
 */
export class LowdbArticleStore implements ArticleStore {
  readonly #dataDir: string;
  readonly #articlesDir: string;
  /** index.json; its rows are encoded for each write and dropped after, never kept beside `#rows`. */
  readonly #index: DurableJsonFile<IndexFile>;
  readonly #dirtyMark: DurableJsonFile<{ readonly pid: number }>;
  /** The listing rows once read (see `load`), else null. */
  #rows: Map<string, ArticleSummary> | null = null;
  #loading: Promise<Map<string, ArticleSummary>> | null = null;
  readonly #cache = new Map<string, Low<ArticleRecord | null>>();
  readonly #cacheSize: number;
  readonly #locks = new KeyedMutex<Slug>();
  /** Whether index.json on disk can be trusted (no dirty mark); true once the rows are read (trusted or rebuilt). */
  #indexOnDiskClean = false;
  /** The rows in listing order (frozen), or null when a change made it out of date. */
  #sorted: ArticleSummary[] | null = null;
  readonly #indexLock = new Mutex();
  readonly #listeners = new Set<(row: ArticleSummary) => void>();
  /** The articles reconciliation has to look at (pendingApprovals), read with the listing. */
  readonly #marks: ApprovalMarksFile;
  #closed = false;

  private constructor(dataDir: string, config: LowdbArticleStoreConfig) {
    this.#dataDir = dataDir;
    this.#articlesDir = join(dataDir, 'articles');
    this.#index = new DurableJsonFile<IndexFile>(join(dataDir, 'index.json'));
    this.#dirtyMark = new DurableJsonFile(join(dataDir, INDEX_DIRTY_FILE));
    this.#cacheSize = Math.max(1, config.cacheSize ?? DEFAULT_CACHE_SIZE);
    this.#marks = new ApprovalMarksFile(dataDir);
  }

  /**
   * Open (creating if needed) the store in `dataDir`. Reads nothing that grows with the archive: the index is read on
   * first need (see `load`).
   */
  static async open(dataDir: string, config: LowdbArticleStoreConfig = {}): Promise<LowdbArticleStore> {
    await mkdir(join(dataDir, 'articles'), { recursive: true });
    await removeDeadTempFiles(dataDir);
    const store = new LowdbArticleStore(dataDir, config);
    if (await hasNoArticleFile(store.#articlesDir)) await store.#marks.createEmpty();
    return store;
  }

  /**
   * Read the listing now, once (later calls and every `list` and `update` wait for the same read): from `index.json`,
   * or rebuilt from the article files and saved when the index is missing, corrupt, of an older version, left dirty by
   * a crash or does not list exactly the article files. Removes temp files of dead writers in `articles/`. Rejects
   * with AppError `corrupt-data` naming the file when a rebuild meets a file that is not an article record; the next
   * call tries again.
   */
  load(): Promise<void> {
    return this.#ready().then(() => undefined);
  }

  #ready(): Promise<Map<string, ArticleSummary>> {
    const read = async () => {
      const rows = await loadIndexRows(this.#dataDir, this.#index);
      await this.#marks.load(() => rows.keys() as Iterable<Slug>);
      return rows;
    };
    this.#loading ??= read().then(
      (rows) => {
        this.#rows = rows;
        this.#indexOnDiskClean = true;
        return rows;
      },
      (error: unknown) => {
        this.#loading = null;
        throw error;
      },
    );
    return this.#loading;
  }

  /** Whether the store holds no article; answered without reading the index (for a first start's samples). */
  async isEmpty(): Promise<boolean> {
    this.#assertOpen();
    return this.#rows ? this.#rows.size === 0 : hasNoArticleFile(this.#articlesDir);
  }

  /** The data directory the store was opened in. */
  get dataDir(): string {
    return this.#dataDir;
  }

  get(slug: Slug): Promise<ArticleRecord | null> {
    // Reads go through the article's queue too, so a read never caches a record an in-flight write is replacing.
    return this.#enqueue(slug, async () => {
      const db = await this.#record(slug);
      return db.data ? structuredClone(db.data) : null;
    });
  }

  peek<T>(slug: Slug, pick: (record: Readonly<ArticleRecord>) => T): Promise<T | null> {
    return this.#enqueue(slug, async () => {
      const db = await this.#record(slug);
      return db.data ? pick(db.data) : null;
    });
  }

  async list(): Promise<ArticleSummary[]> {
    this.#assertOpen();
    const rows = await this.#ready();
    this.#assertOpen();
    // Sorted once per change of the listing, not per call: the queue, the articles page and status all start here.
    this.#sorted ??= [...rows.values()].sort(newestFirst);
    return [...this.#sorted];
  }

  update(
    slug: Slug,
    change: (current: ArticleRecord | null) => ArticleRecord | null | Promise<ArticleRecord | null>,
  ): Promise<ArticleRecord | null> {
    return this.#enqueue(slug, async () => {
      const rows = await this.#ready();
      const db = await this.#record(slug);
      const current = db.data;
      const next = await change(current ? structuredClone(current) : null);
      if (next === null) return current ? structuredClone(current) : null;
      if (next.article?.slug !== slug) {
        throw new ValidationError(
          `store: update of "${slug}" returned the record of "${String(next.article?.slug)}"; an update must keep the slug`,
        );
      }
      const json = JSON.stringify(next);
      if (current && json === JSON.stringify(current)) return structuredClone(current);

      // Stored exactly as it will read back from disk (undefined fields dropped).
      const stored = JSON.parse(json) as ArticleRecord;
      const row = summarizeArticle(stored);
      const previousRow = rows.get(slug);
      const rowChanged = !previousRow || JSON.stringify(previousRow) !== JSON.stringify(row);
      if (rowChanged) await this.#markIndexDirty();
      // Durable before the article: a crash between the article's write and the memory's leaves it marked.
      if (bringsApprovals(current, stored)) await this.#marks.mark(slug);

      db.data = stored;
      try {
        await db.write();
      } catch (error) {
        // The rename is atomic, so the file holds the old or the new record; drop the cached copy and re-read later.
        this.#cache.delete(slug);
        throw error;
      }
      if (rowChanged) {
        const frozen = deepFreeze(row);
        rows.set(slug, frozen);
        this.#sorted = null;
        for (const listener of this.#listeners) listener(frozen);
      }
      return structuredClone(stored);
    });
  }

  async pendingApprovals(): Promise<PendingApprovals[]> {
    this.#assertOpen();
    await this.#ready();
    return this.#marks.pending();
  }

  async settleApprovals(done: readonly PendingApprovals[]): Promise<void> {
    this.#assertOpen();
    await this.#ready();
    await this.#marks.settle(done);
  }

  // A bound field, so a wrapper made with Object.create(store) can still watch.
  readonly watch = (listener: (row: ArticleSummary) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#locks.idle();
    // A listing being read finishes first (it may be rebuilding index.json); one never read leaves the file as it was.
    await this.#loading?.catch(() => undefined);
    if (this.#rows) await this.#writeCleanIndex();
    await this.#marks.close();
    this.#cache.clear();
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('closed', `store: ${this.#dataDir} is closed; open the store again to use it`);
  }

  #enqueue<R>(slug: Slug, task: () => Promise<R>): Promise<R> {
    try {
      this.#assertOpen();
      parseSlug(slug);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#locks.run(slug, task);
  }

  async #record(slug: Slug): Promise<Low<ArticleRecord | null>> {
    const cached = this.#cache.get(slug);
    if (cached) {
      this.#cache.delete(slug);
      this.#cache.set(slug, cached);
      return cached;
    }
    const path = articlePath(this.#articlesDir, slug);
    const db = new Low<ArticleRecord | null>(new DurableJsonFile<ArticleRecord | null>(path), null);
    db.data = await readArticle(this.#articlesDir, slug);
    this.#cache.set(slug, db);
    if (this.#cache.size > this.#cacheSize) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    return db;
  }

  /** Before the first listing change of the process: `index.dirty`, durable, tells a later open not to trust the index. */
  #markIndexDirty(): Promise<void> {
    if (!this.#indexOnDiskClean) return Promise.resolve();
    return this.#indexLock.runExclusive(async () => {
      if (!this.#indexOnDiskClean) return;
      await this.#dirtyMark.write({ pid: process.pid });
      this.#indexOnDiskClean = false;
    });
  }

  /** At close, after changes: index.json with every row, then the dirty mark removed (a crash in between rebuilds). */
  #writeCleanIndex(): Promise<void> {
    return this.#indexLock.runExclusive(async () => {
      if (this.#indexOnDiskClean) return;
      await this.#index.write({ version: INDEX_VERSION, clean: true, articles: [...(this.#rows?.values() ?? [])].map(encodeSummary) });
      await removeDirtyMark(this.#dataDir);
      this.#indexOnDiskClean = true;
    });
  }
}
