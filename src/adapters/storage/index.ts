import { ConfigError } from '../../core/errors.ts';
import type { Storage, StorageBackend, StorageConfig } from '../../core/ports/storage-backend.ts';
import { inMemoryBackend } from './in-memory/index.ts';
import { lowdbBackend } from './lowdb/index.ts';

export { acquireDataDirLock, type DataDirLock, type DataDirLockConfig } from './data-dir-lock.ts';

/** Every storage backend by id (TANDEM_STORAGE); adding one is its folder plus one line here. */
export const STORAGE_BACKENDS = {
  lowdb: lowdbBackend,
  'in-memory': inMemoryBackend,
} as const satisfies Record<string, StorageBackend>;

export type StorageBackendId = keyof typeof STORAGE_BACKENDS;

/** The backend used when the configuration names none. */
export const DEFAULT_STORAGE_BACKEND: StorageBackendId = 'lowdb';

/**
 * Open the stores of the backend named `id` (default lowdb). Throws ConfigError when no backend has that id; otherwise
 * whatever the backend's `open` throws.
 */
export function openStorage(id: string | undefined, config: StorageConfig): Promise<Storage> {
  const name = id ?? DEFAULT_STORAGE_BACKEND;
  if (!Object.hasOwn(STORAGE_BACKENDS, name)) {
    const known = Object.keys(STORAGE_BACKENDS).join(', ');
    return Promise.reject(new ConfigError(`storage: no backend "${name}"; set TANDEM_STORAGE to one of ${known}`));
  }
  return STORAGE_BACKENDS[name as StorageBackendId].open(config);
}
