import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { ArticleService } from '../../src/services/articles.ts';
import { ReviewService } from '../../src/services/review.ts';
import { InMemoryUserStore } from '../../src/adapters/storage/in-memory/user-store.ts';
import { AuthService } from '../../src/services/auth.ts';
import { ReaderService } from '../../src/services/reader.ts';
import { UserService } from '../../src/services/users.ts';
import { createApp, type AppDeps } from '../../src/web/app.ts';
import type { SourceReleaseMode } from '../../src/core/publication.ts';
import type { WebConfig } from '../../src/web/deps.ts';
import { startServer, type RunningServer } from '../../src/web/server.ts';
import { publishFixture, type PublishFixture } from '../services/publish-fixture.ts';
import { type Client, clientsFor, PASSWORD, TEST_SCRYPT } from './helpers.ts';

export const SECOND_SLUG = 'kpa-autumn-drills-2026';
/** The fixture's configured public URL: deliberately not the address the test server listens on. */
export const PUBLIC_URL = 'https://news.example.org';

export interface ReaderApp extends PublishFixture {
  /** Where the test server listens. */
  readonly url: string;
  /** The configured public URL every absolute link must start with. */
  readonly publicUrl: string;
  readonly app: AppDeps;
  readonly server: RunningServer;
  client(): Client;
  loginAs(name: string): Promise<Client>;
  close(): Promise<void>;
}

/**
 * The real app with the reader and publish services over the publish fixture's stores (and its clock, `clock.now`);
 * users editor-park and translator-kim. `config` is merged over the defaults (public URL PUBLIC_URL, missing i18n keys
 * throw); `options.sourceRelease` is passed to both services.
 */
export async function startReaderApp(config: WebConfig = {}, options: { sourceRelease?: SourceReleaseMode } = {}): Promise<ReaderApp> {
  const fixture = await publishFixture(options);
  await fixture.importSource(
    await readFile(join(import.meta.dirname, '../../content/ko', `${SECOND_SLUG}.md`), 'utf8'),
    `${SECOND_SLUG}.md`,
  );
  const userStore = new InMemoryUserStore();
  const users = new UserService(userStore, { scrypt: TEST_SCRYPT, uiLanguages: ['ko', 'en'] });
  const auth = new AuthService(userStore, { scrypt: TEST_SCRYPT });
  await users.add({ name: 'editor-park', role: 'editor', locales: [], password: PASSWORD });
  await users.add({ name: 'translator-kim', role: 'translator', locales: ['en'], password: PASSWORD });
  const app: AppDeps = {
    logger: pino({ level: 'silent' }),
    users,
    auth,
    articles: new ArticleService(fixture.deps),
    review: new ReviewService(fixture.deps),
    publish: fixture.publish,
    reader: new ReaderService(fixture.deps),
    config: {
      publicUrl: PUBLIC_URL,
      onMissingKey: (lng, ns, key) => {
        throw new Error(`missing i18n key ${ns}:${key} (${lng})`);
      },
      ...config,
    },
  };
  const server = await startServer(createApp(app), { port: 0, logger: app.logger, handleSignals: false });
  return {
    ...fixture,
    url: server.url,
    publicUrl: app.config?.publicUrl ?? PUBLIC_URL,
    app,
    server,
    ...clientsFor(server.url),
    close: () => server.close(),
  };
}
