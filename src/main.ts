import type { Logger } from 'pino';
import type { MarkdownConfig } from './adapters/formats/index.ts';
import { CHECKS } from './checks/index.ts';
import type { ServeRole } from './cli/command.ts';
import { runCli, type RunCliConfig } from './cli/program.ts';
import type { TandemConfig } from './config.ts';
import type { DataDirLock } from './adapters/storage/index.ts';
import type { OpenChangeFeed } from './adapters/changes/index.ts';
import type { Storage } from './core/ports/storage-backend.ts';
import { ApiTokenService } from './services/api-tokens.ts';
import { ArticleService } from './services/articles.ts';
import { AuthService } from './services/auth.ts';
import { CheckService } from './services/checks.ts';
import { ConfidentialService } from './services/confidential.ts';
import { GlossaryService } from './services/glossary.ts';
import { IdempotencyService } from './services/idempotency.ts';
import { ImportService } from './services/import-files.ts';
import { MemoryService } from './services/memory.ts';
import { createMtService, type MtService } from './services/mt/index.ts';
import { PublishService } from './services/publish.ts';
import { WorkService } from './services/my-work.ts';
import { XliffExchangeService } from './services/xliff-exchange.ts';
import { ReaderService } from './services/reader.ts';
import { RecoveryService } from './services/recovery.ts';
import { ReviewService } from './services/review.ts';
import type { Tandem } from './services/tandem.ts';
import type { FormatRegistry, ServiceDeps } from './services/types.ts';
import { UsageService } from './services/usage.ts';
import { UserService } from './services/users.ts';
import { renderedBlocks } from './web/reader/rendered-blocks.ts';
import type { RunningServer } from './web/server.ts';
import { cliTranslator, migrateDatabase, openFeed } from './main/on-demand.ts';
import { type RunningWorker, runWorker } from './main/roles.ts';
import { type ServeOptions, serveWeb } from './main/serve-web.ts';
import { REMOTE_COMPOSITION } from './main/remote.ts';
import { createLogger } from './adapters/log.ts';
import { importLowdb } from './main/import-lowdb.ts';

export type { Tandem } from './services/tandem.ts';
export { seedSampleArticles, webAppDeps } from './main/serve-web.ts';

export interface OpenTandemConfig {
  /** Take the data-directory lock first (every process that may write must). */
  readonly lock: boolean;
  /** Where services log (the MT audit log among them); silent when absent. */
  readonly logger?: Logger;
}

/**
 * The adapter modules, loaded when a data directory is first opened: remark, deepl-node and lowdb take about a second
 * to load, which `tandem --help` and usage errors should not pay.
 */
async function loadAdapters() {
  const [formats, tmx, storage, mt, publish, changes] = await Promise.all([
    import('./adapters/formats/index.ts'),
    import('./adapters/formats/tmx.ts'),
    import('./adapters/storage/index.ts'),
    import('./adapters/mt/index.ts'),
    import('./adapters/publish/index.ts'),
    import('./adapters/changes/index.ts'),
  ]);
  return { formats, tmx, storage, mt, publish, changes };
}

/** Parse and rebuild must use the same translated front matter keys, so both are built from this. */
function markdownConfig(config: TandemConfig): MarkdownConfig {
  return config.translatedFrontMatterKeys ? { translatedFrontMatterKeys: config.translatedFrontMatterKeys } : {};
}

