import pg from 'pg';
import type { FeedItemRecord, FeedItemStore, FeedValidators } from '../../core/ports/feed.ts';
import { migrate } from '../storage/postgres/migrate.ts';

/**
 * The feed poller's memory in PostgreSQL (`feed_items`, `feed_validators`, migration 0600), beside the postgres storage
 * backend: every Tandem process on the database sees which items were imported, so two servers polling the same feed
 * do not import an item twice from stale memories. A missing record is null; every other failure is thrown.
 */
export class PostgresFeedItemStore implements FeedItemStore {
  readonly #pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /**
   * Connect to `url` with a small pool of its own and bring the schema up to date (the backend's migrations, 0600
   * included). The poller writes at most once per imported item, so two connections are plenty; idle ones let the
   * process exit (`allowExitOnIdle`), since the feed service has no close of its own. Throws what PostgreSQL reports.
   */
  static async open(url: string): Promise<PostgresFeedItemStore> {
    const pool = new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true, application_name: 'tandem-feed' });
    // A dropped idle connection must not end the process; the next query reports the problem itself (pool.ts).
    pool.on('error', () => undefined);
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresFeedItemStore(pool);
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
      `INSERT INTO feed_items (feed_url, item_id, slug, data) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (feed_url, item_id) DO UPDATE SET slug = EXCLUDED.slug, data = EXCLUDED.data`,
      [record.feedUrl, record.itemId, record.slug, JSON.stringify(record)],
    );
  }

  async validators(feedUrl: string): Promise<FeedValidators | null> {
    const { rows } = await this.#pool.query<{ data: FeedValidators }>('SELECT data FROM feed_validators WHERE feed_url = $1', [feedUrl]);
    return rows[0]?.data ?? null;
  }

  async saveValidators(feedUrl: string, validators: FeedValidators): Promise<void> {
    await this.#pool.query(
      `INSERT INTO feed_validators (feed_url, data) VALUES ($1, $2::jsonb)
       ON CONFLICT (feed_url) DO UPDATE SET data = EXCLUDED.data`,
      [feedUrl, JSON.stringify(validators)],
    );
  }

  /** End the pool (tests, and a process that wants to wait for nothing). Safe to call more than once. */
  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }
}
