import { inMemoryBackend } from '../../src/adapters/storage/in-memory/index.ts';
import type { Storage } from '../../src/core/ports/storage-backend.ts';

/**
 * Every store the application needs, from the in-memory backend (nothing on disk): what tests build services on.
 * Close it when the test is done, like any opened storage.
 */
export function openTestStorage(): Promise<Storage> {
  return inMemoryBackend.open();
}
