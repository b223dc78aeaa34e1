import { mkdir, readFile, readlink, rm, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { LockedError } from '../../core/errors.ts';
import { DurableJsonFile } from './durable-json-file.ts';
import { isProcessAlive } from './process-alive.ts';

/** Ownership of a data directory by this process. */
export interface DataDirLock {
  /** The directory this lock owns. */
  readonly dataDir: string;
  /** Give the directory up; safe to call more than once. */
  release(): Promise<void>;
}

export interface DataDirLockConfig {
  /**
   * Called when the lock was lost while held (its directory removed or not refreshed in time, e.g. the event loop was
   * blocked for longer than the stale threshold). The default throws, which stops the process: two writers on one
   * directory would be worse.
   */
  readonly onCompromised?: (error: Error) => void;
  /** Milliseconds without a refresh after which another host may take the lock over (default 30 s, minimum 2 s). */
  readonly staleMs?: number;
  /**
   * How long to keep trying while the owner is a live process on this machine (default 500 ms): a holder killed a moment
   * ago still runs for a few milliseconds while the kernel tears it down. Another host's or an unknown owner, and
   * this process itself, are refused at once.
   */
  readonly retryMs?: number;
}

interface Owner {
  readonly pid: number;
  readonly hostname: string;
  /** Linux pid namespace (`pid:[4026531836]`); a pid only means something inside its namespace (containers). */
  readonly pidNamespace: string | null;
  readonly since: string;
}

const LOCK_DIR = 'tandem.lock';
const GUARD_DIR = 'tandem.lock.guard';
const OWNER_FILE = 'tandem.lock.json';
const RETRY_INTERVAL_MS = 25;

/**
 * Take the data directory for this process, or fail with a LockedError naming the owner.
 *
 * The lock is proper-lockfile's `tandem.lock` directory, refreshed in the background; its mtime lets any host see a
 * holder that stopped refreshing. That alone would leave a SIGKILLed holder's lock in place for the whole stale
 * period, so the owner's pid, host and pid namespace are recorded beside it: when they match ours and the pid is
 * dead, the lock is taken over at once (elsewhere a pid says nothing, and the stale period applies). A zombie counts
 * as dead (`isProcessAlive`), and a live local owner is asked again for `retryMs` (500 ms) before giving up, since a
 * process killed with SIGKILL a moment ago still runs while the kernel tears it down. Every attempt runs under a short
 * guard lock, so two processes starting after a crash cannot both decide the old lock is dead and both take it.
 */
export async function acquireDataDirLock(dataDir: string, config: DataDirLockConfig = {}): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_DIR);
  const ownerPath = join(dataDir, OWNER_FILE);
  const stale = Math.max(2000, config.staleMs ?? 30_000);
  // proper-lockfile keeps its held locks in a map keyed by the locked path, so the lock and the guard need distinct
  // paths (neither file is created; only the lockfilePath directories are).
  const takeLock = () =>
    lockfile.lock(join(dataDir, 'tandem'), {
      lockfilePath: lockPath,
      realpath: false,
      stale,
      ...(config.onCompromised ? { onCompromised: config.onCompromised } : {}),
    });

  const deadline = Date.now() + Math.max(0, config.retryMs ?? 500);
  let releaseLock: () => Promise<void>;
  for (;;) {
    const attempt = await underGuard(dataDir, () => takeOver(dataDir, takeLock));
    if (typeof attempt === 'function') {
      releaseLock = attempt;
      break;
    }
    const { owner, local } = attempt;
    if (!local || Date.now() >= deadline) throw lockedError(dataDir, owner);
    await delay(RETRY_INTERVAL_MS);
  }

  let released = false;
  return {
    dataDir,
    async release() {
      if (released) return;
      released = true;
      await unlink(ownerPath).catch(() => undefined);
      await releaseLock();
    },
  };
}

/**
 * One attempt, run under the guard: take the lock (over a dead local owner's), record this process as its owner and
 * resolve to its release function; or resolve to the owner that holds it, `local` when it is a live process here that
 * may be about to die.
 */
async function takeOver(
  dataDir: string,
  takeLock: () => Promise<() => Promise<void>>,
): Promise<(() => Promise<void>) | { readonly owner: Owner | null; readonly local: boolean }> {
  const ownerPath = join(dataDir, OWNER_FILE);
  let releaseLock: () => Promise<void>;
  try {
    releaseLock = await takeLock();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = await readOwner(ownerPath);
    const here = owner !== null && owner.hostname === hostname() && owner.pidNamespace === (await pidNamespace());
    if (!here || owner.pid === process.pid) return { owner, local: false };
    if (isProcessAlive(owner.pid)) return { owner, local: true };
    await rm(join(dataDir, LOCK_DIR), { recursive: true, force: true });
    releaseLock = await takeLock();
  }
  try {
    await new DurableJsonFile<Owner>(ownerPath).write({
      pid: process.pid,
      hostname: hostname(),
      pidNamespace: await pidNamespace(),
      since: new Date().toISOString(),
    });
  } catch (error) {
    await releaseLock();
    throw error;
  }
  return releaseLock;
}

/**
 * Run `task` holding the short guard lock. proper-lockfile keeps its locks in a map keyed by the locked file, so the
 * guard must lock a different path than the main lock: releasing a guard on `dataDir` itself would drop the main
 * lock's entry (ERELEASED on release).
 */
async function underGuard<T>(dataDir: string, task: () => Promise<T>): Promise<T> {
  const releaseGuard = await lockfile.lock(join(dataDir, GUARD_DIR), {
    lockfilePath: join(dataDir, GUARD_DIR),
    realpath: false,
    stale: 2000,
    retries: { retries: 60, minTimeout: 20, maxTimeout: 200 },
  });
  try {
    return await task();
  } finally {
    await releaseGuard();
  }
}

function lockedError(dataDir: string, owner: Owner | null): LockedError {
  const who = owner ? `(pid ${owner.pid}${owner.hostname === hostname() ? '' : ` on ${owner.hostname}`})` : '(its pid is unknown)';
  return new LockedError(
    `data directory ${dataDir} is in use by another Tandem process ${who}; stop it or set TANDEM_DATA_DIR to another directory`,
    { dataDir, owner: who },
  );
}

async function readOwner(path: string): Promise<Owner | null> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as Partial<Owner>;
    if (typeof data.pid === 'number' && typeof data.hostname === 'string') {
      const namespace = typeof data.pidNamespace === 'string' ? data.pidNamespace : null;
      return { pid: data.pid, hostname: data.hostname, pidNamespace: namespace, since: String(data.since ?? '') };
    }
  } catch {
    // Missing or half-written: treat the owner as unknown, so only the stale timeout can free the lock.
  }
  return null;
}

async function pidNamespace(): Promise<string | null> {
  return readlink('/proc/self/ns/pid').catch(() => null);
}
