import type { FeedItemRecord, FeedItemStore } from '../../core/ports/feed.ts';
import { KindTally, type KindVerification, sameContent, VerifyTally } from './report.ts';

/**
 * The feed poller's memory of a source and a target installation. It is kept beside the storage backend (a file of
 * the data directory, a table of the database), not in it, so a copy is given both stores.
 */
export interface FeedItemStores {
  readonly source: FeedItemStore;
  readonly target: FeedItemStore;
}

/**
 * Copy the record of every feed item the source imported (which article it became, the hash of the text imported),
 * so the target's poller skips what was imported already and updates an item's article under the slug it has, not a
 * slug its link gives now. Without the stores (a copy that has none) the kind is reported empty. The feed's HTTP
 * validators are not copied: the target's first poll fetches the whole feed once and skips every item it knows.
 */
export async function copyFeedItems(stores: FeedItemStores | undefined): Promise<KindTally> {
  const tally = new KindTally('feed-items');
  if (!stores) return tally;
  for (const record of await stores.source.items()) {
    tally.source += 1;
    const current = await stores.target.item(record.feedUrl, record.itemId);
    if (current && sameContent(current, record)) {
      tally.present += 1;
      continue;
    }
    await stores.target.saveItem(record);
    tally[current ? 'updated' : 'added'] += 1;
  }
  return tally;
}

/** Every source feed item read back from the target with the same content; the target's count is all it holds. */
export async function verifyFeedItems(stores: FeedItemStores | undefined): Promise<KindVerification> {
  const tally = new VerifyTally('feed-items');
  if (!stores) return tally.report();
  const held = await stores.target.items();
  const byKey = new Map(held.map((r) => [key(r), r]));
  for (const record of await stores.source.items()) {
    tally.check(sameContent(byKey.get(key(record)), record), `feed item ${record.itemId} of ${record.feedUrl}`);
  }
  tally.target = held.length;
  return tally.report();
}

function key(record: FeedItemRecord): string {
  return `${record.feedUrl}\u0000${record.itemId}`;
}
