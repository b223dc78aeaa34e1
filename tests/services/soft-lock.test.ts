import { describe, expect, it } from 'vitest';
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
