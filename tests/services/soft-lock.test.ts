import { describe, expect, it } from 'vitest';
import { InProcessChangeFeed } from '../../src/adapters/changes/index.ts';
import type { ChangeEvent, ChangeFeed, ChangeListener } from '../../src/core/ports/change-feed.ts';
import { type PresenceEvent, SoftLocks } from '../../src/services/soft-lock.ts';

const ref = { slug: 'market-prices', locale: 'en', segmentId: 's-1' };

describe('SoftLocks', () => {
  it('when someone touches a segment, then others see them until the mark expires', () => {
    let now = 1_000;
    const locks = new SoftLocks({ ttlMs: 100, now: () => now });
    locks.touch(ref, 'tina');
    expect(locks.holders(ref, 'rob').map((h) => h.name)).toEqual(['tina']);
    expect(locks.holders(ref, 'tina')).toEqual([]);
    now += 101;
    expect(locks.holders(ref, 'rob')).toEqual([]);
  });

  it('when a mark is renewed or released, then expiry moves or the mark goes', () => {
    let now = 0;
    const locks = new SoftLocks({ ttlMs: 100, now: () => now });
    locks.touch(ref, 'tina');
    now = 90;
    locks.touch(ref, 'tina');
    now = 150;
    expect(
      locks
        .forArticle('market-prices', 'en')
        .get('s-1')
        ?.map((h) => h.name),
    ).toEqual(['tina']);
    locks.release(ref, 'tina');
    expect(locks.forArticle('market-prices', 'en').size).toBe(0);
  });

  it('when more marks than the limit are made, then the oldest are forgotten', () => {
    const locks = new SoftLocks({ maxEntries: 2 });
    for (const segmentId of ['a', 'b', 'c']) locks.touch({ ...ref, segmentId }, 'tina');
    expect([...locks.forArticle('market-prices', 'en').keys()]).toEqual(['b', 'c']);
  });
});

