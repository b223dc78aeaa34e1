import pg from 'pg';
import type { FeedItemRecord, FeedItemStore, FeedValidators } from '../../core/ports/feed.ts';

/**
 * The feed poller's memory in the shared PostgreSQL database (tables of migration 0400), so that it moves with the
 * polling from one instance to another. Opens a small pool of its own that lets the process exit when it is idle (the
 * feed service has no close).
 */
export class PostgresFeedItemStore implements FeedItemStore {
  readonly #pool: pg.Pool;

  /** A store on the database at `url` (its schema migrated by the postgres storage backend). */
  constructor(url: string) {
    this.#pool = new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true, application_name: 'tandem feed' });
    this.#pool.on('error', () => undefined);
  }

  async item(feedUrl: string, itemId: string): Promise<FeedItemRecord | null> {
    const { rows } = await this.#pool.query<{ data: FeedItemRecord }>('SELECT data FROM feed_items WHERE feed_url = $1 AND item_id = $2', [
      feedUrl,
      itemId,
    ]);
    return rows[0]?.data ?? null;
  }

  async saveItem(record: FeedItemRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO feed_items (feed_url, item_id, data) VALUES ($1, $2, $3)
       ON CONFLICT (feed_url, item_id) DO UPDATE SET data = EXCLUDED.data`,
      [record.feedUrl, record.itemId, JSON.stringify(record)],
    );
  }

  async items(): Promise<FeedItemRecord[]> {
    const { rows } = await this.#pool.query<{ data: FeedItemRecord }>(
      'SELECT data FROM feed_items ORDER BY feed_url COLLATE "C", item_id COLLATE "C"',
    );
    return rows.map((r) => r.data);
  }

  async validators(feedUrl: string): Promise<FeedValidators | null> {
    const { rows } = await this.#pool.query<{ data: FeedValidators }>('SELECT data FROM feed_validators WHERE feed_url = $1', [feedUrl]);
    return rows[0]?.data ?? null;
  }

  async saveValidators(feedUrl: string, validators: FeedValidators): Promise<void> {
    await this.#pool.query(
      `INSERT INTO feed_validators (feed_url, data) VALUES ($1, $2)
       ON CONFLICT (feed_url) DO UPDATE SET data = EXCLUDED.data`,
      [feedUrl, JSON.stringify(validators)],
    );
  }

  /** Close the pool. */
  close(): Promise<void> {
    return this.#pool.end();
  }
}
