import { describe, expect, it } from 'vitest';
import { InProcessChangeFeed } from '../../../src/adapters/changes/index.ts';
import type { ChangeEvent } from '../../../src/core/ports/change-feed.ts';

const presence = (names: string[]): ChangeEvent => ({ type: 'presence', slug: 'market', locale: 'en', segmentId: 's-1', names });

describe('InProcessChangeFeed', () => {
  it('when events are published, then every subscriber gets them in order, and none after unsubscribing', () => {
    const feed = new InProcessChangeFeed();
    const a: ChangeEvent[] = [];
    const b: ChangeEvent[] = [];
    const stopA = feed.subscribe((e) => a.push(e));
    feed.subscribe((e) => b.push(e));
    feed.publish(presence(['tina']));
    stopA();
    feed.publish(presence([]));
    expect(a).toEqual([presence(['tina'])]);
    expect(b).toEqual([presence(['tina']), presence([])]);
  });

  it('when a listener throws, then the others still get the event and the error is reported', () => {
    const errors: unknown[] = [];
    const feed = new InProcessChangeFeed({ onError: (error) => errors.push(error) });
    const got: ChangeEvent[] = [];
    feed.subscribe(() => {
      throw new Error('broken page');
    });
    feed.subscribe((e) => got.push(e));
    expect(() => feed.publish(presence(['rob']))).not.toThrow();
    expect(got).toHaveLength(1);
    expect(errors.map((e) => (e as Error).message)).toEqual(['broken page']);
  });

  it('when an event is published, then listeners get a frozen JSON copy, as a feed between processes would carry it', () => {
    const feed = new InProcessChangeFeed();
    const got: ChangeEvent[] = [];
    feed.subscribe((e) => got.push(e));
    const names = ['tina'];
    feed.publish({ ...presence(names), extra: undefined } as unknown as ChangeEvent);
    names.push('rob');
    expect(got[0]).toEqual(presence(['tina']));
    expect(Object.isFrozen(got[0])).toBe(true);
    expect(Object.keys(got[0]!)).not.toContain('extra');
  });

  it('when many pages subscribe, then no listener-leak warning is printed', () => {
    const feed = new InProcessChangeFeed();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const stops = Array.from({ length: 50 }, () => feed.subscribe(() => undefined));
    for (const stop of stops) stop();
    process.off('warning', onWarning);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
