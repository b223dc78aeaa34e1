import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pino, type Logger } from 'pino';
import { decodeInput, FORMATS, formatForFile } from './adapters/formats/index.ts';
import { acquireDataDirLock, type DataDirLock } from './adapters/storage/data-dir-lock.ts';
import { LowdbStore } from './adapters/storage/lowdb-store.ts';
import { LowdbUserStore } from './adapters/storage/user-lowdb-store.ts';
import { FileMtStore } from './adapters/storage/mt-file-store.ts';
import { createMtProvider } from './adapters/mt/index.ts';
import { markdownRebuilder } from './adapters/formats/index.ts';
import { openPublishing, type Publishing } from './adapters/publish/index.ts';
import { PublishService } from './services/publish.ts';
import { tmxFormat } from './adapters/formats/tmx.ts';
import { TmLogStore } from './adapters/storage/tm-log-store.ts';
import { CHECKS } from './checks/index.ts';
import { CheckService } from './services/checks.ts';
import { MemoryService } from './services/memory.ts';
import { ReaderService } from './services/reader.ts';
import type { TandemConfig } from './config.ts';
import type { ArticleStore } from './core/ports/article-store.ts';
import { importMany, type ImportOutcome } from './services/import-article.ts';
import { AuthService } from './services/auth.ts';
import { ReviewService } from './services/review.ts';
import type { FormatRegistry, ServiceDeps } from './services/types.ts';
import { UserService } from './services/users.ts';
import { createMtService, type MtParts, type MtService } from './services/translate.ts';
import type { RunningServer } from './web/server.ts';

/** Largest file `import` accepts; Korean articles are rarely above 100 KiB. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/** An open data directory with its services: what the CLI and the server work with. */
export interface Tandem {
  readonly config: TandemConfig;
  readonly store: ArticleStore;
  /** Everything services need; pass it to service functions such as `importArticle(tandem.deps, …)`. */
  readonly deps: ServiceDeps;
  readonly review: ReviewService;
  readonly users: UserService;
  readonly auth: AuthService;
  /** Machine translation: the queue service and its store (jobs, glossaries, confidential terms, usage ledger). */
  readonly mt: MtParts;
  /** Translation memory: approved pairs, exact and fuzzy lookup, concordance, TMX. */
  readonly memory: MemoryService;
  /** Quality checks run on every draft and save, stored with the translation. */
  readonly checks: CheckService;
  /** Publishing per locale: immutable versions, files in the publish dir, webhooks. */
  readonly publish: PublishService;
  /** What the reader site shows: published versions and the originals. */
  readonly reader: ReaderService;
  /** Finish pending writes, close the store and release the data-directory lock. */
  close(): Promise<void>;
}

