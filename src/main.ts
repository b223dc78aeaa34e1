import { join, relative } from 'node:path';
import { pino, type Logger } from 'pino';
import { decodeInput, FORMATS, formatForFile } from './adapters/formats/index.ts';
import { acquireDataDirLock, openStorage, type DataDirLock } from './adapters/storage/index.ts';
import type { Storage } from './core/ports/storage-backend.ts';
import { createMtProvider } from './adapters/mt/index.ts';
import { createMarkdownFormat, createMarkdownRebuilder, type MarkdownConfig } from './adapters/formats/index.ts';
import { openPublishing } from './adapters/publish/index.ts';
import { PublishService } from './services/publish.ts';
import { tmxFormat } from './adapters/formats/tmx.ts';
import { CHECKS } from './checks/index.ts';
import { CheckService } from './services/checks.ts';
import { MemoryService } from './services/memory.ts';
import { ReaderService } from './services/reader.ts';
import type { TandemConfig } from './config.ts';
import { ArticleService } from './services/articles.ts';
import { AuthService } from './services/auth.ts';
import { ConfidentialService } from './services/confidential.ts';
import { GlossaryService } from './services/glossary.ts';
import type { ImportOutcome } from './services/import-article.ts';
import { ImportService } from './services/import-files.ts';
import { ReviewService } from './services/review.ts';
import type { FormatRegistry, ServiceDeps } from './services/types.ts';
import { UsageService } from './services/usage.ts';
import { UserService } from './services/users.ts';
import { createMtService, type MtService } from './services/mt/index.ts';
import type { RunningServer } from './web/server.ts';

/** Largest file `import` accepts; Korean articles are rarely above 100 KiB. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/**
 * An open data directory with its services: what the CLI and the server work with. Services only: the stores stay
 * inside the composition, so every caller goes through a service.
 */
export interface Tandem {
  readonly config: TandemConfig;
  /** Articles: read one, import one, status, post-edit effort, the review queue. */
  readonly articles: ArticleService;
  /** Importing files and folders from disk (`tandem import`, the sample articles). */
  readonly imports: ImportService;
  /** The review workflow: save, submit, approve (four-eyes), reject, comment, approve-all. */
  readonly review: ReviewService;
  readonly users: UserService;
  readonly auth: AuthService;
  /** Machine translation: status, queueing, re-runs, draining the queue. */
  readonly mt: MtService;
  /** Glossaries per language pair (kept in the MT settings store). */
  readonly glossary: GlossaryService;
  /** Confidential terms, masked before machine translation. */
  readonly confidential: ConfidentialService;
  /** Characters sent to machine translation, from the audit ledger and the provider. */
  readonly usage: UsageService;
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

/** The input formats as services see them, wired to the format adapters (Markdown with the configured front matter keys). */
export function formatRegistryFor(config: MarkdownConfig): FormatRegistry {
  const markdown = createMarkdownFormat(config);
  return {
    forFile: (file) => {
      const format = formatForFile(file);
      return format.id === 'markdown' ? markdown : format;
    },
    decode: (content, file) => decodeInput(content, file, { maxBytes: MAX_IMPORT_BYTES }),
  };
}

/** The input formats with the default translated front matter keys. */
export const formatRegistry: FormatRegistry = formatRegistryFor({});

/** Parse and rebuild must use the same keys, so both are built from this. */
function markdownConfig(config: TandemConfig): MarkdownConfig {
  return config.translatedFrontMatterKeys ? { translatedFrontMatterKeys: config.translatedFrontMatterKeys } : {};
}

/** File endings the importer reads when it is given a folder. */
export function importableExtensions(): readonly string[] {
  return FORMATS.flatMap((format) => format.extensions);
}

/** Open the data directory: lock it (when asked), open the configured storage backend and build the services. */
export async function openTandem(config: TandemConfig, options: OpenTandemConfig): Promise<Tandem> {
  const lock: DataDirLock | null = options.lock ? await acquireDataDirLock(config.dataDir) : null;
  let storage: Storage | undefined;
  let memory: MemoryService;
  try {
    storage = await openStorage(config.storage, { dataDir: config.dataDir });
    memory = await MemoryService.open({ store: storage.translationMemory, exchange: tmxFormat });
  } catch (error) {
    await storage?.close();
    await lock?.release();
    throw error;
  }
  const { articles: store, users: userStore, mt: mtStore } = storage;
  const publishing = openPublishing({
    publications: storage.publications,
    publishDir: config.publishDir,
    webhook: config.webhook,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  // The import hook and the MT service need each other: imports queue MT, MT writes drafts through review.
  let mt: MtService | undefined;
  const checks = new CheckService({ store, checks: CHECKS, settings: mtStore.settings });
  const deps: ServiceDeps = {
    store,
    formats: formatRegistryFor(markdownConfig(config)),
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
  const publishDeps = { ...deps, ...publishing, rebuilder: createMarkdownRebuilder(markdownConfig(config)), sourceRelease: config.sourceRelease };
  let closing: Promise<void> | null = null;
  return {
    config,
    articles: new ArticleService(deps),
    imports: new ImportService(deps, { extensions: importableExtensions() }),
    review,
    mt,
    glossary: new GlossaryService({ settings: mtStore.settings }),
    confidential: new ConfidentialService({ settings: mtStore.settings }),
    usage: new UsageService({ ledger: mtStore.ledger, provider }),
    memory,
    checks,
    publish: new PublishService(publishDeps),
    reader: new ReaderService(publishDeps),
    users: new UserService(userStore, { targetLocales: config.targetLocales }),
    auth: new AuthService(userStore),
    close() {
      closing ??= (async () => {
        try {
          await Promise.all([publishing.close(), storage.close()]);
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
export async function seedSampleArticles(tandem: Tandem, logger: Logger): Promise<ImportOutcome[]> {
  const dir = join(tandem.config.contentDir, tandem.config.sourceLocale);
  const { skipped, outcomes } = await tandem.imports.seedSamples(dir);
  if (skipped === 'no-folder') logger.info({ dir }, 'no sample articles to import');
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
    const mtStatus = await tandem.mt.verify();
    // A missing or rejected key is a status to show, not a crash: the queue waits for a human instead.
    logger[mtStatus.state === 'ready' ? 'info' : 'warn']({ provider: mtStatus.provider, state: mtStatus.state }, mtStatus.message);
    worker = tandem.mt.startWorker();
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
      articles: tandem.articles,
      review: tandem.review,
      mt: tandem.mt,
      glossary: tandem.glossary,
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
