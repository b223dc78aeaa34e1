import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TandemConfig } from '../config.ts';
import { AppError, ConfigError, LockedError, NotFoundError } from '../core/errors.ts';
import type { Storage } from '../core/ports/storage-backend.ts';
import type { LowdbImport } from '../cli/command.ts';
import { copyStorage, type CopyProgress } from '../services/storage-copy/index.ts';

// Part of the composition root (main.ts): `tandem db import-lowdb`, which builds two storage backends at once.

/** Files and folders one of which every lowdb data directory has (see lowdbBackend). */
const DATA_DIR_MARKERS = ['articles', 'index.json', 'users.json'];
/** The data-directory lock's own files (data-dir-lock.ts), not copied into the snapshot. */
const LOCK_FILE = /^tandem\.lock/;

/**
 * Copy the lowdb data directory `dir` into the PostgreSQL database of TANDEM_DATABASE_URL (migrated first), the feed
 * poller's memory of imported items included, then read it back and verify it. Takes `dir`'s lock for the whole run (LockedError while a server owns it) and never writes
 * into it: the lowdb stores repair what they open (a rebuilt index, cleared temp files, a compacted queue journal), so
 * they are opened on a private copy of the directory made under the lock, removed afterwards (the copy needs as much
 * free space in the temp folder as the directory takes). Throws ConfigError (`database.not-configured`) without a
 * database URL, NotFoundError (`lowdb.not-data-dir`) when `dir` is no data directory, AppError `corrupt-data`
 * (`lowdb.corrupt`) naming a source file that cannot be read, DatabaseUnavailableError (postgres/connection-errors.ts)
 * when the database cannot be used.
 */
export async function importLowdb(config: TandemConfig, dir: string, onProgress?: CopyProgress): Promise<LowdbImport> {
  // What was typed is checked first, then the configuration.
  const dataDir = resolve(dir);
  await assertDataDir(dataDir);
  const url = config.databaseUrl;
  if (!url) {
    throw new ConfigError('db import-lowdb: set TANDEM_DATABASE_URL to the PostgreSQL database to import into', {
      reason: 'database.not-configured',
    });
  }
  const storage = await import('../adapters/storage/index.ts');
  const { MT_PROVIDERS } = await import('../adapters/mt/index.ts');
  const feed = await import('../adapters/feed/index.ts');
  const lock = await storage.acquireDataDirLock(dataDir).catch((error: unknown) => {
    throw error instanceof LockedError
      ? new LockedError(
          `db import-lowdb: cannot read ${dataDir} while another process owns it (stop "tandem serve" first): ${error.message}`,
        )
      : error;
  });
  const snapshot = await mkdtemp(join(tmpdir(), 'tandem-import-'));
  let source: Storage | undefined;
  let target: Storage | undefined;
  let feedTarget: { close(): Promise<void> } | undefined;
  try {
    // Dereferenced: nothing in the copy points back outside it, so a store repairing the copy cannot write through a link.
    await cp(dataDir, snapshot, {
      recursive: true,
      dereference: true,
      filter: (from) => !LOCK_FILE.test(from.slice(dataDir.length + 1)),
    }).catch((error: NodeJS.ErrnoException) => {
      const file = error.path ?? dataDir;
      throw new AppError(
        'corrupt-data',
        `db import-lowdb: ${file} cannot be read (${error.code ?? error.message}); fix its permissions or move it away`,
        {
          reason: 'lowdb.corrupt',
          params: { file },
          cause: error,
        },
      );
    });
    // Migrating and opening say what is wrong with the database themselves (postgres/connection-errors.ts).
    const migration = await storage.migrateDatabase(url);
    source = await storage.STORAGE_BACKENDS.lowdb.open({ dataDir: snapshot });
    target = await storage.STORAGE_BACKENDS.postgres.open({ dataDir: config.dataDir, databaseUrl: url });
    // The feed poller's memory lies beside the storage (openFeedItemStore): a file of the directory, a table of the database.
    const feedItems = {
      source: await feed.openFeedItemStore('lowdb', snapshot),
      target: (feedTarget = new feed.PostgresFeedItemStore(url)),
    };
    const result = await copyStorage(source, target, {
      providers: Object.keys(MT_PROVIDERS),
      feedItems,
      ...(onProgress ? { onProgress } : {}),
    });
    return { dataDir, migrations: migration.applied, schemaVersion: migration.version, ...result };
  } catch (error) {
    const mapped = sourceError(error, snapshot, dataDir);
    // A connection lost during the copy: said like one lost before it.
    throw mapped === error ? storage.explainDatabaseError(error, url) : mapped;
  } finally {
    await Promise.allSettled([source?.close(), target?.close(), feedTarget?.close()]);
    await rm(snapshot, { recursive: true, force: true });
    await lock.release();
  }
}

/** NotFoundError (`lowdb.not-data-dir`) unless `dir` is a folder holding one of a data directory's files. */
async function assertDataDir(dir: string): Promise<void> {
  const notDataDir = (why: string) =>
    new NotFoundError(`db import-lowdb: ${dir} ${why}; name the data directory of the lowdb installation (TANDEM_DATA_DIR)`, {
      reason: 'lowdb.not-data-dir',
      params: { path: dir },
    });
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    throw notDataDir(error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code ?? error.message})`);
  });
  if (!info.isDirectory()) throw notDataDir('is not a folder');
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw notDataDir(`cannot be read (${error.code ?? error.message})`);
  });
  if (!names.some((name) => DATA_DIR_MARKERS.includes(name))) {
    throw notDataDir(`is not a Tandem data directory (no ${DATA_DIR_MARKERS.join(', ')})`);
  }
}

/**
 * A failure that names a file of the snapshot is the source's (a corrupt or unreadable file): said with the source
 * directory's path, as AppError `corrupt-data` (`lowdb.corrupt`). Anything else unchanged.
 */
function sourceError(error: unknown, snapshot: string, dataDir: string): unknown {
  if (!(error instanceof Error) || !error.message.includes(snapshot)) return error;
  const message = error.message.replaceAll(snapshot, dataDir);
  const file = /^\S+?(?=[:;,]?(\s|$))/.exec(message.slice(message.indexOf(dataDir)))?.[0] ?? dataDir;
  return new AppError('corrupt-data', `db import-lowdb: ${message.replace(/^[\w -]+: /, '')}`, {
    reason: 'lowdb.corrupt',
    params: { file },
    cause: error,
  });
}
