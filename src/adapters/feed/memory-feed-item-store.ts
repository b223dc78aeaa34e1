import type { FeedItemRecord, FeedItemStore, FeedValidators } from '../../core/ports/feed.ts';

/** The feed poller's memory in a Map: nothing kept across processes (tests, `TANDEM_STORAGE=in-memory`). */
export class MemoryFeedItemStore implements FeedItemStore {
  readonly #items = new Map<string, FeedItemRecord>();
  readonly #validators = new Map<string, FeedValidators>();

  async item(feedUrl: string, itemId: string): Promise<FeedItemRecord | null> {
    return this.#items.get(key(feedUrl, itemId)) ?? null;
  }

  async saveItem(record: FeedItemRecord): Promise<void> {
    this.#items.set(key(record.feedUrl, record.itemId), { ...record });
  }

  async items(): Promise<FeedItemRecord[]> {
    return [...this.#items.values()].map((r) => ({ ...r })).sort(byFeedThenItem);
  }

  async validators(feedUrl: string): Promise<FeedValidators | null> {
    return this.#validators.get(feedUrl) ?? null;
  }

  async saveValidators(feedUrl: string, validators: FeedValidators): Promise<void> {
    this.#validators.set(feedUrl, { ...validators });
  }
}

function byFeedThenItem(a: FeedItemRecord, b: FeedItemRecord): number {
  return a.feedUrl < b.feedUrl ? -1 : a.feedUrl > b.feedUrl ? 1 : a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0;
}

function key(feedUrl: string, itemId: string): string {
  return `${feedUrl}\u0000${itemId}`;
}
