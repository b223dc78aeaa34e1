import type { ChangeFeed } from '../../core/ports/change-feed.ts';
import type { MtItemFilter, MtQueueItem, MtQueueStore, MtStore } from '../../core/ports/mt-store.ts';
import { progressRows } from './report.ts';
import type { MtLogger } from './types.ts';

type Pair = { readonly slug: string; readonly locale: string };
const pairKey = (p: Pair) => `${p.slug}\u0000${p.locale}`;

/**
 * The MT queue, announcing on `changes` the counts of every article and locale a transition touched (`mt-progress`),
 * after the transition is stored. Every change of the queue goes through here, so no caller announces by hand.
 * Announcements are made one after the other, each from a fresh read of the queue, so a page never sees older counts
 * after newer ones. A failed announcement is logged, never thrown: the transition itself succeeded.
 */
export class LiveMtQueue implements MtQueueStore {
  readonly #inner: MtQueueStore;
  readonly #changes: ChangeFeed;
  readonly #logger: MtLogger | undefined;
  /** In-flight item id → its pair, from `claim`, so later transitions by id know what they touched. */
  readonly #claimed = new Map<string, Pair>();
  #announcing: Promise<void> = Promise.resolve();

  constructor(inner: MtQueueStore, changes: ChangeFeed, logger?: MtLogger) {
    this.#inner = inner;
    this.#changes = changes;
    this.#logger = logger;
  }

  async enqueue(...args: Parameters<MtQueueStore['enqueue']>): ReturnType<MtQueueStore['enqueue']> {
    const result = await this.#inner.enqueue(...args);
    if (result.added > 0) await this.#announce(args[1]);
    return result;
  }

  async claim(limit: number, now?: string): Promise<MtQueueItem[]> {
    const items = await this.#inner.claim(limit, now);
    for (const item of items) this.#claimed.set(item.id, { slug: item.slug, locale: item.locale });
    // Not waited for: the worker sends the round's first requests meanwhile (the read behind it took 4 to 20 ms a round).
    // The next transition's announcement still comes after this one.
    if (items.length > 0) void this.#announce(items);
    return items;
  }

  async complete(ids: readonly string[]): Promise<void> {
    await this.#inner.complete(ids);
    await this.#announce(this.#forget(ids));
  }

  async fail(ids: readonly string[], failure: Parameters<MtQueueStore['fail']>[1]): Promise<void> {
    await this.#inner.fail(ids, failure);
    await this.#announce(this.#forget(ids));
  }

  async retryLater(ids: readonly string[], failure: Parameters<MtQueueStore['retryLater']>[1]): Promise<void> {
    await this.#inner.retryLater(ids, failure);
    await this.#announce(this.#forget(ids));
  }

  async release(ids: readonly string[], attempt?: boolean): Promise<void> {
    await this.#inner.release(ids, attempt);
    await this.#announce(this.#forget(ids));
  }

  async retryFailed(filter?: MtItemFilter): Promise<number> {
    const n = await this.#inner.retryFailed(filter);
    if (n > 0) {
      const matching = (await this.#inner.items(filter?.jobId)).filter(
        (i) => (!filter?.slug || i.slug === filter.slug) && (!filter?.locale || i.locale === filter.locale),
      );
      await this.#announce(matching);
    }
    return n;
  }

  recover(): Promise<number> {
    return this.#inner.recover();
  }

  items(jobId?: string): ReturnType<MtQueueStore['items']> {
    return this.#inner.items(jobId);
  }

  itemsOf(pairs: Parameters<MtQueueStore['itemsOf']>[0]): ReturnType<MtQueueStore['itemsOf']> {
    return this.#inner.itemsOf(pairs);
  }

  counts(jobId?: string): ReturnType<MtQueueStore['counts']> {
    return this.#inner.counts(jobId);
  }

  jobs(): ReturnType<MtQueueStore['jobs']> {
    return this.#inner.jobs();
  }

  addTallies(...args: Parameters<MtQueueStore['addTallies']>): ReturnType<MtQueueStore['addTallies']> {
    return this.#inner.addTallies(...args);
  }

  tally(jobId?: string): ReturnType<MtQueueStore['tally']> {
    return this.#inner.tally(jobId);
  }

  /** Resolves once every announcement begun so far is made (or logged as failed). */
  announced(): Promise<void> {
    return this.#announcing;
  }

  #forget(ids: readonly string[]): Pair[] {
    const pairs: Pair[] = [];
    for (const id of ids) {
      const pair = this.#claimed.get(id);
      this.#claimed.delete(id);
      if (pair) pairs.push(pair);
    }
    return pairs;
  }

  #announce(touched: readonly Pair[]): Promise<void> {
    const pairs = new Map(touched.map((p) => [pairKey(p), { slug: p.slug, locale: p.locale }]));
    if (pairs.size === 0) return this.#announcing;
    this.#announcing = this.#announcing.then(async () => {
      try {
        // Only the touched pairs' items: reading the whole queue made every transition cost as much as the queue is long.
        const items = await this.#inner.itemsOf([...pairs.values()]);
        const rows = new Map(progressRows(items).map((row) => [pairKey(row), row]));
        for (const [key, pair] of pairs) {
          this.#changes.publish({ type: 'mt-progress', slug: pair.slug, locale: pair.locale, progress: rows.get(key) ?? null });
        }
      } catch (error) {
        this.#logger?.warn({ err: error }, 'mt: the queue progress could not be announced');
      }
    });
    return this.#announcing;
  }
}

/** `store` with its queue announcing progress on `changes` (see LiveMtQueue); the other stores as they are. */
export function withLiveQueue(store: MtStore, changes: ChangeFeed, logger?: MtLogger): MtStore {
  const queue = new LiveMtQueue(store.queue, changes, logger);
  return {
    queue,
    ledger: store.ledger,
    settings: store.settings,
    drafts: store.drafts,
    answers: store.answers,
    workers: store.workers,
    close: async () => {
      await queue.announced();
      await store.close();
    },
  };
}
