import type { ApiTokenStore } from './api-token-store.ts';
import type { ArticleStore } from './article-store.ts';
import type { MtStore } from './mt-store.ts';
import type { PublicationStore } from './publication-store.ts';
import type { TranslationMemoryStore } from './translation-memory-store.ts';
import type { UserStore } from './user-store.ts';

/** Where a backend keeps its data. */
export interface StorageConfig {
  /**
   * The data directory (absolute path). File backends keep everything under it; a backend that keeps its data
   * elsewhere (in memory, a server database) may ignore it.
   */
  readonly dataDir: string;
  /**
   * The server database's connection URL (`postgres://user:password@host:port/database`, TANDEM_DATABASE_URL), for a
   * backend that keeps its data there; file backends ignore it.
   */
  readonly databaseUrl?: string;
}

/** Every store the application needs, opened together from one backend. */
export interface Storage {
  /** Articles, their segments, translations and history. */
  readonly articles: ArticleStore;
  /** User accounts and login sessions. */
  readonly users: UserStore;
  /** The machine-translation queue, its audit ledger and its settings (glossaries, confidential terms, pauses). */
  readonly mt: MtStore;
  /** Approved (source, translation) pairs. */
  readonly translationMemory: TranslationMemoryStore;
  /** Published versions per article and locale. */
  readonly publications: PublicationStore;
  /** Personal API tokens (hashed) and the stored answers of idempotent API requests. */
  readonly apiTokens: ApiTokenStore;
  /** Finish pending writes and release every store's files and timers; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * A way of storing Tandem's data (Kysely's dialects: one folder per backend with the same file names inside). Adding a
 * backend is one folder under `src/adapters/storage/` and one line in its registry.
 *
 * @example
 * export const lowdbBackend = {
 *   id: 'lowdb',
 *   async open({ dataDir }) { … return { articles, users, mt, translationMemory, publications, close } },
 * } satisfies StorageBackend;
 */
export interface StorageBackend {
  /** Stable id, chosen with TANDEM_STORAGE (`lowdb`, `in-memory`). */
  readonly id: string;
  /**
   * Open (creating when needed) every store. The caller must already hold the data directory's lock when the backend
   * writes there. Throws when a store cannot be opened, after closing the ones already open.
   */
  open(config: StorageConfig): Promise<Storage>;
}
