import { describe, expect, it } from 'vitest';
import type { ChangeEvent, ChangeFeed } from '../../src/core/ports/change-feed.ts';
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
    const names = () => events.map((e) => (e.type === 'presence' ? e.names.join(',') : e.type));
    return { locks, events, names, advance, pending: () => timers.filter((t) => !t.cancelled).length };
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
});
