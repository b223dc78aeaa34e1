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

  async validators(feedUrl: string): Promise<FeedValidators | null> {
    return this.#validators.get(feedUrl) ?? null;
  }

  async saveValidators(feedUrl: string, validators: FeedValidators): Promise<void> {
    this.#validators.set(feedUrl, { ...validators });
  }
}

function key(feedUrl: string, itemId: string): string {
  return `${feedUrl}\u0000${itemId}`;
}