export interface OpenTandemConfig {
  /** Take the data-directory lock first (every process that may write must). */
  readonly lock: boolean;
  /** Where services log (the MT audit log among them); silent when absent. */
  readonly logger?: Logger;
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
  let store: LowdbStore | undefined;
  let userStore: LowdbUserStore | undefined;
  let mtStore: FileMtStore | undefined;
  let publishing: Publishing | undefined;
  let tmStore: TmLogStore | undefined;
  let memory: MemoryService | undefined;
  try {
    tmStore = new TmLogStore(join(config.dataDir, 'memory', 'tm.jsonl'));
    memory = await MemoryService.open({ store: tmStore, exchange: tmxFormat });
    store = await LowdbStore.open(config.dataDir);
    userStore = await LowdbUserStore.open(config.dataDir);
    mtStore = await FileMtStore.open(config.dataDir);
    publishing = await openPublishing({
      dataDir: config.dataDir,
      publishDir: config.publishDir,
      webhook: config.webhook,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  } catch (error) {
    await Promise.all([store?.close(), userStore?.close(), mtStore?.close(), publishing?.close(), tmStore?.close()]);
    await lock?.release();
    throw error;
  }
  // The import hook and the MT service need each other: imports queue MT, MT writes drafts through review.
  let mt: MtService | undefined;
  const checks = new CheckService({ store, checks: CHECKS, settings: mtStore.settings });
  const deps: ServiceDeps = {
    store,
    formats: formatRegistry,
    sourceLocale: config.sourceLocale,
    targetLocales: config.targetLocales,
    afterImport: async (result, record) => {
      await mt?.afterImport(result, record);
    },
    onApproved: memory.onApproved,
    onTextChanged: checks.onTextChanged,
  };
  const review = new ReviewService(deps);
  const provider = createMtProvider({
    deepl: {
      authKey: config.deepl?.authKey,
      serverUrl: config.deepl?.serverUrl ?? undefined,
      headers: config.deepl?.extraHeaders,
      englishVariant: config.deepl?.englishVariant,
    },
  });
  mt = createMtService({
    store,
    mt: mtStore,
    provider,
    drafts: review,
    findExactMatch: (hash, locale, slug) => memory.findExactMatch(hash, locale, slug, config.sourceLocale),
    autoApproveSameArticle: config.autoApproveSameArticle,
    sourceLocale: config.sourceLocale,
    targetLocales: config.targetLocales,
    autoTranslate: config.autoTranslate,
    formality: config.formality,
    concurrency: 2,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  // Only the lock holder may touch the queue: recovery puts jobs left in flight by a crash back in the queue.
  if (lock) await mt.recover();
  const publishDeps = { ...deps, ...publishing, rebuilder: markdownRebuilder, sourceRelease: config.sourceRelease };
  const stores = { articles: store, users: userStore, mt: mtStore, publishing, memory: tmStore };
  let closing: Promise<void> | null = null;
  return {
    config,
    store,
    deps,
    review,
    mt: { service: mt, store: mtStore },
    memory,
    checks,
    publish: new PublishService(publishDeps),
    reader: new ReaderService(publishDeps),
    users: new UserService(userStore, { targetLocales: config.targetLocales }),
    auth: new AuthService(userStore),
    close() {
      closing ??= (async () => {
        try {
          await Promise.all([stores.articles.close(), stores.users.close(), stores.mt.close(), stores.publishing.close(), stores.memory.close()]);
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
export async function importFiles(
  deps: ServiceDeps,
  files: readonly string[],
  by: string,
  options: { readonly slug?: string } = {},
): Promise<ImportOutcome[]> {
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
    outcomes.push(...(await importMany(deps, [{ file, content, by, ...(options.slug === undefined ? {} : { slug: options.slug }) }])));
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

/**
 * Start the web server on the data directory: lock it, open the stores, import the sample articles when the store is
 * empty, create the first admin account when there is none, and listen. SIGTERM/SIGINT stop accepting connections,
 * let in-flight requests (and their writes) finish, close the stores and release the lock.
 */
export async function serve(config: TandemConfig, options: { readonly handleSignals?: boolean } = {}): Promise<RunningServer> {
  const logger = createLogger(config);
  const tandem = await openTandem(config, { lock: true, logger });
  let worker: { stop(): Promise<void> } | null = null;
  try {
    const mtStatus = await tandem.mt.service.verify();
    // A missing or rejected key is a status to show, not a crash: the queue waits for a human instead.
    logger[mtStatus.state === 'ready' ? 'info' : 'warn']({ provider: mtStatus.provider, state: mtStatus.state }, mtStatus.message);
    worker = tandem.mt.service.startWorker();
    await seedSampleArticles(tandem, logger);
    const admin = await tandem.users.ensureAdmin(config.adminPassword ?? undefined);
    if (admin.created) {
      logger.info({ user: admin.user.name }, 'first admin account created');
      if (admin.generated) {
        // Printed once, outside the structured log, so the password never lands in log storage.
        process.stdout.write(`\nTandem: created the admin account "${admin.user.name}" with password: ${admin.password}\n` +
          'It is not shown again; keep it safe (`tandem users reset-password admin` sets a new one). Set TANDEM_ADMIN_PASSWORD to choose it yourself.\n\n');
      }
    }
    // Loaded here so CLI commands that never serve do not pay for Express.
    const { createApp } = await import('./web/app.ts');
    const { startServer } = await import('./web/server.ts');
    const app = createApp({
      logger,
      config: { sourceLocale: config.sourceLocale, targetLocales: config.targetLocales, publicUrl: config.publicUrl },
      users: tandem.users,
      auth: tandem.auth,
      articles: tandem.deps,
      mt: tandem.mt,
      memory: tandem.memory,
      publish: tandem.publish,
      reader: tandem.reader,
    });
    return await startServer(app, {
      port: config.port,
      host: config.host,
      logger,
      handleSignals: options.handleSignals ?? true,
      onShutdown: async () => {
        await worker?.stop();
        await tandem.close();
      },
    });
  } catch (error) {
    await worker?.stop();
    await tandem.close();
    throw error;
  }
}
