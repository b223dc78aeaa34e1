import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MemoryFeedItemStore } from '../../../../src/adapters/feed/index.ts';
import { type DutyLease, openDutyLocks } from '../../../../src/adapters/storage/index.ts';
import type { FeedFetch, FeedSource } from '../../../../src/core/ports/feed.ts';
import { FeedService } from '../../../../src/services/feed.ts';
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

describe('a feed poll asked for by hand on PostgreSQL', () => {
  /** A feed that answers "not modified" and counts how often it was fetched: a fetch is a poll that ran. */
  const counted = () => {
    const source = {
      fetches: 0,
      fetch: async (): Promise<FeedFetch> => {
        source.fetches += 1;
        return { status: 'not-modified' };
      },
    };
    return source;
  };
  const feedOf = (source: FeedSource, duty: () => Promise<DutyLease | null>) =>
    new FeedService({
      url: 'https://news.example.kr/feed/',
      source,
      items: new MemoryFeedItemStore(),
      importArticle: async () => {
        throw new Error('nothing is imported from a feed that is not modified');
      },
      duty,
    });

  it('when another instance holds the feed duty, then tandem feed poll is refused (feed.busy) without fetching; once free it polls', async () => {
    const url = await freshDatabase();
    const [server, cli] = [openDutyLocks('postgres', url), openDutyLocks('postgres', url)];
    const source = counted();
    const feed = feedOf(source, () => cli.hold('feed'));
    const poller = (await server.hold('feed'))!;
    await expect(feed.pollOnce()).rejects.toMatchObject({ name: 'ConflictError', reason: 'feed.busy' });
    expect(source.fetches).toBe(0);
    await poller.release();
    expect((await feed.pollOnce()).status).toBe('not-modified');
    expect(source.fetches).toBe(1);
    // The poll gave the duty back: the server's poller takes it again at once.
    const again = await server.hold('feed');
    expect(again).not.toBeNull();
    await again!.release();
  });

  it("when this process's own poller holds the duty, then a poll asked for here runs inside it instead of being refused", async () => {
    const url = await freshDatabase();
    const locks = openDutyLocks('postgres', url);
    const source = counted();
    const feed = feedOf(source, () => locks.hold('feed'));
    const lease = (await locks.hold('feed'))!;
    const running = feed.start(3_600_000);
    expect((await feed.pollOnce()).status).toBe('not-modified');
    await running.stop();
    await lease.release();
    expect(source.fetches).toBeGreaterThanOrEqual(1);
  });
});
