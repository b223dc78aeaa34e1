import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Mutex } from 'async-mutex';
import { Low } from 'lowdb';
import { AppError, ValidationError } from '../../../core/errors.ts';
import type { ArticleRecord, ArticleSummary } from '../../../core/model.ts';
import type { ArticleStore } from '../../../core/ports/article-store.ts';
import { KeyedMutex } from '../../../core/keyed-mutex.ts';
import { isSlug, parseSlug, type Slug } from '../../../core/slug.ts';
import { DurableJsonFile } from '../durable-json-file.ts';
import { decodeSummary, encodeSummary, type StoredSummary } from './summary-codec.ts';
import { isProcessAlive } from '../process-alive.ts';
import { summarizeArticle } from '../../../core/article-summary.ts';

// 3: rows carry per-locale summaries, stored positionally (summary-codec.ts).
// 4: waiting facets mark rejected drafts, locale summaries carry when the locale last changed (the home page's lists).
const INDEX_VERSION = 4;
const DEFAULT_CACHE_SIZE = 256;
const REBUILD_CONCURRENCY = 16;
const ARTICLE_FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.json$/;
// DurableJsonFile names its temp files `.<name>.<pid>.<seq>.tmp`.
const TEMP_FILE = /^\..+\.(\d+)\.\d+\.tmp$/;

/**
 * `clean` is true only when the rows are known to match the article files (written at open after a rebuild and at
 * close). While the store runs, rows live in memory and the file on disk says `clean: false`, so a crash makes the
 * next open rebuild the index instead of trusting rows that may be behind.
 */
interface IndexFile {
  readonly version: number;
  readonly clean: boolean;
  readonly articles: readonly StoredSummary[];
}

/** Tuning of the lowdb article store. */
export interface LowdbArticleStoreConfig {
  /** How many article records to keep in memory (least recently used are dropped). */
  readonly cacheSize?: number;
}

/**
 * The embedded default store: one lowdb file per article (`articles/<slug>.json`) plus `index.json` with a listing
 * row per article. lowdb rewrites a whole file on every write, so one file per article keeps the cost of an approval
 * independent of the archive's size: an update writes exactly one article file. The index is only written when it
 * goes from clean to dirty (before the first listing change after open) and at close; listing changes are kept in memory.
 * Writes are fsynced (file and directory) before an update resolves. The store does not lock the directory: take
 * `acquireDataDirLock` first so only one process ever writes here.
 */
export class LowdbArticleStore implements ArticleStore {
  readonly #dataDir: string;
  readonly #articlesDir: string;
  readonly #index: Low<IndexFile>;
  readonly #rows: Map<string, ArticleSummary>;
  readonly #cache = new Map<string, Low<ArticleRecord | null>>();
  readonly #cacheSize: number;
  readonly #locks = new KeyedMutex<Slug>();
  #indexOnDiskClean: boolean;
  /** The rows in listing order (frozen), or null when a change made it out of date. */
  #sorted: ArticleSummary[] | null = null;
  readonly #indexLock = new Mutex();
  readonly #listeners = new Set<(row: ArticleSummary) => void>();
  #closed = false;

  private constructor(
    dataDir: string,
    index: Low<IndexFile>,
    rows: Map<string, ArticleSummary>,
    indexOnDiskClean: boolean,
    config: LowdbArticleStoreConfig,
  ) {
    this.#dataDir = dataDir;
    this.#articlesDir = join(dataDir, 'articles');
    this.#index = index;
    this.#rows = rows;
    this.#indexOnDiskClean = indexOnDiskClean;
    this.#cacheSize = Math.max(1, config.cacheSize ?? DEFAULT_CACHE_SIZE);
  }

  /** Open (creating if needed) the store in `dataDir`; rebuilds `index.json` from the article files when it cannot be trusted. */
  static async open(dataDir: string, config: LowdbArticleStoreConfig = {}): Promise<LowdbArticleStore> {
    const articlesDir = join(dataDir, 'articles');
    await mkdir(articlesDir, { recursive: true });
    await Promise.all([removeDeadTempFiles(dataDir), removeDeadTempFiles(articlesDir)]);

    const slugs = (await readdir(articlesDir))
      .map((name) => ARTICLE_FILE.exec(name)?.[1])
      .filter((slug): slug is Slug => slug !== undefined && isSlug(slug));

    const indexPath = join(dataDir, 'index.json');
    const index = new Low<IndexFile>(new DurableJsonFile<IndexFile>(indexPath), { version: INDEX_VERSION, clean: true, articles: [] });
    let rows: Map<string, ArticleSummary> | null = null;
    try {
      await index.read();
      if (isTrustworthyIndex(index.data, slugs)) {
        rows = new Map(index.data.articles.map((stored) => [stored.s, deepFreeze(decodeSummary(stored))]));
      }
    } catch {
      // A corrupt index is derived data: rebuild it below rather than refuse to start.
    }

    if (rows === null) {
      rows = new Map();
      for (let i = 0; i < slugs.length; i += REBUILD_CONCURRENCY) {
        const batch = slugs.slice(i, i + REBUILD_CONCURRENCY);
        const records = await Promise.all(batch.map((slug) => readArticle(articlesDir, slug)));
        for (const record of records) {
          if (record) rows.set(record.article.slug, deepFreeze(summarizeArticle(record)));
        }
      }
      index.data = { version: INDEX_VERSION, clean: true, articles: [...rows.values()].map(encodeSummary) };
      await index.write();
    }
    return new LowdbArticleStore(dataDir, index, rows, true, config);
  }

