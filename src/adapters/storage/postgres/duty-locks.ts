import pg from 'pg';
import { DUTIES, type Duty, type DutyLease, type DutyLocks } from '../duty-locks.ts';

/** First key of the two-key advisory locks of duties ("tand"); the second is the duty's place in DUTIES. */
const DUTY_LOCK_CLASS = 0x74616e64;

/**
 * Duties over PostgreSQL session advisory locks: each held duty keeps its own connection, so the lock lives exactly
 * as long as the session. A process that dies (SIGKILL, a lost machine) loses its session, and with it the lock, as
 * soon as the server notices; no timeout of ours is involved, and no other instance has to clean up after it.
 */
export class PostgresDutyLocks implements DutyLocks {
  readonly #url: string;

  constructor(url: string) {
    this.#url = url;
  }

  async hold(duty: Duty, options: { readonly wait?: boolean } = {}): Promise<DutyLease | null> {
    const client = new pg.Client({ connectionString: this.#url, application_name: `tandem ${duty}` });
    let ended = false;
    const lost = new Promise<void>((resolve) => {
      client.on('error', () => resolve());
      client.on('end', () => {
        ended = true;
        resolve();
      });
    });
    const keys = [DUTY_LOCK_CLASS, DUTIES.indexOf(duty)];
    try {
      await client.connect();
      if (options.wait) await client.query('SELECT pg_advisory_lock($1, $2)', keys);
      else {
        const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS held', keys);
        if (!rows[0]?.held) {
          await client.end();
          return null;
        }
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    let releasing: Promise<void> | null = null;
    return {
      lost,
      release() {
        // Ending the session releases the lock; an explicit unlock first would only add a round trip.
        releasing ??= ended ? Promise.resolve() : client.end().catch(() => undefined);
        return releasing;
      },
    };
  }
}
