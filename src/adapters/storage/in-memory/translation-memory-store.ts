import type { MemoryEntry, MemoryRecord, MemoryTombstone, TranslationMemoryStore } from '../../../core/ports/translation-memory-store.ts';

/** Translation memory for tests: same contract as the lowdb translation-memory store, nothing on disk. */
export class InMemoryTranslationMemoryStore implements TranslationMemoryStore {
  readonly #entries: MemoryRecord[] = [];
  #index: Uint8Array | null = null;

  async all(): Promise<MemoryRecord[]> {
    return structuredClone(this.#entries);
  }

  async add(entries: readonly MemoryEntry[]): Promise<void> {
    this.#entries.push(...structuredClone(entries));
  }

  async delete(tombstone: MemoryTombstone): Promise<void> {
    this.#entries.push(structuredClone(tombstone));
  }

  async stored(ids: readonly string[]): Promise<Set<string>> {
    const wanted = new Set(ids);
    return new Set(this.#entries.map((record) => record.id).filter((id) => wanted.has(id)));
  }

  // Bound fields, so a wrapper made with Object.create(store) (a test's failing store) still reaches the snapshot.
  readonly readIndex = async (): Promise<Uint8Array | null> => (this.#index ? this.#index.slice() : null);

  readonly writeIndex = async (bytes: Uint8Array): Promise<void> => {
    this.#index = bytes.slice();
  };

  async close(): Promise<void> {}
}
