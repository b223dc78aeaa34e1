import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pino, type Logger } from 'pino';
import { decodeInput, FORMATS, formatForFile } from './adapters/formats/index.ts';
import { acquireDataDirLock, type DataDirLock } from './adapters/storage/data-dir-lock.ts';
import { LowdbStore } from './adapters/storage/lowdb-store.ts';
import type { TandemConfig } from './config.ts';
import type { ArticleStore } from './core/ports/article-store.ts';
import { importMany, type ImportOutcome } from './services/import-article.ts';
import { ReviewService } from './services/review.ts';
import type { FormatRegistry, ServiceDeps } from './services/types.ts';

/** Largest file `import` accepts; Korean articles are rarely above 100 KiB. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/** An open data directory with its services: what the CLI and the server work with. */
export interface Tandem {
  readonly config: TandemConfig;
  readonly store: ArticleStore;
  /** Everything services need; pass it to service functions such as `importArticle(tandem.deps, …)`. */
  readonly deps: ServiceDeps;
  readonly review: ReviewService;
  /** Finish pending writes, close the store and release the data-directory lock. */
  close(): Promise<void>;
}

export interface OpenTandemConfig {
  /** Take the data-directory lock first (every process that may write must). */
  readonly lock: boolean;
}

/** The input formats as services see them, wired to the format adapters. */
export const formatRegistry: FormatRegistry = {
  forFile: (file) => formatForFile(file),
  decode: (content, file) => decodeInput(content, file, { maxBytes: MAX_IMPORT_BYTES }),
};

/** File endings the importer reads when it is given a folder. */
export function importableExtensions(): readonly string[] {
  return FORMATS.flatMap((format) => format.extensions);
}

/** Open the data directory: lock it (when asked), open the lowdb store and build the services. */
export async function openTandem(config: TandemConfig, options: OpenTandemConfig): Promise<Tandem> {
  const lock: DataDirLock | null = options.lock ? await acquireDataDirLock(config.dataDir) : null;
  let store: LowdbStore;
  try {
    store = await LowdbStore.open(config.dataDir);
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const deps: ServiceDeps = {
    store,
    formats: formatRegistry,
    sourceLocale: config.sourceLocale,
    targetLocales: config.targetLocales,
  };
  let closing: Promise<void> | null = null;
  return {
    config,
    store,
    deps,
    review: new ReviewService(deps),
    close() {
      closing ??= (async () => {
        try {
          await store.close();
        } finally {
          await lock?.release();
        }
      })();
      return closing;
    },
  };
}

/**
 * Expand files and folders into the files to import: folders are walked recursively for files with a known ending
 * (hidden entries skipped), named files are kept whatever their ending so a wrong one gets a clear error.
 */
export async function collectArticleFiles(paths: readonly string[], extensions: readonly string[] = importableExtensions()): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) files.push(...(await walk(path, extensions)));
    else files.push(path);
  }
  return files;
}

async function walk(dir: string, extensions: readonly string[]): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path, extensions)));
    else if (entry.isFile() && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) files.push(path);
  }
  return files;
}

/** Read and import files one by one; a file that cannot be read is reported like one that cannot be parsed. */
export async function importFiles(deps: ServiceDeps, files: readonly string[], by: string): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (const file of files) {
    let content: Uint8Array;
    try {
      content = await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      outcomes.push({ file, ok: false, error: new Error(`import: cannot read ${file} (${code})`, { cause: error }) });
      continue;
    }
    outcomes.push(...(await importMany(deps, [{ file, content, by }])));
  }
  return outcomes;
}

/**
 * Import the sample articles from `<contentDir>/<sourceLocale>/` when the store is empty, so a first start shows
 * something. Only the source locale's folder: published translations live beside it under `content/<locale>/`.
 */
export async function seedSampleArticles(tandem: Tandem, logger: Logger): Promise<ImportOutcome[]> {
  if ((await tandem.store.list()).length > 0) return [];
  const dir = join(tandem.config.contentDir, tandem.config.sourceLocale);
  let files: string[];
  try {
    files = await collectArticleFiles([dir]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      logger.info({ dir }, 'no sample articles to import');
      return [];
    }
    throw error;
  }
  const outcomes = await importFiles(tandem.deps, files, 'tandem');
  for (const outcome of outcomes) {
    const file = relative(process.cwd(), outcome.file);
    if (outcome.ok) logger.info({ file, slug: outcome.result.slug }, 'sample article imported');
    else logger.warn({ file, err: outcome.error.message }, 'sample article not imported');
  }
  return outcomes;
}

export function createLogger(config: Pick<TandemConfig, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { app: 'tandem' } });
}

/** Start the web server on the data directory: lock, open, seed the samples when empty, listen; stops on SIGTERM/SIGINT. */
export async function serve(config: TandemConfig): Promise<void> {
  void config;
  throw new Error('serve: not wired yet');
}
