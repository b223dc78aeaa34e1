import type { StorageBackend } from '../../../core/ports/storage-backend.ts';
import { assembleStorage } from '../assemble-storage.ts';
import { InMemoryApiTokenStore } from './api-token-store.ts';
import { InMemoryArticleStore } from './article-store.ts';
import { InMemoryMtStore } from './mt-store.ts';
import { InMemoryPublicationStore } from './publication-store.ts';
import { InMemoryTranslationMemoryStore } from './translation-memory-store.ts';
import { InMemoryUserStore } from './user-store.ts';

export { InMemoryApiTokenStore } from './api-token-store.ts';
export { InMemoryArticleStore } from './article-store.ts';
export { InMemoryMtStore } from './mt-store.ts';
export { InMemoryPublicationStore } from './publication-store.ts';
export { InMemoryTranslationMemoryStore } from './translation-memory-store.ts';
export { InMemoryUserStore } from './user-store.ts';

/** Everything in process memory, lost at close: for tests and throw-away demos. Ignores the data directory. */
export const inMemoryBackend = {
  id: 'in-memory',
  open: () =>
    assembleStorage({
      articles: async () => new InMemoryArticleStore(),
      users: async () => new InMemoryUserStore(),
      mt: async () => new InMemoryMtStore(),
      translationMemory: async () => new InMemoryTranslationMemoryStore(),
      publications: async () => new InMemoryPublicationStore(),
      apiTokens: async () => new InMemoryApiTokenStore(),
    }),
} satisfies StorageBackend;