/** Open the data directory: lock it (when asked), open the configured storage backend and build the services. */
export async function openTandem(config: TandemConfig, options: OpenTandemConfig): Promise<Tandem> {
  const adapters = await loadAdapters();
  // A shared database holds all that instances share, so several may start; see README "Running on PostgreSQL".
  const shared = adapters.storage.isSharedBackend(config.storage);
  const lock: DataDirLock | null = options.lock && !shared ? await adapters.storage.acquireDataDirLock(config.dataDir) : null;
  let storage: Storage | undefined;
  let changes: OpenChangeFeed;
  try {
    storage = await adapters.storage.openStorage(config.storage, {
      dataDir: config.dataDir,
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    });
    // Pages learn of changes in memory, or from every instance on the PostgreSQL database (LISTEN/NOTIFY).
    changes = await adapters.changes.CHANGE_FEEDS[config.storage === 'postgres' ? 'postgres' : 'in-process'].open({
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      onError: (error) => options.logger?.warn({ err: error }, 'a live update could not be delivered'),
    });
  } catch (error) {
    await storage?.close();
    await lock?.release();
    throw error;
  }
  const { articles: store, users: userStore, mt: mtStore } = storage;
  // Read on first use: `tandem status` and other commands that never look at the memory never load it.
  const memory = new MemoryService({
    store: storage.translationMemory,
    exchange: adapters.tmx.tmxFormat,
    sourceLocale: config.sourceLocale,
  });
  const publishing = adapters.publish.openPublishing({
    publications: storage.publications,
    publishDir: config.publishDir,
    webhook: config.webhook,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  // The import hook and the MT service need each other: imports queue MT, MT writes drafts through review.
  let mt: MtService | undefined;
  const markdown = adapters.formats.createMarkdownFormat(markdownConfig(config));
  const checks = new CheckService({ store, checks: CHECKS, settings: mtStore.settings, off: config.checksOff });
  const deps: ServiceDeps = {
    store,
    formats: {
      forFile: (file) => {
        const format = adapters.formats.formatForFile(file);
        return format.id === 'markdown' ? markdown : format;
      },
      decode: (content, file) => adapters.formats.decodeInput(content, file),
    } satisfies FormatRegistry,
    sourceLocale: config.sourceLocale,
    targetLocales: config.targetLocales,
    afterImport: async (result, record) => {
      await mt?.afterImport(result, record);
    },
    onApproved: memory.onApproved,
    checker: checks,
    changes,
    notifier: publishing.notifier,
    publications: storage.publications,
  };
  const review = new ReviewService(deps);
  const provider = adapters.mt.createMtProvider({
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
    findExactMatches: (keys) => memory.findExactMatches(keys, config.sourceLocale),
    sharingCheckReads: (work) => checks.sharingReads(work),
    autoApproveSameArticle: config.autoApproveSameArticle,
    sourceLocale: config.sourceLocale,
    targetLocales: config.targetLocales,
    autoTranslate: config.autoTranslate,
    formality: config.formality,
    backoff: config.mtLimits.retry,
    rerunBudget: config.mtLimits.rerunBudget,
    reuseWithinMs: config.mtLimits.reuseWithinMs,
    concurrency: 2,
    changes,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const recovery = new RecoveryService({
    store,
    memory,
    publishTarget: publishing.publishTarget,
    publications: storage.publications,
    targetLocales: config.targetLocales,
  });
  // Only the lock holder may repair: jobs left in flight by a crash go back in the queue, and files a publish prepared
  // but never committed are deleted. The memory is reconciled by `serve`, in the background (see reconcileMemory).
  // On a shared database every writer may: the queue only takes back its own and expired leases, and only temp files
  // of dead processes of this machine are removed.
  if (lock || (options.lock && shared)) {
    await mt.recover();
    const leftovers = await recovery.removePublishLeftovers();
    if (leftovers > 0) {
      options.logger?.warn({ files: leftovers }, 'removed temporary files left in the publish folder by a crash');
      // A publish died after preparing its file: it may have recorded the version without putting the file in place.
      const files = await recovery.restorePublishedFiles();
      if (files.restored > 0) options.logger?.warn(files, 'published files restored to their latest versions');
    }
  }
  const publishDeps = {
    ...deps,
    ...publishing,
    rebuilder: adapters.formats.createMarkdownRebuilder(markdownConfig(config)),
    sourceRelease: config.sourceRelease,
    checks,
    // Version diffs compare what readers see, rendered as the reader site renders it.
    readerBlocks: renderedBlocks,
  };
  const articles = new ArticleService(deps);
  const feed = config.feed ? await openFeed(config.feed.url, config, articles, options.logger) : null;
  let closing: Promise<void> | null = null;
  return {
    articles,
    feed,
    imports: new ImportService(deps, { extensions: adapters.formats.FORMATS.flatMap((format) => format.extensions) }),
    review,
    work: new WorkService(publishDeps),
    mt,
    glossary: new GlossaryService({ settings: mtStore.settings }),
    confidential: new ConfidentialService({ settings: mtStore.settings, store }),
    usage: new UsageService({ ledger: mtStore.ledger, provider }),
    memory,
    xliff: new XliffExchangeService({
      store,
      formats: adapters.formats.xliffFormats,
      context: (record, locale) => checks.contextFor(record, locale),
      review,
      targetLocales: config.targetLocales,
    }),
    checks,
    publish: new PublishService(publishDeps),
    reader: new ReaderService(publishDeps),
    recovery,
    users: new UserService(userStore, { targetLocales: config.targetLocales }),
    auth: new AuthService(userStore),
    apiTokens: new ApiTokenService(storage.apiTokens, userStore, { targetLocales: config.targetLocales }),
    idempotency: new IdempotencyService(storage.apiTokens),
    changes,
    close() {
      closing ??= (async () => {
        try {
          // A process that added many entries (a TMX import) leaves the memory's index saved for the next one.
          await memory.saveIndex().catch((error: unknown) => options.logger?.warn({ err: error }, 'memory: index not saved'));
          await Promise.all([publishing.close(), storage.close(), changes.close()]);
        } finally {
          await lock?.release();
        }
      })();
      return closing;
    },
  };
}

export { createLogger };

/**
 * Start the web server on the data directory (roles `all` and `web`; see src/main/serve-web.ts): lock it (lowdb), open
 * the stores, import the sample articles when the store is empty, create the first admin account when there is none,
 * and listen. Role `all` also runs the worker duties; role `web` only serves HTTP (on lowdb nothing runs them then).
 */
export function serve(config: TandemConfig, options: ServeOptions = {}): Promise<RunningServer> {
  return serveWeb(config, openTandem, options);
}

/** `tandem serve --role <role>`: the web server (`web`, `all`) or the worker (`worker`). */
export function serveRole(config: TandemConfig, role: ServeRole): Promise<RunningServer | RunningWorker> {
  return role === 'worker' ? runWorker(config, openTandem) : serve(config, { role });
}

/**
 * The `tandem` command (bin/tandem.js): run the CLI on `argv` (as process.argv) with this composition and resolve to
 * the exit code. Tests pass `io` and `env` to capture the output and choose the environment.
 */
export function runTandemCli(argv: readonly string[], options: Omit<RunCliConfig, 'composition'> = {}): Promise<number> {
  return runCli(argv, {
    ...options,
    composition: {
      open: openTandem,
      serve: serveRole,
      checks: CHECKS,
      translator: cliTranslator,
      migrateDatabase,
      importLowdb,
      ...REMOTE_COMPOSITION,
    },
  });
}
