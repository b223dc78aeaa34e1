import { pino } from 'pino';
import { CHECKS } from '../../src/checks/index.ts';
import type { MtProvider } from '../../src/core/ports/mt-provider.ts';
import type { Role } from '../../src/core/roles.ts';
import type { MtServiceDeps } from '../../src/services/mt/index.ts';
import { AuthService } from '../../src/services/auth.ts';
import { ArticleService } from '../../src/services/articles.ts';
import { CheckService } from '../../src/services/checks.ts';
import { ConfidentialService } from '../../src/services/confidential.ts';
import { GlossaryService } from '../../src/services/glossary.ts';
import { tmxFormat } from '../../src/adapters/formats/tmx.ts';
import { MemoryService } from '../../src/services/memory.ts';
import { ReviewService } from '../../src/services/review.ts';
import { UsageService } from '../../src/services/usage.ts';
import { SoftLocks } from '../../src/services/soft-lock.ts';
import { InProcessChangeFeed } from '../../src/adapters/changes/index.ts';
import { UserService } from '../../src/services/users.ts';
import { WorkService } from '../../src/services/my-work.ts';
import { XliffExchangeService } from '../../src/services/xliff-exchange.ts';
import { xliffFormats } from '../../src/adapters/formats/index.ts';
import { DEFAULT_TARGET_LOCALES } from '../../src/core/locale.ts';
import { createApp, type AppDeps } from '../../src/web/app.ts';
import { startServer, type RunningServer } from '../../src/web/server.ts';
import { startRig, type Rig } from '../fake-deepl/setup.ts';
import { Client, PASSWORD, TEST_SCRYPT } from '../web/helpers.ts';
import { openTestStorage } from './storage.ts';

export interface ReviewApp {
  readonly url: string;
  readonly rig: Rig;
  readonly deps: AppDeps;
  readonly memory: MemoryService;
  readonly checks: CheckService;
  loginAs(name: string): Promise<Client>;
  close(): Promise<void>;
}

/**
 * The web app in-process over a memory article store, with translation memory and quality checks hooked in as in
 * main.ts, the real MT service talking to the fake DeepL server
 * (queue drained by the test with `rig.service.drain()`), cheap scrypt, and the given users (password PASSWORD).
 */
export async function startReviewApp(options: {
  users: readonly { name: string; role: Role; locales?: readonly string[] }[];
  articles?: Readonly<Record<string, string>>;
  mt?: boolean;
  /** The MT provider (default: DeepL against the fake server); `new NoneProvider()` for an installation with MT off. */
  provider?: MtProvider;
  /** Other MT service settings (budget, reuse, retry policy, clock). */
  mtService?: Partial<MtServiceDeps>;
  /** Live updates as in main.ts: an in-process change feed, and typing marks lasting this long (default the real TTL). */
  live?: { readonly presenceTtlMs?: number; readonly heartbeatMs?: number };
}): Promise<ReviewApp> {
  const storage = await openTestStorage();
  const changes = options.live ? new InProcessChangeFeed() : undefined;
  const rig = await startRig({
    store: storage.articles,
    mt: storage.mt,
    service: { ...options.mtService, ...(options.provider ? { provider: options.provider } : {}) },
    ...(changes ? { hooks: { changes } } : {}),
  });
  for (const [slug, markdown] of Object.entries(options.articles ?? {})) await rig.import(slug, markdown);
  // As in main.ts: approvals feed translation memory, every text change runs the quality checks.
  const memory = new MemoryService({ store: storage.translationMemory, exchange: tmxFormat });
  const checks = new CheckService({ store: rig.store, checks: CHECKS, settings: rig.mt.settings });
  const services = { ...rig.deps, onApproved: memory.onApproved, checker: checks };
  const userStore = storage.users;
  const users = new UserService(userStore, { scrypt: TEST_SCRYPT, uiLanguages: ['ko', 'en'] });
  const auth = new AuthService(userStore, { scrypt: TEST_SCRYPT });
  for (const u of options.users) await users.add({ name: u.name, role: u.role, locales: [...(u.locales ?? [])], password: PASSWORD });
  const review = new ReviewService(services);
  const deps: AppDeps = {
    logger: pino({ level: 'silent' }),
    users,
    auth,
    articles: new ArticleService(services),
    review,
    xliff: new XliffExchangeService({
      store: rig.store,
      formats: xliffFormats,
      context: (record, locale) => checks.contextFor(record, locale),
      review,
      targetLocales: services.targetLocales ?? DEFAULT_TARGET_LOCALES,
    }),
    work: new WorkService({ ...services, publications: storage.publications }),
    memory,
    checks,
    glossary: new GlossaryService({ settings: rig.mt.settings }),
    confidential: new ConfidentialService({ settings: rig.mt.settings, store: rig.store }),
    usage: new UsageService({ ledger: rig.mt.ledger }),
    ...(options.mt === false ? {} : { mt: rig.service }),
    ...(changes
      ? {
          changes,
          presence: new SoftLocks({
            changes,
            ...(options.live?.presenceTtlMs === undefined ? {} : { ttlMs: options.live.presenceTtlMs }),
          }),
        }
      : {}),
    config: {
      ...(options.live?.heartbeatMs === undefined ? {} : { live: { heartbeatMs: options.live.heartbeatMs } }),
      onMissingKey: (lng, ns, key) => {
        throw new Error(`missing i18n key ${ns}:${key} (${lng})`);
      },
    },
  };
  const server: RunningServer = await startServer(createApp(deps), { port: 0, logger: deps.logger, handleSignals: false });
  return {
    url: server.url,
    rig,
    deps,
    memory,
    checks,
    loginAs: async (name) => {
      const client = new Client(server.url);
      const res = await client.login(name, PASSWORD);
      if (res.status !== 303) throw new Error(`test login as ${name} failed with ${res.status}`);
      return client;
    },
    close: async () => {
      await server.close();
      await rig.close();
      await storage.close();
    },
  };
}
