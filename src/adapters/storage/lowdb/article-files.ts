import { access, opendir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { summarizeArticle } from '../../../core/article-summary.ts';
import { AppError } from '../../../core/errors.ts';
import type { ArticleRecord, ArticleSummary } from '../../../core/model.ts';
import { isSlug, parseSlug, type Slug } from '../../../core/slug.ts';
import { DurableJsonFile, syncDirectory } from '../durable-json-file.ts';
import { isProcessAlive } from '../process-alive.ts';
import { decodeSummary, encodeSummary, type StoredSummary } from './summary-codec.ts';

// 3: rows carry per-locale summaries, stored positionally (summary-codec.ts).
// 4: waiting facets mark rejected drafts, locale summaries carry when the locale last changed (the home page's lists).
// 5: a running store leaves index.json `clean` and says it is dirty with INDEX_DIRTY_FILE, which version 4 did not
//    know: it must not trust an index a crashed version-5 process left behind.
export const INDEX_VERSION = 5;
/**
 * Made durable before a store first changes the listing and removed after it wrote index.json at close: while it is
 * there, the index may be behind the article files.
 */
export const INDEX_DIRTY_FILE = 'index.dirty';
const REBUILD_CONCURRENCY = 16;
/** Rows decoded between two turns of the event loop while the index is read in the background. */
const DECODE_CHUNK = 500;
const ARTICLE_FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.json$/;
// DurableJsonFile names its temp files `.<name>.<pid>.<seq>.tmp`.
const TEMP_FILE = /^\..+\.(\d+)\.\d+\.tmp$/;

/**
 * `clean` is true when the rows matched the article files as the file was written (after a rebuild and at close;
 * earlier versions wrote `clean: false` while running). While the store runs, rows live in memory and INDEX_DIRTY_FILE
 * says the file may be behind, so a crash makes the next listing rebuild the index instead of trusting it.
 */
export interface IndexFile {
  readonly version: number;
  readonly clean: boolean;
  readonly articles: readonly StoredSummary[];
}

/**
 * The listing rows of every article in `dataDir/articles`: from `index.json` when it is clean, of this version and
 * lists exactly the article files, else rebuilt from the article files and saved clean. Removes temp files of dead
 * writers on the way. Yields to the event loop between chunks of rows, so a server reading it in the background keeps
 * answering. Throws AppError `corrupt-data` naming the file when a rebuild meets a file that is not an article record.
 */
export async function loadIndexRows(dataDir: string, index: DurableJsonFile<IndexFile>): Promise<Map<string, ArticleSummary>> {
  const articlesDir = join(dataDir, 'articles');
  const names = await readdir(articlesDir);
  await removeDeadTempFiles(articlesDir, names);
  const slugs = names.map((name) => ARTICLE_FILE.exec(name)?.[1]).filter((slug): slug is Slug => slug !== undefined && isSlug(slug));
  const dirty = await exists(join(dataDir, INDEX_DIRTY_FILE));
  try {
    // Held only while decoding: kept beside the rows it would double the heap (100,000 articles: about 230 MB more).
    const data = dirty ? null : await index.read();
    if (isTrustworthyIndex(data, slugs)) {
      const rows = new Map<string, ArticleSummary>();
      const stored = data.articles;
      for (let i = 0; i < stored.length; i++) {
        if (i > 0 && i % DECODE_CHUNK === 0) await yieldToEventLoop();
        rows.set(stored[i]!.s, deepFreeze(decodeSummary(stored[i]!)));
      }
      return rows;
    }
  } catch {
    // A corrupt index is derived data: rebuild it below rather than refuse to list.
  }
  const rows = new Map<string, ArticleSummary>();
  for (let i = 0; i < slugs.length; i += REBUILD_CONCURRENCY) {
    const batch = slugs.slice(i, i + REBUILD_CONCURRENCY);
    const records = await Promise.all(batch.map((slug) => readArticle(articlesDir, slug)));
    for (const record of records) {
      if (record) rows.set(record.article.slug, deepFreeze(summarizeArticle(record)));
    }
  }
  await index.write({ version: INDEX_VERSION, clean: true, articles: [...rows.values()].map(encodeSummary) });
  if (dirty) await removeDirtyMark(dataDir);
  return rows;
}

/** Remove INDEX_DIRTY_FILE from `dataDir` (durably) if it is there: index.json was just written from every row. */
export async function removeDirtyMark(dataDir: string): Promise<void> {
  try {
    await unlink(join(dataDir, INDEX_DIRTY_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await syncDirectory(dataDir);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Whether `articlesDir` holds no article file; stops at the first one, so it costs the same for any archive. */
export async function hasNoArticleFile(articlesDir: string): Promise<boolean> {
  const dir = await opendir(articlesDir);
  try {
    for await (const entry of dir) {
      const slug = ARTICLE_FILE.exec(entry.name)?.[1];
      if (slug !== undefined && isSlug(slug)) return false;
    }
    return true;
  } finally {
    // Iterating to the end closes the directory itself; an early return leaves it open.
    await dir.close().catch(() => undefined);
  }
}

/** Rows are shared with every caller of `list`, so none may change what the index holds. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function articlePath(articlesDir: string, slug: Slug): string {
  return join(articlesDir, `${parseSlug(slug)}.json`);
}

/** The article record in `articlesDir`, or null; throws AppError `corrupt-data` naming the file when it is not one. */
export async function readArticle(articlesDir: string, slug: Slug): Promise<ArticleRecord | null> {
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

function isTrustworthyIndex(data: IndexFile | null, slugs: readonly Slug[]): data is IndexFile {
  if (!data || data.version !== INDEX_VERSION || data.clean !== true || !Array.isArray(data.articles)) return false;
  if (data.articles.length !== slugs.length) return false;
  const indexed = new Set(data.articles.map((row) => row?.s));
  return slugs.every((slug) => indexed.has(slug));
}

/** Temp files left by a writer that died mid-write (`names`: the folder's listing, when already read); a live process's are left alone. */
export async function removeDeadTempFiles(dir: string, names?: readonly string[]): Promise<void> {
  for (const name of names ?? (await readdir(dir))) {
    const match = TEMP_FILE.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isProcessAlive(pid)) continue;
    await unlink(join(dir, name)).catch(() => undefined);
  }
}
