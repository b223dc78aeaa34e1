import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Mutex } from 'async-mutex';
import { AppError } from '../../../core/errors.ts';
import { KeyedMutex } from '../../../core/keyed-mutex.ts';
import type { Locale } from '../../../core/locale.ts';
import type { PublicationStore } from '../../../core/ports/publication-store.ts';
import type { LocalePublication, PublishedVersion, Unpublication } from '../../../core/publication.ts';
import { isSlug, parseSlug, type Slug } from '../../../core/slug.ts';
import { DurableJsonFile } from '../durable-json-file.ts';
import {
  EMPTY_PUBLICATIONS,
  newestFirst,
  publicationsOf,
  withUnpublished,
  withVersion,
  withoutLatest,
  type ArticlePublications,
} from '../publication-records.ts';

const INDEX_VERSION = 1;
const ARTICLE_FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.json$/;
const INDEX_FILE = 'index.json';
const CACHE_SIZE = 256;

/** `clean` is true only when the rows are known to match the article files (after open and at close). */
interface IndexFile {
  readonly version: number;
  readonly clean: boolean;
  readonly rows: readonly LocalePublication[];
}

/**
 * Publications on disk: `<dir>/<slug>.json` per article (its versions per locale, immutable once written) plus
 * `<dir>/index.json` with one listing row per article and locale. A publish writes one small article file; the index
 * is kept in memory, marked dirty on disk before the first change and written clean at close, so after a crash the
 * next open rebuilds it from the article files instead of trusting rows that may be behind.
 */
export class LowdbPublicationStore implements PublicationStore {
  readonly #dir: string;
  readonly #rows: Map<string, LocalePublication>;
  /** The rows of each article, sorted by locale (as `publicationsOf` gives them). */
  readonly #bySlug = new Map<string, LocalePublication[]>();
  readonly #locks = new KeyedMutex<Slug>();
  /** Parsed article files, least recently used dropped; frozen, since readers share them (versions never change). */
  readonly #cache = new Map<Slug, ArticlePublications>();
  readonly #index: DurableJsonFile<IndexFile>;
  #indexOnDiskClean = true;
  readonly #indexLock = new Mutex();
  #closed = false;

