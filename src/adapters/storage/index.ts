import { ConfigError } from '../../core/errors.ts';
import type { Storage, StorageBackend, StorageConfig } from '../../core/ports/storage-backend.ts';
import { inMemoryBackend } from './in-memory/index.ts';
import { lowdbBackend } from './lowdb/index.ts';
import { explainDatabaseError, fileName, migrate, openPool, postgresBackend } from './postgres/index.ts';

import { type DutyLocks, soleProcessDuties } from './duty-locks.ts';
import { PostgresDutyLocks } from './postgres/duty-locks.ts';
import { listenForQueuedWork, type QueueWakeups } from './postgres/queue-wakeups.ts';

export { acquireDataDirLock, type DataDirLock, type DataDirLockConfig } from './data-dir-lock.ts';
export { DatabaseUnavailableError, explainDatabaseError } from './postgres/index.ts';
export type { Duty, DutyLease, DutyLocks } from './duty-locks.ts';

/** Whether the backend `id` keeps its data where several processes share it (so no data directory lock is needed). */
export function isSharedBackend(id: string | undefined): boolean {
  return id === 'postgres';
}

/**
 * Call `onQueued` when another process queues MT work (PostgreSQL LISTEN/NOTIFY); null for a backend one process
 * owns, whose queueing wakes its worker directly. `onLost` hears of a broken connection (polling then still finds work).
 */
export function listenForQueuedMt(
  id: string | undefined,
  databaseUrl: string | undefined,
  onQueued: () => void,
  onLost: (error: Error) => void,
): Promise<QueueWakeups | null> {
  return isSharedBackend(id) && databaseUrl ? listenForQueuedWork(databaseUrl, onQueued, onLost) : Promise.resolve(null);
}

/**
 * Who runs the one-at-a-time background duties (duty-locks.ts): PostgreSQL advisory locks when the backend is shared
 * by several processes, else this process alone.
 */
export function openDutyLocks(id: string | undefined, databaseUrl: string | undefined): DutyLocks {
  return isSharedBackend(id) && databaseUrl ? new PostgresDutyLocks(databaseUrl) : soleProcessDuties;
}

/**
 * Every storage backend by id (TANDEM_STORAGE, or `postgres` when only TANDEM_DATABASE_URL is set); adding one is its
 * folder plus one line here.
 */
export const STORAGE_BACKENDS = {
  lowdb: lowdbBackend,
  'in-memory': inMemoryBackend,
  postgres: postgresBackend,
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

/** What `migrateDatabase` did: the migration files it applied, in order, and the schema version afterwards. */
export interface DatabaseMigration {
  readonly applied: readonly string[];
  readonly version: number;
}

/**
 * Bring the PostgreSQL database at `url` up to the schema of this Tandem (what the postgres backend also does when it
 * opens), then disconnect. Throws DatabaseUnavailableError (postgres/connection-errors.ts) for a database a person
 * must fix first, else what postgres/migrate.ts throws.
 */
export async function migrateDatabase(url: string): Promise<DatabaseMigration> {
  const pool = openPool({ url, max: 1 });
  try {
    const report = await migrate(pool);
    return { applied: report.applied.map(fileName), version: report.version };
  } catch (error) {
    throw explainDatabaseError(error, url);
  } finally {
    await pool.end();
  }
}
