import type { ChangeFeed } from '../core/ports/change-feed.ts';
import type { ApiTokenService } from './api-tokens.ts';
import type { ArticleService } from './articles.ts';
import type { AuthService } from './auth.ts';
import type { CheckService } from './checks.ts';
import type { ConfidentialService } from './confidential.ts';
import type { FeedService } from './feed.ts';
import type { GlossaryService } from './glossary.ts';
import type { IdempotencyService } from './idempotency.ts';
import type { ImportService } from './import-files.ts';
import type { MemoryService } from './memory.ts';
import type { MtService } from './mt/index.ts';
import type { PublishService } from './publish.ts';
import type { ReaderService } from './reader.ts';
import type { RecoveryService } from './recovery.ts';
import type { ReviewService } from './review.ts';
import type { UsageService } from './usage.ts';
import type { UserService } from './users.ts';
import type { WorkService } from './my-work.ts';
import type { XliffExchangeService } from './xliff-exchange.ts';

/**
 * An open data directory: the services the CLI and the web server work with, built by the composition root
 * (`openTandem` in src/main.ts). Services only: the stores stay inside the composition, so every caller goes through a
 * service.
 */
export interface Tandem {
  /** Articles: read one, import one, status, post-edit effort, the review queue. */
  readonly articles: ArticleService;
  /** Importing files and folders from disk (`tandem import`, the sample articles). */
  readonly imports: ImportService;
  /** The review workflow: save, submit, approve (four-eyes), reject, comment, approve-all. */
  readonly review: ReviewService;
  /** What waits for each person: the home page's "my work". */
  readonly work: WorkService;
  /** Accounts: creating users, roles, passwords, UI language preference. */
  readonly users: UserService;
  /** Login, logout, resolving session cookies. */
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
  /** XLIFF 1.2 and 2.0 files for translation agencies: export articles, import the agency's file through review. */
  readonly xliff: XliffExchangeService;
  /** Quality checks run on every draft and save, stored with the translation. */
  readonly checks: CheckService;
  /** Publishing per locale: immutable versions, files in the publish dir, webhooks. */
  readonly publish: PublishService;
  /** What the reader site shows: published versions and the originals. */
  readonly reader: ReaderService;
  /** Start-up repairs after a crash: publish leftovers, approvals missing from the translation memory. */
  readonly recovery: RecoveryService;
  /** The polled RSS or Atom feed of the source site (TANDEM_FEED_URL), or null when none is configured. */
  readonly feed: FeedService | null;
  /** Personal API tokens: create (shown once), list, revoke, and authenticate API requests. */
  readonly apiTokens: ApiTokenService;
  /** Stored answers of API requests sent with an Idempotency-Key. */
  readonly idempotency: IdempotencyService;
  /** Where stored changes are announced (translations, the MT queue's progress) for pages that show them live. */
  readonly changes: ChangeFeed;
  /**
   * Finish pending writes, close the stores and release the data-directory lock. Idempotent: later calls return the
   * first call's promise.
   */
  close(): Promise<void>;
}
