import { JsonDocument } from '../storage/json-document.ts';
import type { FeedItemRecord, FeedItemStore, FeedValidators } from '../../core/ports/feed.ts';

interface FeedItemsData {
  /** Per feed URL: its validators and its items by id. */
  feeds: Record<string, { validators?: FeedValidators; items: Record<string, FeedItemRecord> }>;
}

/**
 * The feed poller's memory in one durable JSON file (`<data dir>/feed/items.json`). One record per feed item (a few
 * hundred bytes; a site publishing 50 articles a day adds under 10 MB a year), rewritten whole on each change, which
 * is at most one per imported item.
 */
export class LowdbFeedItemStore implements FeedItemStore {
  readonly #doc: JsonDocument<FeedItemsData>;

  private constructor(doc: JsonDocument<FeedItemsData>) {
    this.#doc = doc;
  }

  /** Open (creating its folder) the store at `path`. */
  static async open(path: string): Promise<LowdbFeedItemStore> {
    return new LowdbFeedItemStore(await JsonDocument.open<FeedItemsData>(path, { feeds: {} }));
  }

  async item(feedUrl: string, itemId: string): Promise<FeedItemRecord | null> {
    return this.#doc.data.feeds[feedUrl]?.items[itemId] ?? null;
  }

  async saveItem(record: FeedItemRecord): Promise<void> {
    await this.#doc.update((data) => {
      const feed = (data.feeds[record.feedUrl] ??= { items: {} });
      feed.items[record.itemId] = { ...record };
    });
  }

  async items(): Promise<FeedItemRecord[]> {
    const feeds = this.#doc.data.feeds;
    // Code-unit order, as PostgreSQL's COLLATE "C" sorts them.
    const sorted = (keys: string[]) => keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return sorted(Object.keys(feeds)).flatMap((url) => {
      const items = feeds[url]!.items;
      return sorted(Object.keys(items)).map((id) => ({ ...items[id]! }));
    });
  }

  async validators(feedUrl: string): Promise<FeedValidators | null> {
    return this.#doc.data.feeds[feedUrl]?.validators ?? null;
  }

  async saveValidators(feedUrl: string, validators: FeedValidators): Promise<void> {
    await this.#doc.update((data) => {
      const feed = (data.feeds[feedUrl] ??= { items: {} });
      feed.validators = { ...validators };
    });
  }
}