  /** The data directory the store was opened in. */
  get dataDir(): string {
    return this.#dataDir;
  }

  get(slug: Slug): Promise<ArticleRecord | null> {
    // Reads go through the article's queue too, so a read never caches a record an in-flight write is replacing.
    return this.#enqueue(slug, async () => {
      const db = await this.#load(slug);
      return db.data ? structuredClone(db.data) : null;
    });
  }

  peek<T>(slug: Slug, pick: (record: Readonly<ArticleRecord>) => T): Promise<T | null> {
    return this.#enqueue(slug, async () => {
      const db = await this.#load(slug);
      return db.data ? pick(db.data) : null;
    });
  }

  async list(): Promise<ArticleSummary[]> {
    this.#assertOpen();
    // Sorted once per change of the listing, not per call: the queue, the articles page and status all start here.
    this.#sorted ??= [...this.#rows.values()].sort(newestFirst);
    return [...this.#sorted];
  }

  update(
    slug: Slug,
    change: (current: ArticleRecord | null) => ArticleRecord | null | Promise<ArticleRecord | null>,
  ): Promise<ArticleRecord | null> {
    return this.#enqueue(slug, async () => {
      const db = await this.#load(slug);
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
      const previousRow = this.#rows.get(slug);
      const rowChanged = !previousRow || JSON.stringify(previousRow) !== JSON.stringify(row);
      if (rowChanged) await this.#markIndexDirty();

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
        this.#rows.set(slug, frozen);
        this.#sorted = null;
        for (const listener of this.#listeners) listener(frozen);
      }
      return structuredClone(stored);
    });
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
    await this.#writeIndex(true);
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

  async #load(slug: Slug): Promise<Low<ArticleRecord | null>> {
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

  #markIndexDirty(): Promise<void> {
    if (!this.#indexOnDiskClean) return Promise.resolve();
    return this.#writeIndex(false);
  }

  #writeIndex(clean: boolean): Promise<void> {
    return this.#indexLock.runExclusive(async () => {
      if (this.#indexOnDiskClean === clean) return;
      this.#index.data = { version: INDEX_VERSION, clean, articles: [...this.#rows.values()].map(encodeSummary) };
      await this.#index.write();
      this.#indexOnDiskClean = clean;
    });
  }
}

/** Newest first by `updatedAt` (ISO 8601 UTC, so code-unit order is time order), then by slug. */
function newestFirst(a: ArticleSummary, b: ArticleSummary): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/** Rows are shared with every caller of `list`, so none may change what the index holds. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function articlePath(articlesDir: string, slug: Slug): string {
  return join(articlesDir, `${parseSlug(slug)}.json`);
}

async function readArticle(articlesDir: string, slug: Slug): Promise<ArticleRecord | null> {
  const path = articlePath(articlesDir, slug);
  const data = await new DurableJsonFile<unknown>(path).read();
  if (data === null) return null;
  if (!isArticleRecord(data, slug)) {
    throw new AppError(
      'corrupt-data',
      `store: ${path} is not an article record for "${slug}"; restore it from a backup or move it out of the data directory`,
    );
  }
  return data;
}

function isArticleRecord(data: unknown, slug: Slug): data is ArticleRecord {
  if (typeof data !== 'object' || data === null) return false;
  const record = data as Partial<Record<keyof ArticleRecord, unknown>>;
  const article = record.article as { slug?: unknown } | undefined;
  return (
    typeof article === 'object' &&
    article !== null &&
    article.slug === slug &&
    Array.isArray(record.segments) &&
    Array.isArray(record.translations) &&
    Array.isArray(record.history)
  );
}

function isTrustworthyIndex(data: IndexFile | null, slugs: readonly Slug[]): boolean {
  if (!data || data.version !== INDEX_VERSION || data.clean !== true || !Array.isArray(data.articles)) return false;
  if (data.articles.length !== slugs.length) return false;
  const indexed = new Set(data.articles.map((row) => row?.s));
  return slugs.every((slug) => indexed.has(slug));
}

/** Temp files left by a writer that died mid-write; a live process's temp files are left alone. */
async function removeDeadTempFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const match = TEMP_FILE.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isProcessAlive(pid)) continue;
    await unlink(join(dir, name)).catch(() => undefined);
  }
}
