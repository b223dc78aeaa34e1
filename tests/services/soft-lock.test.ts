import { describe, expect, it } from 'vitest';
import type { ChangeEvent, ChangeFeed } from '../../src/core/ports/change-feed.ts';
import { InProcessChangeFeed } from '../../src/adapters/changes/index.ts';
import { SoftLocks } from '../../src/services/soft-lock.ts';

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

describe('SoftLocks presence announcements', () => {
  /** A clock the test moves and a timer the test fires: no sleeps. */
  function rig(ttlMs = 12_000) {
    let now = 0;
    const timers: { at: number; task: () => void; cancelled: boolean }[] = [];
    const events: ChangeEvent[] = [];
    const changes: ChangeFeed = { publish: (e) => void events.push(e), subscribe: () => () => undefined };
    const locks = new SoftLocks({
      ttlMs,
      now: () => now,
      changes,
      schedule: (task, ms) => {
        const timer = { at: now + ms, task, cancelled: false };
        timers.push(timer);
        return () => {
          timer.cancelled = true;
        };
      },
    });
    /** Move the clock to `to`, firing every timer due by then, as the event loop would. */
    const advance = (to: number) => {
      for (;;) {
        const due = timers.filter((t) => !t.cancelled && t.at <= to).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = due.at;
        due.cancelled = true;
        due.task();
      }
      now = to;
    };
    const presence = () => events.filter((e) => e.type === 'presence');
    const names = () => presence().map((e) => e.names.join(','));
    return { locks, events, presence, names, advance, pending: () => timers.filter((t) => !t.cancelled).length };
  }

  it('when someone starts typing, then their mark is announced once, and renewals announce nothing', () => {
    const { locks, presence, names, advance } = rig();
    locks.touch(ref, 'tina');
    advance(4_000);
    locks.touch(ref, 'tina');
    expect(names()).toEqual(['tina']);
    expect(presence()[0]).toEqual({ type: 'presence', slug: 'market-prices', locale: 'en', segmentId: 's-1', names: ['tina'] });
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
    const { locks, presence, advance } = rig(10_000);
    locks.touch(ref, 'tina');
    advance(3_000);
    locks.touch({ ...ref, segmentId: 's-2' }, 'rob');
    advance(10_000);
    expect(presence().at(-1)).toMatchObject({ segmentId: 's-1', names: [] });
    advance(13_000);
    expect(presence().at(-1)).toMatchObject({ segmentId: 's-2', names: [] });
    expect(presence()).toHaveLength(4);
  });
});

describe('SoftLocks of several instances sharing one feed', () => {
  /** Two instances' locks on one feed (what the PostgreSQL feed is between processes), one clock, timers fired by the test. */
  function instances(ttlMs = 12_000) {
    let now = 0;
    const timers: { at: number; task: () => void; cancelled: boolean }[] = [];
    const feed = new InProcessChangeFeed();
    const seen: ChangeEvent[] = [];
    feed.subscribe((e) => seen.push(e));
    const open = () =>
      new SoftLocks({
        ttlMs,
        now: () => now,
        changes: feed,
        schedule: (task, ms) => {
          const timer = { at: now + ms, task, cancelled: false };
          timers.push(timer);
          return () => {
            timer.cancelled = true;
          };
        },
      });
    const advance = (to: number) => {
      for (;;) {
        const due = timers.filter((t) => !t.cancelled && t.at <= to).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = due.at;
        due.cancelled = true;
        due.task();
      }
      now = to;
    };
    const presence = () => seen.filter((e) => e.type === 'presence').map((e) => e.names.join(','));
    return { a: open(), b: open(), advance, presence, feed };
  }
  const others = (locks: SoftLocks) => locks.holders(ref, 'rob').map((h) => h.name);

  it('when someone types on instance A, then B knows the mark too and the pages hear of it once', () => {
    const { a, b, presence } = instances();
    a.touch(ref, 'tina');
    expect(others(b)).toEqual(['tina']);
    expect(
      b
        .forArticle('market-prices', 'en')
        .get('s-1')
        ?.map((h) => h.name),
    ).toEqual(['tina']);
    expect(presence()).toEqual(['tina']);
  });

  it('when the typist keeps typing on A, then B keeps the mark past the first expiry, without announcing renewals', () => {
    const { a, b, advance, presence } = instances(12_000);
    a.touch(ref, 'tina');
    advance(8_000);
    a.touch(ref, 'tina');
    advance(15_000);
    expect(others(b)).toEqual(['tina']);
    expect(presence()).toEqual(['tina']);
  });

  it('when the typist leaves the field on A, or their release reaches B instead, then the mark goes everywhere', () => {
    const { a, b, presence } = instances();
    a.touch(ref, 'tina');
    a.release(ref, 'tina');
    expect(others(b)).toEqual([]);
    a.touch(ref, 'tina');
    b.release(ref, 'tina');
    expect(others(a)).toEqual([]);
    expect(presence()).toEqual(['tina', '', 'tina', '']);
  });

  it('when two people type in one segment on different instances, then both instances show both names', () => {
    const { a, b, presence } = instances();
    a.touch(ref, 'tina');
    b.touch(ref, 'rita');
    expect(a.holders(ref).map((h) => h.name)).toEqual(['tina', 'rita']);
    expect(b.holders(ref).map((h) => h.name)).toEqual(['tina', 'rita']);
    expect(presence()).toEqual(['tina', 'rita,tina']);
  });

  it('when the marks expire, then the expiry is announced once and both instances drop the mark', () => {
    const { a, b, advance, presence } = instances(12_000);
    a.touch(ref, 'tina');
    advance(12_000);
    expect(others(a)).toEqual([]);
    expect(others(b)).toEqual([]);
    expect(presence()).toEqual(['tina', '']);
  });

  it('when a mark comes from an instance that then dies, then the others expire it by themselves', () => {
    const { b, advance, presence, feed } = instances(12_000);
    // Only its last word reached the feed: a touch, never a release or an expiry.
    feed.publish({ type: 'soft-lock', ...ref, name: 'tina', expiresInMs: 12_000 });
    expect(others(b)).toEqual(['tina']);
    advance(12_000);
    expect(others(b)).toEqual([]);
    expect(presence()).toEqual(['']);
  });
});
