import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { STORAGE_BACKENDS, type StorageBackendId } from '../../../src/adapters/storage/index.ts';
import type { Storage, StorageBackend, StorageConfig } from '../../../src/core/ports/storage-backend.ts';
import { freshDatabase } from '../../support/postgres.ts';

/** A store of the Storage interface. */
export type StoreName = Exclude<keyof Storage, 'close'>;

/** Some of a backend's stores, closed together. */
export type StoresOf<K extends StoreName> = Pick<Storage, K> & { close(): Promise<void> };

/** Whether a backend's data survives close and reopen; typed so that a new backend must say. */
const PERSISTENT: Record<StorageBackendId, boolean> = { lowdb: true, 'in-memory': false, postgres: true };

/**
 * Where a test's backend keeps its data besides the temp data directory: a database server backend gets a fresh
 * database of the run's throwaway cluster (tests/support/postgres.ts), so tests never share state.
 */
const PREPARE: Partial<Record<StorageBackendId, (dataDir: string) => Promise<StorageConfig>>> = {
  postgres: async (dataDir) => ({ dataDir, databaseUrl: await freshDatabase() }),
};

const ALL_STORES: readonly StoreName[] = ['articles', 'users', 'mt', 'translationMemory', 'publications', 'apiTokens'];

/** One way of opening stores for the contract suites. */
export interface BackendRow {
  readonly name: string;
  readonly persistent: boolean;
  /** The stores it opens; a contract suite runs over the rows that have its store (backendsWith). */
  readonly stores: readonly StoreName[];
  /** The configuration of a fresh, empty location for one test (a temp `dataDir`, plus a fresh database where needed). */
  prepare(dataDir: string): Promise<StorageConfig>;
  open(config: StorageConfig): Promise<Partial<Omit<Storage, 'close'>> & { close(): Promise<void> }>;
}

const registered: BackendRow[] = Object.values(STORAGE_BACKENDS).map((backend: StorageBackend) => ({
  name: backend.id,
  persistent: PERSISTENT[backend.id as StorageBackendId],
  stores: ALL_STORES,
  prepare: PREPARE[backend.id as StorageBackendId] ?? (async (dataDir) => ({ dataDir })),
  open: (config) => backend.open(config),
}));

/** Every registered backend, each opening all stores. */
export const backends = registered;

/** The rows that open `store`, for `describe.each(backendsWith('articles'))`. */
export function backendsWith<K extends StoreName>(store: K): (BackendRow & { readonly store: K })[] {
  return registered.filter((row) => row.stores.includes(store)).map((row) => ({ ...row, store }));
}

/** The backend under test, opened fresh before each test and closed (its temp directory removed) after it. */
export interface OpenBackend<S> {
  /** The stores of the current opening. */
  readonly storage: S;
  /** The temp data directory. */
  readonly dataDir: string;
  /** Close the backend and open the same data directory (and database) again (what a restart does). */
  reopen(): Promise<S>;
}

/** Register beforeEach/afterEach hooks that open `row`'s stores in a fresh location and close them after the test. */
export function useBackend<K extends StoreName = StoreName>(row: BackendRow & { readonly store?: K }): OpenBackend<StoresOf<K>> {
  let storage: StoresOf<K> | null = null;
  let config: StorageConfig | null = null;
  const open = async (c: StorageConfig) => (await row.open(c)) as StoresOf<K>;
  beforeEach(async () => {
    config = await row.prepare(await mkdtemp(join(tmpdir(), `tandem-${row.name}-`)));
    storage = await open(config);
  });
  afterEach(async () => {
    await storage?.close();
    storage = null;
    if (config) await rm(config.dataDir, { recursive: true, force: true });
  });
  return {
    get storage() {
      if (!storage) throw new Error('useBackend: the storage is only open inside a test');
      return storage;
    },
    get dataDir() {
      return config?.dataDir ?? '';
    },
    async reopen() {
      await storage?.close();
      storage = await open(config!);
      return storage;
    },
  };
}
