import { join } from 'node:path';
import type { StorageBackend, StorageConfig } from '../../../core/ports/storage-backend.ts';
import { assembleStorage } from '../assemble-storage.ts';
import { LowdbApiTokenStore } from './api-token-store.ts';
import { LowdbArticleStore } from './article-store.ts';
import { LowdbMtStore } from './mt-store.ts';
import { LowdbPublicationStore } from './publication-store.ts';
import { LowdbTranslationMemoryStore } from './translation-memory-store.ts';
import { LowdbUserStore } from './user-store.ts';

export { LowdbApiTokenStore } from './api-token-store.ts';
export { LowdbArticleStore, type LowdbArticleStoreConfig } from './article-store.ts';
export { LowdbMtStore } from './mt-store.ts';
export { LowdbPublicationStore } from './publication-store.ts';
export { LowdbTranslationMemoryStore } from './translation-memory-store.ts';
export { LowdbUserStore } from './user-store.ts';

/**
 * The embedded default: everything in files under the data directory, durable (fsynced) before a write resolves.
 * `articles/`, `index.json` and while a process changes the listing `index.dirty` (articles), `memory-pending.json` and `.jsonl` (approval marks), `users.json` and `sessions.json`, `mt/` (queue journal, ledger, settings),
 * `memory/tm.jsonl` (translation memory), `publications/`, `api-tokens.json` and `api-idempotency.json`. Take `acquireDataDirLock` first: one writing process only.
 */
export const lowdbBackend = {
  id: 'lowdb',
  open: ({ dataDir }: StorageConfig) =>
    assembleStorage({
      articles: () => LowdbArticleStore.open(dataDir),
      users: () => LowdbUserStore.open(dataDir),
      mt: () => LowdbMtStore.open(dataDir),
      translationMemory: async () => new LowdbTranslationMemoryStore(join(dataDir, 'memory', 'tm.jsonl')),
      publications: () => LowdbPublicationStore.open(join(dataDir, 'publications')),
      apiTokens: () => LowdbApiTokenStore.open(dataDir),
    }),
} satisfies StorageBackend;
