import type pg from 'pg';
import type { MtWorkerPresence } from '../../../core/ports/mt-store.ts';

/** The two keys of the shared advisory lock every MT worker holds ("mtwk", 0). */
const WORKER_LOCK = [0x6d74776b, 0] as const;
/** How soon a worker whose connection broke announces itself again, in milliseconds. */
const REANNOUNCE_MS = 5_000;

/**
 * MT workers on PostgreSQL: each holds a shared session advisory lock on a connection of its own for as long as it
 * runs, and `present` looks for such a lock in `pg_locks` (readable by every role, and taking no lock itself). A worker
 * killed with its process or its machine loses its session, and with it the lock: nothing of ours has to expire.
 */
export class PostgresWorkerPresence implements MtWorkerPresence {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async announce(): Promise<{ release(): Promise<void> }> {
    let released = false;
    let client: pg.PoolClient | null = null;
    let timer: NodeJS.Timeout | undefined;
    const hold = async (): Promise<void> => {
      const next = await this.#pool.connect();
      try {
        await next.query('SELECT pg_advisory_lock_shared($1, $2)', [...WORKER_LOCK]);
      } catch (error) {
        next.release(error as Error);
        throw error;
      }
      if (released) {
        next.release(true);
        return;
      }
      client = next;
      // A connection the database ends takes the lock with it: announce again on a new one once the database is back.
      next.on('error', (error) => {
        if (client !== next) return;
        client = null;
        next.release(error);
        const retry = () => {
          if (released) return;
          hold().catch(() => {
            timer = setTimeout(retry, REANNOUNCE_MS);
            timer.unref();
          });
        };
        timer = setTimeout(retry, REANNOUNCE_MS);
        timer.unref();
      });
    };
    await hold();
    return {
      release: async () => {
        if (released) return;
        released = true;
        clearTimeout(timer);
        const held = client as pg.PoolClient | null;
        client = null;
        if (!held) return;
        // Unlocked before release resolves, so that `present` answers without this worker at once; a connection that
        // cannot unlock is destroyed, which ends the session and its lock as soon as the server notices.
        try {
          await held.query('SELECT pg_advisory_unlock_shared($1, $2)', [...WORKER_LOCK]);
          held.release();
        } catch (error) {
          held.release(error as Error);
        }
      },
    };
  }

  async present(): Promise<boolean> {
    const { rows } = await this.#pool.query<{ present: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                       WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2
                         AND d.datname = current_database() AND l.granted) AS present`,
      [...WORKER_LOCK],
    );
    return rows[0]?.present ?? false;
  }
}
