import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Duty, DutyLocks } from '../adapters/storage/index.ts';
import type { TandemConfig } from '../config.ts';
import type { Tandem } from '../services/tandem.ts';

// Part of the composition root (main.ts): the background duties of `tandem serve`, by role.
//
// Where each duty runs (README "Running several instances"):
// - MT worker: `worker` and `all`; any number at once (the queue's claims skip locked rows and lease what they take).
// - Expired MT leases: no duty of its own; a claim takes an item whose lease ran out, and an instance that opens the
//   store gives back its own and the expired ones (MtService.recover), which every instance may do.
// - Feed polling and memory reconciliation: `worker` and `all`, in one process at a time (a PostgreSQL advisory lock
//   per duty, duty-locks.ts; on lowdb the data directory lock already makes the process the only one).
// - Scheduled releases: no duty at all; a scheduled version is judged against the clock on every read.
// - Sample articles and the first admin: `web` and `all`, one instance after the other (advisory lock, waiting).

/** How soon an instance that does not hold the feed duty asks again (the holder may have died). */
const DUTY_RETRY_MS = 30_000;

/** Something started that `stop()` ends, waiting for what it is doing. */
export interface Running {
  stop(): Promise<void>;
}

/**
 * Keep `duty` running in one process at a time: hold its lock, `start()` it, and when the lock is lost (the database
 * session ended) stop it and try again every `retryMs`, as an instance without the lock does.
 */
export function keepDuty(
  locks: DutyLocks,
  duty: Duty,
  start: () => Running,
  options: { readonly logger: Logger; readonly retryMs?: number },
): Running {
  const stopping = new AbortController();
  const stopped = new Promise<void>((resolve) => stopping.signal.addEventListener('abort', () => resolve()));
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const lease = await locks.hold(duty).catch((error: unknown) => {
        options.logger.warn({ err: error, duty }, 'background duty: its lock could not be asked for');
        return null;
      });
      if (lease) {
        options.logger.info({ duty }, 'background duty taken by this instance');
        const running = start();
        await Promise.race([lease.lost, stopped]);
        await running.stop();
        await lease.release();
        if (!stopping.signal.aborted) options.logger.warn({ duty }, 'background duty lost its database session; asking again');
      }
      await delay(options.retryMs ?? DUTY_RETRY_MS, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}

/**
 * The duties of a `worker` (and `all`) instance: the MT worker, feed polling and, once, the memory reconciliation.
 * Resolves nothing; `stop()` ends them, letting the current MT round and feed poll finish.
 */
export function startWorkerDuties(
  tandem: Tandem,
  config: Pick<TandemConfig, 'feed' | 'storage' | 'databaseUrl'>,
  logger: Logger,
  locks: DutyLocks,
): Running {
  const worker = tandem.mt.startWorker();
  // Work queued by a web instance wakes this worker at once (NOTIFY); its poll stays the fallback.
  const wakeups = import('../adapters/storage/index.ts')
    .then((storage) =>
      storage.listenForQueuedMt(
        config.storage,
        config.databaseUrl,
        () => tandem.mt.nudge(),
        (error) => logger.warn({ err: error }, 'mt: no longer told of queued work; polling finds it'),
      ),
    )
    .catch((error: unknown) => {
      logger.warn({ err: error }, 'mt: cannot listen for queued work; polling finds it');
      return null;
    });
  const feed = config.feed ? tandem.feed : null;
  const intervalMs = config.feed?.intervalMs ?? 0;
  const polling = feed ? keepDuty(locks, 'feed', () => feed.start(intervalMs), { logger }) : null;
  const reconcile = new AbortController();
  // In the background: reading the articles approved since the last pass must not delay start-up.
  const reconciled = reconcileOnce(tandem, logger, locks, reconcile.signal);
  return {
    async stop() {
      reconcile.abort();
      await reconciled;
      await polling?.stop();
      await (await wakeups)?.close();
      await worker.stop();
    },
  };
}

/** Reconcile the memory with the approved translations, unless another instance is doing it now. */
async function reconcileOnce(tandem: Tandem, logger: Logger, locks: DutyLocks, signal: AbortSignal): Promise<void> {
  try {
    const lease = await locks.hold('memory-reconcile');
    if (!lease) {
      logger.info('translation memory reconciliation runs in another instance');
      return;
    }
    try {
      const summary = await tandem.recovery.reconcileMemory({ signal });
      logger[summary.added > 0 ? 'warn' : 'info'](summary, 'translation memory reconciled with approved translations');
    } finally {
      await lease.release();
    }
  } catch (error) {
    logger.error({ err: error }, 'translation memory reconciliation failed');
  }
}