/** A clock the test moves and timers the test fires, as the event loop would: no sleeps. */
function clock() {
  let now = 0;
  const timers: { at: number; task: () => void; cancelled: boolean }[] = [];
  return {
    now: () => now,
    schedule: (task: () => void, ms: number) => {
      const timer = { at: now + ms, task, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    /** Move the clock to `to`, firing every timer due by then in order. */
    advance(to: number) {
      for (;;) {
        const due = timers.filter((t) => !t.cancelled && t.at <= to).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = due.at;
        due.cancelled = true;
        due.task();
      }
      now = to;
    },
    pending: () => timers.filter((t) => !t.cancelled).length,
  };
}

/** What the pages open on one instance hear: each presence event as a comma-joined list of names. */
function pagesOf(locks: SoftLocks) {
  const events: PresenceEvent[] = [];
  locks.subscribe((e) => events.push(e));
  return { events, names: () => events.map((e) => e.names.join(',')) };
}

describe('SoftLocks presence announcements', () => {
  function rig(ttlMs = 12_000) {
    const time = clock();
    const feed = new InProcessChangeFeed();
    const shared: ChangeEvent[] = [];
    feed.subscribe((e) => shared.push(e));
    const locks = new SoftLocks({ ttlMs, now: time.now, changes: feed, schedule: time.schedule });
    return { locks, shared, ...pagesOf(locks), ...time };
  }

  it('when someone starts typing, then their mark is announced once, and renewals announce nothing', () => {
    const { locks, events, names, advance } = rig();
    locks.touch(ref, 'tina');
    advance(4_000);
    locks.touch(ref, 'tina');
    expect(names()).toEqual(['tina']);
    expect(events[0]).toEqual({ type: 'presence', slug: 'market-prices', locale: 'en', segmentId: 's-1', names: ['tina'] });
  });

  it('when a second person types in the same segment, then both names are announced, sorted', () => {
    const { locks, names } = rig();
    locks.touch(ref, 'tina');
    locks.touch(ref, 'rob');
    expect(names()).toEqual(['tina', 'rob,tina']);
  });

  it('when the typist leaves the field, then the release is announced at once', () => {
    const { locks, names } = rig();
    locks.touch(ref, 'tina');
    locks.release(ref, 'tina');
    locks.release(ref, 'tina');
    expect(names()).toEqual(['tina', '']);
  });

  it('when the typist stops renewing, then the mark expires after the TTL and the expiry is announced', () => {
    const { locks, names, advance, pending } = rig(12_000);
    locks.touch(ref, 'tina');
    advance(8_000);
    locks.touch(ref, 'tina');
    advance(19_999);
    expect(names()).toEqual(['tina']);
    expect(locks.holders(ref, 'rob').map((h) => h.name)).toEqual(['tina']);
    advance(20_000);
    expect(names()).toEqual(['tina', '']);
    expect(locks.holders(ref, 'rob')).toEqual([]);
    expect(pending()).toBe(0);
  });

  it('when marks on two segments expire at different times, then each expiry is announced when it is due', () => {
    const { locks, events, advance } = rig(10_000);
    locks.touch(ref, 'tina');
    advance(3_000);
    locks.touch({ ...ref, segmentId: 's-2' }, 'rob');
    advance(10_000);
    expect(events.at(-1)).toMatchObject({ segmentId: 's-1', names: [] });
    advance(13_000);
    expect(events.at(-1)).toMatchObject({ segmentId: 's-2', names: [] });
    expect(events).toHaveLength(4);
  });

  it('when marks are made, renewed, released and expire, then only the one mark that changed is shared, never an expiry', () => {
    const { locks, shared, advance } = rig(12_000);
    const mark = (name: string, expiresInMs: number | null) => ({ type: 'soft-lock', ...ref, name, expiresInMs });
    locks.touch(ref, 'tina');
    locks.touch(ref, 'rob');
    advance(4_000);
    locks.touch(ref, 'tina');
    locks.release(ref, 'tina');
    advance(30_000);
    expect(locks.holders(ref)).toEqual([]);
    expect(shared).toEqual([mark('tina', 12_000), mark('rob', 12_000), mark('tina', 12_000), mark('tina', null)]);
  });

  it('when a page stops listening, then it hears nothing more, and one that throws keeps no later one from hearing', () => {
    const { locks, names } = rig();
    locks.subscribe(() => {
      throw new Error('broken page');
    });
    const left: string[] = [];
    const stop = locks.subscribe((e) => left.push(e.names.join(',')));
    locks.touch(ref, 'tina');
    stop();
    locks.release(ref, 'tina');
    expect(names()).toEqual(['tina', '']);
    expect(left).toEqual(['tina']);
  });
});

/**
 * What the PostgreSQL feed is to one instance, with the delivery between instances in the test's hands: its own
 * events reach its own subscribers within `publish`; the other instances' events wait, in their publication order,
 * until `deliver` hands them over (NOTIFY keeps one publisher's order and promises nothing about when).
 */
class HeldFeed implements ChangeFeed {
  readonly #local = new InProcessChangeFeed();
  readonly #held: ChangeEvent[] = [];
  readonly #peers: HeldFeed[] = [];

  /** Connect feeds as instances on one database are. */
  static connect(...feeds: HeldFeed[]): void {
    for (const feed of feeds) feed.#peers.push(...feeds.filter((other) => other !== feed));
  }

  publish(event: ChangeEvent): void {
    this.#local.publish(event);
    for (const peer of this.#peers) peer.#held.push(structuredClone(event));
  }

  subscribe(listener: ChangeListener): () => void {
    return this.#local.subscribe(listener);
  }

  /** Hand over the first `count` held events of the other instances (all by default). */
  deliver(count = Number.POSITIVE_INFINITY): void {
    for (let i = 0; i < count && this.#held.length > 0; i++) this.#local.publish(this.#held.shift()!);
  }

  get held(): number {
    return this.#held.length;
  }
}

describe('SoftLocks of several instances', () => {
  /** Two instances' locks, each on its own end of a held feed; one clock, timers fired by the test. */
  function instances(ttlMs = 12_000) {
    const time = clock();
    const feeds = { a: new HeldFeed(), b: new HeldFeed() };
    HeldFeed.connect(feeds.a, feeds.b);
    const open = (changes: HeldFeed) => new SoftLocks({ ttlMs, now: time.now, changes, schedule: time.schedule });
    const a = open(feeds.a);
    const b = open(feeds.b);
    /** Everything published so far reaches the other instance. */
    const sync = () => {
      while (feeds.a.held + feeds.b.held > 0) for (const feed of [feeds.a, feeds.b]) feed.deliver();
    };
    return { a, b, feeds, sync, pages: { a: pagesOf(a), b: pagesOf(b) }, ...time };
  }
  const others = (locks: SoftLocks) => locks.holders(ref, 'rob').map((h) => h.name);

  it('when someone types on instance A, then B knows the mark too and the pages of each hear of it once', () => {
    const { a, b, sync, pages } = instances();
    a.touch(ref, 'tina');
    sync();
    expect(others(b)).toEqual(['tina']);
    expect(
      b
        .forArticle('market-prices', 'en')
        .get('s-1')
        ?.map((h) => h.name),
    ).toEqual(['tina']);
    expect(pages.a.names()).toEqual(['tina']);
    expect(pages.b.names()).toEqual(['tina']);
  });

  it('when the typist keeps typing on A, then B keeps the mark past the first expiry, without announcing renewals', () => {
    const { a, b, sync, advance, pages } = instances(12_000);
    a.touch(ref, 'tina');
    sync();
    advance(8_000);
    a.touch(ref, 'tina');
    sync();
    advance(15_000);
    expect(others(b)).toEqual(['tina']);
    expect(pages.a.names()).toEqual(['tina']);
    expect(pages.b.names()).toEqual(['tina']);
  });

  it('when the typist leaves the field on A, or their release reaches B instead, then the mark goes everywhere', () => {
    const { a, b, sync, pages } = instances();
    a.touch(ref, 'tina');
    sync();
    a.release(ref, 'tina');
    sync();
    expect(others(b)).toEqual([]);
    a.touch(ref, 'tina');
    sync();
    b.release(ref, 'tina');
    sync();
    expect(others(a)).toEqual([]);
    expect(pages.a.names()).toEqual(['tina', '', 'tina', '']);
    expect(pages.b.names()).toEqual(['tina', '', 'tina', '']);
  });

  it('when two people type in one segment on different instances, then both instances show both names', () => {
    const { a, b, sync, pages } = instances();
    a.touch(ref, 'tina');
    b.touch(ref, 'rita');
    sync();
    expect(a.holders(ref).map((h) => h.name)).toEqual(['tina', 'rita']);
    expect(b.holders(ref).map((h) => h.name)).toEqual(['rita', 'tina']);
    expect(pages.a.names()).toEqual(['tina', 'rita,tina']);
    expect(pages.b.names()).toEqual(['rita', 'rita,tina']);
  });

  it('when A announces its own release before Rob’s mark made on B reached A, then B’s pages keep showing Rob', () => {
    const { a, b, feeds, pages } = instances();
    a.touch(ref, 'tina');
    feeds.b.deliver();
    b.touch(ref, 'rob');
    // Tina leaves on A while Rob's mark is still on its way from B: A knows of nobody now.
    a.release(ref, 'tina');
    expect(pages.a.names()).toEqual(['tina', '']);
    feeds.b.deliver();
    expect(pages.b.names()).toEqual(['tina', 'rob,tina', 'rob']);
    expect(
      b
        .forArticle('market-prices', 'en')
        .get('s-1')
        ?.map((h) => h.name),
    ).toEqual(['rob']);
    // And A learns of Rob when his mark arrives.
    feeds.a.deliver();
    expect(pages.a.names()).toEqual(['tina', '', 'rob']);
  });

  it('when Tina’s release is made on A before her mark made on B reached A, then B drops the mark all the same', () => {
    const { a, b, feeds, pages } = instances();
    b.touch(ref, 'tina');
    a.release(ref, 'tina');
    feeds.b.deliver();
    expect(others(b)).toEqual([]);
    expect(pages.b.names()).toEqual(['tina', '']);
  });

  it('when the marks expire, then each instance drops them by itself, tells its own pages, and sends nothing', () => {
    const { a, b, feeds, sync, advance, pages } = instances(12_000);
    a.touch(ref, 'tina');
    sync();
    advance(12_000);
    expect(feeds.a.held + feeds.b.held).toBe(0);
    expect(others(a)).toEqual([]);
    expect(others(b)).toEqual([]);
    expect(pages.a.names()).toEqual(['tina', '']);
    expect(pages.b.names()).toEqual(['tina', '']);
  });

  it('when A expires a mark whose renewal made on B is still on its way, then B keeps the mark and A gets it back', () => {
    const { a, b, sync, advance, pages } = instances(12_000);
    a.touch(ref, 'tina');
    sync();
    advance(11_000);
    // The load balancer sends Tina's next renewal to B; A's timer fires before it arrives.
    b.touch(ref, 'tina');
    advance(12_000);
    expect(others(a)).toEqual([]);
    sync();
    expect(others(b)).toEqual(['tina']);
    expect(others(a)).toEqual(['tina']);
    expect(pages.b.names()).toEqual(['tina']);
    expect(pages.a.names()).toEqual(['tina', '', 'tina']);
  });

  it('when a mark comes from an instance that then dies, then the others expire it by themselves', () => {
    const { b, feeds, advance, pages } = instances(12_000);
    // Only its last word reached the database: a touch, never a release.
    feeds.a.publish({ type: 'soft-lock', ...ref, name: 'tina', expiresInMs: 12_000 });
    feeds.b.deliver();
    expect(others(b)).toEqual(['tina']);
    advance(12_000);
    expect(others(b)).toEqual([]);
    expect(pages.b.names()).toEqual(['tina', '']);
  });
});
