import type { MemoryEntry, TranslationMemoryStore } from '../../../core/ports/translation-memory-store.ts';

/** Translation memory for tests: same contract as the lowdb translation-memory store, nothing on disk. */
export class InMemoryTranslationMemoryStore implements TranslationMemoryStore {
  readonly #entries: MemoryEntry[] = [];

  async all(): Promise<MemoryEntry[]> {
    return structuredClone(this.#entries);
  }

  async add(entries: readonly MemoryEntry[]): Promise<void> {
    this.#entries.push(...structuredClone(entries));
  }

  async close(): Promise<void> {}
}
