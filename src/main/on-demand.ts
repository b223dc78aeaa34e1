import type { Logger } from 'pino';
import type { DatabaseMigration } from '../cli/command.ts';
import type { TandemConfig } from '../config.ts';
import { ConfigError, ValidationError } from '../core/errors.ts';
import type { CheckTranslate } from '../core/ports/check.ts';
import type { ArticleService } from '../services/articles.ts';
import { FeedService } from '../services/feed.ts';

// Part of the composition root (main.ts): pieces built only when a command or a setting asks for them, so their
// modules are loaded on first use.

/** The feed poller over HTTP, remembering its items beside the storage backend (adapters loaded only when configured). */
export async function openFeed(
  url: string,
  config: TandemConfig,
  articles: ArticleService,
  logger: Logger | undefined,
): Promise<FeedService> {
  const [{ HttpFeedSource, openFeedItemStore }, { openDutyLocks }] = await Promise.all([
    import('../adapters/feed/index.ts'),
    import('../adapters/storage/index.ts'),
  ]);
  // On PostgreSQL the instances share the database: a poll asked for by hand takes the poller's duty lock.
  const locks = openDutyLocks(config.storage, config.databaseUrl);
  return new FeedService({
    url,
    source: new HttpFeedSource(),
    items: await openFeedItemStore(config.storage, config.dataDir, config.databaseUrl),
    importArticle: (input) => articles.import(input),
    duty: () => locks.hold('feed'),
    ...(logger ? { logger } : {}),
  });
}

/**
 * i18next's `t` in `language` for CLI output, from the same locale files and i18n setup as the web UI (English where a
 * key is missing). Loaded on first use, so commands that print no translated text do not pay for it.
 */
export async function cliTranslator(language: string): Promise<CheckTranslate> {
  const { createI18n, isUiLanguage, UI_LANGUAGES } = await import('../web/i18n.ts');
  if (!isUiLanguage(language)) {
    throw new ValidationError(`--lang: Tandem has no texts in "${language}"; use one of ${UI_LANGUAGES.join(', ')}`);
  }
  return createI18n({ defaultLanguage: 'en' }).getFixedT(language);
}

/** `tandem db migrate`: only the postgres backend keeps a schema in a server database. */
export async function migrateDatabase(config: TandemConfig): Promise<DatabaseMigration> {
  if (config.storage !== 'postgres' || !config.databaseUrl) {
    throw new ConfigError(
      `db migrate: the ${config.storage ?? 'lowdb'} backend has no database schema; set TANDEM_DATABASE_URL to migrate a PostgreSQL database`,
    );
  }
  const storage = await import('../adapters/storage/index.ts');
  return storage.migrateDatabase(config.databaseUrl);
}
