import { afterEach } from 'vitest';
import { CHANGE_FEEDS, type ChangeFeedId, type OpenChangeFeed } from '../../../src/adapters/changes/index.ts';
import { migrateDatabase } from '../../../src/adapters/storage/index.ts';
import type { ChangeEvent, ChangeFeed } from '../../../src/core/ports/change-feed.ts';
import { freshDatabase } from '../../support/postgres.ts';

/** Whether feeds opened on one place reach each other, as processes of one installation; typed so a new feed must say. */
const SHARED: Record<ChangeFeedId, boolean> = { 'in-process': false, postgres: true };

/** Where a feed's instances meet: nothing for the in-process feed, a fresh migrated database for PostgreSQL. */
const PLACE: Record<ChangeFeedId, () => Promise<{ databaseUrl?: string }>> = {
  'in-process': async () => ({}),
  postgres: async () => {
    const databaseUrl = await freshDatabase();
    await migrateDatabase(databaseUrl);
    return { databaseUrl };
  },
};

/** One change feed adapter for the contract suite. */
export interface FeedRow {
  readonly name: ChangeFeedId;
  readonly shared: boolean;
  /** A fresh place; `open` opens one more instance on it (closed after the test). */
  place(config?: { onError?: (error: unknown) => void }): Promise<{ open(): Promise<OpenChangeFeed> }>;
}

const opened: OpenChangeFeed[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((feed) => feed.close()));
});

export const feeds: FeedRow[] = (Object.keys(CHANGE_FEEDS) as ChangeFeedId[]).map((name) => ({
  name,
  shared: SHARED[name],
  async place(config = {}) {
    const where = await PLACE[name]();
    return {
      async open() {
        const feed = await CHANGE_FEEDS[name].open({ ...where, ...config });
        opened.push(feed);
        return feed;
      },
    };
  },
}));

/** What one subscriber got, and a wait for the event that `match` picks (resolves at once when it came already). */
export function collect(feed: ChangeFeed): { readonly events: ChangeEvent[]; until(match: (e: ChangeEvent) => boolean): Promise<void> } {
  const events: ChangeEvent[] = [];
  const waiting: { match: (e: ChangeEvent) => boolean; resolve: () => void }[] = [];
  feed.subscribe((event) => {
    events.push(event);
    for (const w of waiting.filter((x) => x.match(event))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  });
  return {
    events,
    until: (match) => (events.some(match) ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ match, resolve }))),
  };
}
