import { InMemoryArticleStore } from '../../../src/adapters/storage/in-memory/article-store.ts';
import { defineArticleStoreContract } from './article-store.contract.ts';

defineArticleStoreContract('InMemoryArticleStore', () => ({
  open: async () => new InMemoryArticleStore(),
}), { persistent: false });
