import { join, relative } from 'node:path';
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
import type { ImportOutcome } from './services/import-article.ts';
import { ImportService } from './services/import-files.ts';
import { MemoryService } from './services/memory.ts';
import { createMtService, type MtService } from './services/mt/index.ts';
import { PublishService } from './services/publish.ts';
import { WorkService } from './services/my-work.ts';
import { XliffExchangeService } from './services/xliff-exchange.ts';
import { ReaderService } from './services/reader.ts';
import { RecoveryService } from './services/recovery.ts';
import { ReviewService } from './services/review.ts';
import { SoftLocks } from './services/soft-lock.ts';
import type { Tandem } from './services/tandem.ts';
import type { FormatRegistry, ServiceDeps } from './services/types.ts';
import { UsageService } from './services/usage.ts';
import { UserService } from './services/users.ts';
import type { AppDeps } from './web/app.ts';
import { renderedBlocks } from './web/reader/rendered-blocks.ts';
import type { RunningServer } from './web/server.ts';
import { cliTranslator, migrateDatabase, openFeed } from './main/on-demand.ts';
import { type Running, startWorkerDuties } from './main/background.ts';
import { logServing, refuseSplitRole, type RunningWorker, runWorker, verifyMtInBackground } from './main/roles.ts';
import { REMOTE_COMPOSITION, startLocalAccess } from './main/remote.ts';
import { createLogger, startupLine } from './adapters/log.ts';
import { importLowdb } from './main/import-lowdb.ts';

export type { Tandem } from './services/tandem.ts';

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

/**
 * Import the sample articles from `<contentDir>/<sourceLocale>/` when the store is empty, so a first start shows
 * something, and log each outcome. Only the source locale's folder: published translations live beside it under
 * `content/<locale>/`.
 */
export async function seedSampleArticles(
  tandem: Tandem,
  config: Pick<TandemConfig, 'contentDir' | 'sourceLocale'>,
  logger: Logger,
): Promise<ImportOutcome[]> {
  const dir = join(config.contentDir, config.sourceLocale);
  const { skipped, outcomes } = await tandem.imports.seedSamples(dir);
  if (skipped === 'no-folder') logger.info({ dir }, 'no sample articles to import');
  for (const outcome of outcomes) {
    const file = relative(process.cwd(), outcome.file);
    if (outcome.ok) logger.info({ file, slug: outcome.result.slug }, 'sample article imported');
    else logger.warn({ file, err: outcome.error.message }, 'sample article not imported');
  }
  return outcomes;
}

/**
 * The web app's dependencies over an open data directory: what `serve` hands createApp (and the wiring test, so it
 * builds the application exactly as `tandem serve` does).
 */
export function webAppDeps(
  tandem: Tandem,
  config: Pick<TandemConfig, 'sourceLocale' | 'targetLocales' | 'publicUrl' | 'trustProxy'> & Partial<Pick<TandemConfig, 'cmsHookSecret'>>,
  logger: Logger,
): AppDeps {
  return {
    logger,
    config: {
      sourceLocale: config.sourceLocale,
      targetLocales: config.targetLocales,
      publicUrl: config.publicUrl,
      trustProxy: config.trustProxy,
      ...(config.cmsHookSecret ? { cmsHookSecret: config.cmsHookSecret } : {}),
    },
    users: tandem.users,
    auth: tandem.auth,
    articles: tandem.articles,
    review: tandem.review,
    work: tandem.work,
    mt: tandem.mt,
    glossary: tandem.glossary,
    memory: tandem.memory,
    xliff: tandem.xliff,
    confidential: tandem.confidential,
    usage: tandem.usage,
    checks: tandem.checks,
    publish: tandem.publish,
    reader: tandem.reader,
    changes: tandem.changes,
    apiTokens: tandem.apiTokens,
    feed: tandem.feed,
    idempotency: tandem.idempotency,
    presence: new SoftLocks({ changes: tandem.changes }),
  };
}

export { createLogger };

/**
 * Start the web server on the data directory: lock it (lowdb), open the stores, import the sample articles when the
 * store is empty, create the first admin account when there is none, and listen. Role `all` (the default) also runs
 * the worker duties (src/main/background.ts: MT worker, feed polling, memory reconciliation); role `web` only serves
 * HTTP (on lowdb nothing runs those duties then). SIGTERM/SIGINT stop accepting connections, let in-flight requests
 * (and their writes) finish, stop the duties, close the stores and release the lock.
 */
export async function serve(
  config: TandemConfig,
  options: {
    readonly handleSignals?: boolean;
    /** Print the human start-up line (default true). */
    readonly announce?: boolean;
    /** `all` (default) or `web`; a worker without HTTP is `runWorker`. */
    readonly role?: Exclude<ServeRole, 'worker'>;
  } = {},
): Promise<RunningServer> {
  const role = options.role ?? 'all';
  refuseSplitRole(config, role);
  const logger = createLogger(config);
  const tandem = await openTandem(config, { lock: true, logger });
  const { openDutyLocks } = await import('./adapters/storage/index.ts');
  const duties = openDutyLocks(config.storage, config.databaseUrl);
  let background: Running | null = null;
  let localAccess: { stop(): Promise<void> } | null = null;
  try {
    // The key is checked in the background: a provider that does not answer must not keep the server from listening.
    verifyMtInBackground(tandem, logger);
    // Instances starting together take turns, so the samples are imported and the first admin created once.
    const firstStart = await duties.hold('first-start', { wait: true });
    let admin: Awaited<ReturnType<typeof tandem.users.ensureAdmin>>;
    try {
      await seedSampleArticles(tandem, config, logger);
      admin = await tandem.users.ensureAdmin(config.adminPassword ?? undefined);
    } finally {
      await firstStart?.release();
    }
    if (admin.created) logger.info({ user: admin.user.name }, 'first admin account created');
    // Loaded here so CLI commands that never serve do not pay for Express.
    const { createApp } = await import('./web/app.ts');
    const { startServer } = await import('./web/server.ts');
    const app = createApp(webAppDeps(tandem, config, logger));
    const server = await startServer(app, {
      port: config.port,
      host: config.host,
      logger,
      handleSignals: options.handleSignals ?? true,
      onShutdown: async () => {
        await background?.stop();
        // Before the stores close: the local token is revoked and the server file removed (clean shutdown).
        await localAccess?.stop().catch((error: unknown) => logger.warn({ err: error }, 'serve: the server file was not removed'));
        await tandem.close();
      },
    });
    logServing(config, role, server.url, logger);
    // On PostgreSQL instances may share the directory, and the command line writes to the database itself.
    if (config.storage !== 'postgres') localAccess = await startLocalAccess(tandem, config, server.url, logger);
    if (options.announce ?? true) {
      const first = admin.created
        ? { created: true as const, name: admin.user.name, generated: admin.generated, password: admin.password }
        : { created: false as const };
      process.stdout.write(startupLine(server.url, first));
    }
    // After listening, in the background, so nothing that grows with the archive delays start-up: the memory's index
    // (then saved when it lagged the log), the article listing (read by reconcileMemory's first step) and the
    // reconciliation itself. A request that needs the memory or the listing sooner waits for the same load.
    void tandem.memory
      .load()
      .then(() => tandem.memory.saveIndex())
      .catch((error: unknown) => logger.error({ err: error }, 'translation memory could not be loaded or its index saved'));
    if (role === 'all') background = startWorkerDuties(tandem, config, logger, duties);
    return server;
  } catch (error) {
    await background?.stop();
    await tandem.close();
    throw error;
  }
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
