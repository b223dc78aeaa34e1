import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { STORAGE_BACKENDS, type StorageBackendId } from '../../../src/adapters/storage/index.ts';
import type { Storage, StorageBackend } from '../../../src/core/ports/storage-backend.ts';

/** Whether a backend's data survives close and reopen; typed so that a new backend must say. */
const PERSISTENT: Record<StorageBackendId, boolean> = { lowdb: true, 'in-memory': false };

/** One row per registered backend, for `describe.each(backends)`. */
export const backends = Object.values(STORAGE_BACKENDS).map((backend: StorageBackend) => ({
  name: backend.id,
  backend,
  persistent: PERSISTENT[backend.id as StorageBackendId],
}));

export type BackendRow = (typeof backends)[number];

/** The backend under test, opened fresh in a temp directory before each test and closed (and removed) after it. */
export interface OpenBackend {
  /** The stores of the current opening. */
  readonly storage: Storage;
  /** The temp data directory. */
  readonly dataDir: string;
  /** Close the backend and open the same data directory again (what a restart does). */
  reopen(): Promise<Storage>;
}

/** Register beforeEach/afterEach hooks that open `row`'s backend in a temp directory and close it after the test. */
export function useBackend(row: BackendRow): OpenBackend {
  let storage: Storage | null = null;
  let dataDir = '';
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), `tandem-${row.name}-`));
    storage = await row.backend.open({ dataDir });
  });
  afterEach(async () => {
    await storage?.close();
    storage = null;
    await rm(dataDir, { recursive: true, force: true });
  });
  return {
    get storage() {
      if (!storage) throw new Error('useBackend: the storage is only open inside a test');
      return storage;
    },
    get dataDir() {
      return dataDir;
    },
    async reopen() {
      await storage?.close();
      storage = await row.backend.open({ dataDir });
      return storage;
    },
  };
}
