import type { Logger } from 'pino';
import type { ChangeFeed } from '../core/ports/change-feed.ts';
import type { Locale } from '../core/locale.ts';
import type { ApiTokenService } from '../services/api-tokens.ts';
import type { ArticleService } from '../services/articles.ts';
import type { AuthService } from '../services/auth.ts';
import type { CheckService } from '../services/checks.ts';
import type { ConfidentialService } from '../services/confidential.ts';
import type { GlossaryService } from '../services/glossary.ts';
import type { IdempotencyService } from '../services/idempotency.ts';
import type { MemoryService } from '../services/memory.ts';
import type { PublishService } from '../services/publish.ts';
import type { ReaderService } from '../services/reader.ts';
import type { ReviewService } from '../services/review.ts';
import type { SoftLocks } from '../services/soft-lock.ts';
// The one place web code names the MT service's module.
import type { MtService } from '../services/mt/index.ts';
import type { UsageService } from '../services/usage.ts';
import type { UserService } from '../services/users.ts';
import type { WorkService } from '../services/my-work.ts';
import type { ApiRateLimitConfig } from './api/auth.ts';
import type { XliffExchangeService } from '../services/xliff-exchange.ts';
import type { FeedService } from '../services/feed.ts';
import type { LoginThrottleConfig } from './login-throttle.ts';
import type { SseConfig } from './sse.ts';

/** Web-layer settings; main.ts fills them from TandemConfig, tests from literals. Every field has a default. */
export interface WebConfig {
  /** Installation's source locale (default `ko`). */
  readonly sourceLocale?: Locale;
  /** Installation's target locales (default en, ja, zh-Hans). */
  readonly targetLocales?: readonly Locale[];
  /** Key for the CSRF tokens of anonymous forms (login, language); random per process when omitted. */
  readonly secret?: string;
  /** `locales/` directory with `<lng>/<ns>.json` files (default: the repository's). */
  readonly localesDir?: string;
  /** Directory served at `/assets` (default: the repository's `public/`). */
  readonly publicDir?: string;
  /** UI language when nothing else decides (default `ko`). */
  readonly defaultUiLanguage?: string;
  /**
   * The reader site's public origin with an optional path prefix, no trailing slash (`https://news.example.org`); every
   * absolute URL it writes starts with it, never with the request's Host header (default `http://127.0.0.1:3000`).
   */
  readonly publicUrl?: string;
  /**
   * Express `trust proxy` (TANDEM_TRUST_PROXY): how many reverse proxies, or which addresses, to believe about the
   * client's address and protocol, so cookies get `Secure` behind TLS and login limits count per real client
   * (default false: the socket's peer, plain `req.secure`).
   */
  readonly trustProxy?: boolean | number | string;
  /** Failed-login backoff per account and per client address (defaults in login-throttle.ts). */
  readonly loginThrottle?: LoginThrottleConfig;
  /** Largest accepted request body, in body-parser syntax (default `1mb`). */
  readonly bodyLimit?: string;
  /** Four-eyes rule for the review pages (default true). */
  readonly fourEyes?: boolean;
  /** The live event streams: heartbeat, streams per session, reconnect delay (defaults in sse.ts). */
  readonly live?: SseConfig;
  /** TANDEM_CMS_HOOK_SECRET: signs the articles a CMS pushes to `POST /hooks/cms`; unset, the hook answers 404. */
  readonly cmsHookSecret?: string;
  /** Requests per API token and window (defaults in api/auth.ts). */
  readonly apiRateLimit?: ApiRateLimitConfig;
  /** Called when a page asks for a translation key that does not exist (tests make it throw). */
  readonly onMissingKey?: (lng: string, ns: string, key: string) => void;
}

/**
 * Everything the web layer needs, built once in main.ts (or by a test): services only, never a store or the services'
 * dependency bag. Routes reach services only through this; web code never constructs adapters. Optional slots belong to features that land later: a route whose service is
 * absent answers 503 through `requireService()` rather than disappearing, so the route table stays complete.
 */
export interface AppDeps {
  readonly logger: Logger;
  readonly config?: WebConfig;
  /** Accounts: creating users, roles, UI language preference. */
  readonly users: UserService;
  /** Login, logout, resolving session cookies. */
  readonly auth: AuthService;
  /** Articles: read one, import one, status, post-edit effort, the review queue. */
  readonly articles?: ArticleService;
  /** The review workflow (save, submit, approve, reject, comment, approve-all); needed with `articles`. */
  readonly review?: ReviewService;
  /** What waits for each person (the home page); without it the home page only greets. */
  readonly work?: WorkService;
  /** Machine translation: status, queueing, re-runs. */
  readonly mt?: MtService;
  /** Glossaries per language pair: the review page shows the terms a segment contains. */
  readonly glossary?: GlossaryService;
  /** Translation memory: the review page shows fuzzy matches with their score and diff; the memory page searches it. */
  readonly memory?: MemoryService;
  /** Confidential terms, global and per article (the confidential page). */
  readonly confidential?: ConfidentialService;
  /** Machine-translation usage summed from the audit log (the usage page). */
  readonly usage?: UsageService;
  /**
   * Quality checks: the review page refreshes stored results first (CheckService.refresh) and describes them with it
   * (and the registry of checks since removed).
   */
  readonly checks?: CheckService;
  /** Publishing per locale: publish, unpublish, versions, diffs, outdated status. */
  readonly publish?: PublishService;
  /** Public reader site: lists, articles and feeds of published versions. */
  readonly reader?: ReaderService;
  /** Stored changes, streamed to open review and articles pages (Server-Sent Events); without it they are not live. */
  readonly changes?: ChangeFeed;
  /** Personal API tokens: the account page makes and revokes them, the API accepts them as `Bearer`; no tokens without it. */
  readonly apiTokens?: ApiTokenService;
  /** The source site's feed (TANDEM_FEED_URL): `POST /api/v1/feed/poll` polls it once; null or absent when none is set. */
  readonly feed?: FeedService | null;
  /** Stored answers of API requests with an `Idempotency-Key` (imports, publishes). */
  readonly idempotency?: IdempotencyService;
  /** XLIFF files for translation agencies: export from the review page, import the agency's file back. */
  readonly xliff?: XliffExchangeService;
  /** Who is typing in which segment ("being edited by"), told to this instance's live pages; a private table when absent. */
  readonly presence?: SoftLocks;
}
