import type pg from 'pg';
import type {
  MtAnswerStore,
  MtAuditEntry,
  MtCachedDraft,
  MtDraftCache,
  MtLedger,
  MtStore,
  MtWorkerPresence,
} from '../../../core/ports/mt-store.ts';
import { PostgresMtAnswers } from './mt-answers.ts';
import { PostgresMtQueue, type PostgresMtQueueConfig } from './mt-queue.ts';
import { PostgresMtSettings } from './mt-settings.ts';
import { PostgresWorkerPresence } from './mt-workers.ts';

export type { PostgresMtQueueConfig as PostgresMtStoreConfig } from './mt-queue.ts';

class PostgresLedger implements MtLedger {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async append(entry: MtAuditEntry): Promise<void> {
    await this.#pool.query('INSERT INTO mt_ledger (at, entry) VALUES ($1, $2)', [entry.at, JSON.stringify(entry)]);
  }

  /** `since` is compared as a string, as the embedded ledger does: a date selects that whole day on. */
  async entries(since?: string): Promise<MtAuditEntry[]> {
    const { rows } = await this.#pool.query<{ entry: MtAuditEntry }>(
      'SELECT entry FROM mt_ledger WHERE $1::text IS NULL OR at >= $1 ORDER BY seq',
      [since ?? null],
    );
    return rows.map((r) => r.entry);
  }
}

class PostgresDraftCache implements MtDraftCache {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async get(key: string): Promise<MtCachedDraft | null> {
    const { rows } = await this.#pool.query<MtCachedDraft>('SELECT key, text, at FROM mt_drafts WHERE key = $1', [key]);
    return rows[0] ? { key: rows[0].key, text: rows[0].text, at: rows[0].at } : null;
  }

  async put(drafts: readonly MtCachedDraft[]): Promise<void> {
    // One upsert may not touch a row twice: the last answer under a key wins, as later puts do.
    const byKey = new Map(drafts.map((d) => [d.key, d]));
    if (byKey.size === 0) return;
    const list = [...byKey.values()];
    await this.#pool.query(
      `INSERT INTO mt_drafts (key, text, at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (key) DO UPDATE SET text = excluded.text, at = excluded.at`,
      [list.map((d) => d.key), list.map((d) => d.text), list.map((d) => d.at)],
    );
  }

  async prune(before: string): Promise<number> {
    const { rowCount } = await this.#pool.query('DELETE FROM mt_drafts WHERE at < $1', [before]);
    return rowCount ?? 0;
  }
}

/**
 * The MT store on PostgreSQL (migrations 0100–0199): the queue (a job queue with leases, see PostgresMtQueue), the
 * audit ledger, the settings and the draft cache, shared by every process that opens the same database. The pool
 * belongs to the caller: `close` stops this store's lease renewals and leaves the pool open.
 */
export class PostgresMtStore implements MtStore {
  readonly queue: PostgresMtQueue;
  readonly ledger: MtLedger;
  readonly settings: PostgresMtSettings;
  readonly drafts: MtDraftCache;
  readonly answers: MtAnswerStore;
  readonly workers: MtWorkerPresence;

  /** The store over `pool`, whose database has the MT migrations applied. */
  constructor(pool: pg.Pool, config: PostgresMtQueueConfig = {}) {
    this.queue = new PostgresMtQueue(pool, config);
    this.ledger = new PostgresLedger(pool);
    this.settings = new PostgresMtSettings(pool);
    this.drafts = new PostgresDraftCache(pool);
    this.answers = new PostgresMtAnswers(pool);
    this.workers = new PostgresWorkerPresence(pool);
  }

  /**
   * Items this instance still holds in flight stay leased until their lease runs out (a drain may still be finishing
   * them); the next start-up's `recover`, or any worker after the lease, takes them back.
   */
  async close(): Promise<void> {
    this.queue.stop();
  }
}
