import { join, relative } from 'node:path';
import type { Logger } from 'pino';
import { createLogger, startupLine } from '../adapters/log.ts';
import type { ServeRole } from '../cli/command.ts';
import type { TandemConfig } from '../config.ts';
import type { OpenTandemConfig } from '../main.ts';
import type { ImportOutcome } from '../services/import-article.ts';
import { SoftLocks } from '../services/soft-lock.ts';
import type { Tandem } from '../services/tandem.ts';
import type { AppDeps } from '../web/app.ts';
import type { RunningServer } from '../web/server.ts';
import { type Running, startWorkerDuties } from './background.ts';
import { startLocalAccess } from './remote.ts';
import { logServing, refuseSplitRole, verifyMtInBackground } from './roles.ts';

// Part of the composition root (main.ts): `tandem serve` with an HTTP listener (roles `all` and `web`), what it hands
// the web app, and the sample articles of a first start.

export interface ServeOptions {
  readonly handleSignals?: boolean;
  /** Print the human start-up line (default true). */
  readonly announce?: boolean;
  /** `all` (default) or `web`; a worker without HTTP is `runWorker`. */
  readonly role?: Exclude<ServeRole, 'worker'>;
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

/**
 * Start the web server on the data directory: lock it (lowdb), open the stores, import the sample articles when the
 * store is empty, create the first admin account when there is none, and listen. Role `all` (the default) also runs
 * the worker duties (background.ts: MT worker, feed polling, memory reconciliation); role `web` only serves
 * HTTP (on lowdb nothing runs those duties then). SIGTERM/SIGINT stop accepting connections, let in-flight requests
 * (and their writes) finish, stop the duties, close the stores and release the lock.
 */
export async function serveWeb(
  config: TandemConfig,
  open: (config: TandemConfig, options: OpenTandemConfig) => Promise<Tandem>,
  options: ServeOptions = {},
): Promise<RunningServer> {
  const role = options.role ?? 'all';
  refuseSplitRole(config, role);
  const logger = createLogger(config);
  const tandem = await open(config, { lock: true, logger });
  const { openDutyLocks } = await import('../adapters/storage/index.ts');
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
    const { createApp } = await import('../web/app.ts');
    const { startServer } = await import('../web/server.ts');
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
