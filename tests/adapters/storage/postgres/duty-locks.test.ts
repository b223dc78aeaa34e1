import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDutyLocks } from '../../../../src/adapters/storage/index.ts';
import { freshDatabase } from '../../../support/postgres.ts';

// Each PostgresDutyLocks stands for one process: only the database is shared between them.
describe('background duties over PostgreSQL advisory locks', () => {
  it('when two instances ask for a duty, then one holds it until it releases, and then the other gets it', async () => {
    const url = await freshDatabase();
    const [a, b] = [openDutyLocks('postgres', url), openDutyLocks('postgres', url)];
    const held = await a.hold('feed');
    expect(held).not.toBeNull();
    expect(await b.hold('feed')).toBeNull();
    // Another duty is another lock.
    const other = await b.hold('memory-reconcile');
    expect(other).not.toBeNull();
    await held!.release();
    const taken = await b.hold('feed');
    expect(taken).not.toBeNull();
    await Promise.all([taken!.release(), other!.release()]);
  });

  it("when the holder's database session ends (its process died), then the duty is lost to it and free for another", async () => {
    const url = await freshDatabase();
    const [a, b] = [openDutyLocks('postgres', url), openDutyLocks('postgres', url)];
    const held = (await a.hold('feed'))!;
    // What PostgreSQL does when a process is SIGKILLed: its backend goes, and with it the session's locks.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tandem feed'");
    await admin.end();
    await held.lost;
    const taken = await b.hold('feed');
    expect(taken).not.toBeNull();
    await Promise.all([taken!.release(), held.release()]);
  });

  it('when one instance waits for a held duty, then it gets it as soon as the holder releases', async () => {
    const url = await freshDatabase();
    const [a, b] = [openDutyLocks('postgres', url), openDutyLocks('postgres', url)];
    const first = (await a.hold('first-start', { wait: true }))!;
    let second: Awaited<ReturnType<typeof b.hold>> | undefined;
    const waiting = b.hold('first-start', { wait: true }).then((lease) => (second = lease));
    // The waiter's query is in the server, blocked on the lock, before the holder lets go.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (;;) {
      const { rows } = await admin.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'tandem first-start' AND wait_event_type = 'Lock'",
      );
      if (rows[0].n === 1) break;
    }
    await admin.end();
    expect(second).toBeUndefined();
    await first.release();
    await waiting;
    expect(second).not.toBeNull();
    await second!.release();
  });

  it('when the backend is not shared, then this process holds every duty at once', async () => {
    const local = openDutyLocks('lowdb', undefined);
    const [x, y] = [await local.hold('feed'), await local.hold('feed')];
    expect(x).not.toBeNull();
    expect(y).not.toBeNull();
  });
});