  private constructor(dir: string, rows: Map<string, LocalePublication>) {
    this.#dir = dir;
    this.#rows = rows;
    for (const row of rows.values()) this.#bySlug.set(row.slug, [...(this.#bySlug.get(row.slug) ?? []), row]);
    for (const list of this.#bySlug.values()) list.sort((a, b) => a.locale.localeCompare(b.locale));
    this.#index = new DurableJsonFile<IndexFile>(join(dir, INDEX_FILE));
  }

  /** Open (creating if needed) the publication store in `dir`, e.g. `<data dir>/publications`. */
  static async open(dir: string): Promise<LowdbPublicationStore> {
    await mkdir(dir, { recursive: true });
    const index = new DurableJsonFile<IndexFile>(join(dir, INDEX_FILE));
    let data: IndexFile | null = null;
    try {
      data = await index.read();
    } catch {
      // The index is derived data: a corrupt one is rebuilt below.
    }
    const rows = new Map<string, LocalePublication>();
    if (data && data.version === INDEX_VERSION && data.clean === true && Array.isArray(data.rows)) {
      for (const row of data.rows) rows.set(rowKey(row.slug, row.locale), row);
    } else {
      const slugs = (await readdir(dir))
        .map((name) => (name === INDEX_FILE ? undefined : ARTICLE_FILE.exec(name)?.[1]))
        .filter((slug): slug is Slug => slug !== undefined && isSlug(slug));
      for (const slug of slugs) {
        for (const row of publicationsOf(await readArticle(dir, slug))) rows.set(rowKey(row.slug, row.locale), row);
      }
      await index.write({ version: INDEX_VERSION, clean: true, rows: [...rows.values()] });
    }
    return new LowdbPublicationStore(dir, rows);
  }

  append(version: PublishedVersion): Promise<void> {
    return this.#change(version.slug, (data) => withVersion(data, version));
  }

  retract(slug: Slug, locale: Locale, version: number): Promise<void> {
    return this.#change(slug, (data) => withoutLatest(data, slug, locale, version));
  }

  async unpublish(slug: Slug, locale: Locale, by: Unpublication): Promise<boolean> {
    let changed = false;
    await this.#change(slug, (data) => {
      const next = withUnpublished(data, locale, by);
      changed = next !== null;
      return next;
    });
    return changed;
  }

  async versions(slug: Slug, locale: Locale): Promise<PublishedVersion[]> {
    const data = await this.#read(slug);
    return [...(data.locales[locale]?.versions ?? [])];
  }

  async version(slug: Slug, locale: Locale, version: number): Promise<PublishedVersion | null> {
    const data = await this.#read(slug);
    return data.locales[locale]?.versions.find((v) => v.version === version) ?? null;
  }

  forArticle(slug: Slug): Promise<LocalePublication[]> {
    this.#assertOpen();
    const valid = parseSlug(slug);
    // From the rows kept in memory, through the article's queue so an in-flight change is seen whole.
    return this.#locks.run(valid, async () => [...(this.#bySlug.get(valid) ?? [])]);
  }

  async listLive(locale: Locale): Promise<LocalePublication[]> {
    this.#assertOpen();
    return [...this.#rows.values()].filter((row) => row.locale === locale && row.live).sort(newestFirst);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#locks.idle();
    await this.#writeIndex(true);
  }

  #read(slug: Slug): Promise<ArticlePublications> {
    this.#assertOpen();
    const valid = parseSlug(slug);
    // Through the article's queue, so a read never sees a file an in-flight change is replacing.
    return this.#locks.run(valid, () => this.#load(valid));
  }

  async #load(slug: Slug): Promise<ArticlePublications> {
    const cached = this.#cache.get(slug);
    if (cached) {
      this.#cache.delete(slug);
      this.#cache.set(slug, cached);
      return cached;
    }
    const data = await readArticle(this.#dir, slug);
    this.#remember(slug, data);
    return data;
  }

  #remember(slug: Slug, data: ArticlePublications): void {
    this.#cache.delete(slug);
    this.#cache.set(slug, deepFreeze(data));
    if (this.#cache.size > CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value as Slug);
  }

  #change(slug: Slug, change: (data: ArticlePublications) => ArticlePublications | null): Promise<void> {
    this.#assertOpen();
    const valid = parseSlug(slug);
    return this.#locks.run(valid, async () => {
      const next = change(await this.#load(valid));
      if (next === null) return;
      await this.#markIndexDirty();
      this.#cache.delete(valid);
      await new DurableJsonFile<ArticlePublications>(articlePath(this.#dir, valid)).write(next);
      // Cached as it reads back from disk, so no caller's object is shared (or frozen).
      this.#remember(valid, JSON.parse(JSON.stringify(next)) as ArticlePublications);
      for (const row of this.#bySlug.get(valid) ?? []) this.#rows.delete(rowKey(row.slug, row.locale));
      const rows = publicationsOf(next);
      for (const row of rows) this.#rows.set(rowKey(row.slug, row.locale), row);
      if (rows.length) this.#bySlug.set(valid, rows);
      else this.#bySlug.delete(valid);
    });
  }

  #markIndexDirty(): Promise<void> {
    return this.#indexOnDiskClean ? this.#writeIndex(false) : Promise.resolve();
  }

  #writeIndex(clean: boolean): Promise<void> {
    return this.#indexLock.runExclusive(async () => {
      if (this.#indexOnDiskClean === clean) return;
      await this.#index.write({ version: INDEX_VERSION, clean, rows: [...this.#rows.values()] });
      this.#indexOnDiskClean = clean;
    });
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('closed', `publications: ${this.#dir} is closed; open the store again to use it`);
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function rowKey(slug: string, locale: Locale): string {
  return `${slug}\u0000${locale}`;
}

function articlePath(dir: string, slug: Slug): string {
  return join(dir, `${parseSlug(slug)}.json`);
}

async function readArticle(dir: string, slug: Slug): Promise<ArticlePublications> {
  const path = articlePath(dir, slug);
  const data = await new DurableJsonFile<ArticlePublications>(path).read();
  if (data === null) return EMPTY_PUBLICATIONS;
  if (typeof data !== 'object' || typeof data.locales !== 'object' || data.locales === null) {
    throw new AppError('corrupt-data', `publications: ${path} is not a publication record; restore it from a backup or move it away`);
  }
  return data;
}
