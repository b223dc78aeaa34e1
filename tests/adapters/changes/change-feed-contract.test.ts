import { describe, expect, it } from 'vitest';
import { MAX_INLINE_BYTES, type OpenChangeFeed } from '../../../src/adapters/changes/index.ts';
import type { ChangeEvent, SoftLockEvent } from '../../../src/core/ports/change-feed.ts';
import { MAX_TRANSLATION_LENGTH } from '../../../src/core/workflow.ts';
import { collect, type FeedRow, feeds } from './feeds.ts';

/** One person's soft-lock mark (released when `expiresInMs` is null), the smallest event instances share. */
const mark = (name: string, segmentId = 's-1', expiresInMs: number | null = 12_000): SoftLockEvent => ({
  type: 'soft-lock',
  slug: 'market',
  locale: 'en',
  segmentId,
  name,
  expiresInMs,
});
const saved = (text: string, revision = 1): ChangeEvent => ({
  type: 'segment-changed',
  slug: 'market',
  locale: 'en',
  segmentId: 's-1',
  state: 'draft',
  revision,
  text,
  by: 'tina',
  at: '2026-12-01T09:00:00.000Z',
});
const isMarker = (id: string) => (e: ChangeEvent) => e.type === 'soft-lock' && e.segmentId === 'marker' && e.name === id;
const withoutMarkers = (events: ChangeEvent[]) => events.filter((e) => !(e.type === 'soft-lock' && e.segmentId === 'marker'));

/** The largest translation: MAX_TRANSLATION_LENGTH code points of four UTF-8 bytes each (about 80 KB). */
const LONGEST = '😀'.repeat(MAX_TRANSLATION_LENGTH);

/**
 * A segment-changed event whose notification would be `bytes` long: the envelope is {"o":<36-character id>,"e":event},
 * so the text is padded until the envelope has exactly that many UTF-8 bytes.
 */
function savedOfEnvelopeBytes(bytes: number): ChangeEvent {
  const base = Buffer.byteLength(JSON.stringify({ o: 'x'.repeat(36), e: saved('') }), 'utf8');
  return saved('a'.repeat(bytes - base));
}

/**
 * Wait until what `a` published so far went all the way round on a shared feed: A's marker reached B, then B's reached
 * A, after any echo of A's own earlier notifications (one database delivers them in commit order). Nothing to wait for
 * within one process, where delivery happens in `publish`.
 */
async function settle(row: FeedRow, place: { open(): Promise<OpenChangeFeed> }, a: OpenChangeFeed, seenByA: ReturnType<typeof collect>) {
  if (!row.shared) return;
  const b = await place.open();
  const seenByB = collect(b);
  a.publish(mark('from-a', 'marker'));
  await seenByB.until(isMarker('from-a'));
  b.publish(mark('from-b', 'marker'));
  await seenByA.until(isMarker('from-b'));
}

describe.each(feeds)('the $name change feed', (row) => {
  it('when events are published, then every subscriber gets each once, in order, and none after unsubscribing', async () => {
    const place = await row.place();
    const feed = await place.open();
    const a: ChangeEvent[] = [];
    const stopA = feed.subscribe((e) => a.push(e));
    const b = collect(feed);
    feed.publish(mark('tina'));
    stopA();
    feed.publish(mark('tina', 's-1', null));
    await settle(row, place, feed, b);
    expect(a).toEqual([mark('tina')]);
    expect(withoutMarkers(b.events)).toEqual([mark('tina'), mark('tina', 's-1', null)]);
  });

  it('when a listener throws, then the others still get the event and the error is reported', async () => {
    const errors: unknown[] = [];
    const feed = await (await row.place({ onError: (error) => errors.push(error) })).open();
    const got: ChangeEvent[] = [];
    feed.subscribe(() => {
      throw new Error('broken page');
    });
    feed.subscribe((e) => got.push(e));
    expect(() => feed.publish(mark('rob'))).not.toThrow();
    expect(got).toHaveLength(1);
    expect(errors.map((e) => (e as Error).message)).toEqual(['broken page']);
  });

  it('when an event is published, then listeners get a frozen JSON copy, as a feed between processes would carry it', async () => {
    const feed = await (await row.place()).open();
    const got: ChangeEvent[] = [];
    feed.subscribe((e) => got.push(e));
    const event = { ...mark('tina'), extra: undefined };
    feed.publish(event as unknown as ChangeEvent);
    event.name = 'rob';
    expect(got[0]).toEqual(mark('tina'));
    expect(Object.isFrozen(got[0])).toBe(true);
    expect(Object.keys(got[0]!)).not.toContain('extra');
  });

  it('when the longest translation is saved, then its event reaches the subscribers whole, once', async () => {
    const place = await row.place();
    const feed = await place.open();
    const seen = collect(feed);
    feed.publish(saved(LONGEST));
    await settle(row, place, feed, seen);
    expect(withoutMarkers(seen.events)).toEqual([saved(LONGEST)]);
  });

  it('when many pages subscribe, then no listener-leak warning is printed', async () => {
    const feed = await (await row.place()).open();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const stops = Array.from({ length: 50 }, () => feed.subscribe(() => undefined));
    for (const stop of stops) stop();
    process.off('warning', onWarning);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});

describe.each(feeds.filter((row) => row.shared))('the $name change feed between instances', (row) => {
  it('when instance A publishes, then B gets every event once, in A’s order, the largest whole', async () => {
    const errors: unknown[] = [];
    const place = await row.place({ onError: (error) => errors.push(error) });
    const [a, b] = [await place.open(), await place.open()];
    const seenByA = collect(a);
    const seenByB = collect(b);
    const published = [
      mark('tina'),
      saved(LONGEST, 1),
      // The two sides of PostgreSQL's payload limit (shorter than 8000 bytes): the last inline size and the first stored.
      savedOfEnvelopeBytes(MAX_INLINE_BYTES),
      savedOfEnvelopeBytes(MAX_INLINE_BYTES + 1),
      saved('한국어 '.repeat(3_000), 2),
      mark('tina', 's-1', null),
    ];
    for (const event of published) a.publish(event);
    a.publish(mark('from-a', 'marker'));
    await seenByB.until(isMarker('from-a'));
    expect(withoutMarkers(seenByB.events)).toEqual(published);

    // And B's own events reach A and come back to B's subscribers once.
    b.publish(mark('rob'));
    b.publish(mark('from-b', 'marker'));
    await seenByA.until(isMarker('from-b'));
    expect(withoutMarkers(seenByA.events)).toEqual([...published, mark('rob')]);
    expect(withoutMarkers(seenByB.events)).toEqual([...published, mark('rob')]);
    expect(errors).toEqual([]);
  });

  it('when A publishes a burst with the same event repeated, then B gets every one of them, in order', async () => {
    const place = await row.place({});
    const [a, b] = [await place.open(), await place.open()];
    const seenByB = collect(b);
    // Published in one go: one write's events arrive like this, and a progress count may repeat itself.
    const burst: ChangeEvent[] = Array.from({ length: 300 }, (_, i) => mark(`p-${i % 7}`));
    burst.splice(150, 0, saved('한국어 '.repeat(3_000), 3), mark('p-0'), mark('p-0'));
    for (const event of burst) a.publish(event);
    a.publish(mark('from-a', 'marker'));
    await seenByB.until(isMarker('from-a'));
    expect(withoutMarkers(seenByB.events)).toEqual(burst);
  });
});
