import { MemoryStore } from '../../../src/adapters/storage/memory-store.ts';
import { defineArticleStoreContract } from './article-store.contract.ts';

defineArticleStoreContract('MemoryStore', () => ({
  open: async () => new MemoryStore(),
}), { persistent: false });
