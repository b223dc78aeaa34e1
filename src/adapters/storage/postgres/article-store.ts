import type pg from 'pg';
import { summarizeArticle } from '../../../core/article-summary.ts';
import { AppError, ConflictError, ValidationError } from '../../../core/errors.ts';
import { KeyedMutex } from '../../../core/keyed-mutex.ts';
import type { ArticleRecord, ArticleSummary } from '../../../core/model.ts';
import { bringsApprovals } from '../../../core/approved-pairs.ts';
import type { ArticleStore, PendingApprovals } from '../../../core/ports/article-store.ts';
import { parseSlug, type Slug } from '../../../core/slug.ts';
import { ARTICLE_CHANNEL, type ArticleChange, ArticleChangeListener } from './article-changes.ts';
import { inTransaction } from './pool.ts';

/**
 * How often one update runs `change` before it gives up with a ConflictError. Only the first try can lose to a writer
 * of an existing article; the later ones can only lose the race to create a new one.
 */
const MAX_ATTEMPTS = 4;

/** One read-change-write: the record as stored afterwards, `undefined` when another writer came first. */
interface Attempt {
  readonly record: ArticleRecord | null | undefined;
  readonly written?: { readonly version: number; readonly summary: ArticleSummary };
}

/** Where the article store connects. */
export interface PostgresArticleStoreConfig {
  /** The shared pool of the backend (the store does not end it). */
  readonly pool: pg.Pool;
  /** The database URL, for the dedicated LISTEN connection that `watch` is fed from. */
  readonly url: string;
}

/**
 * Articles in PostgreSQL (`articles`, migration 0001): one row per article holding the whole record, its listing row
 * and a version that every write bumps. An update reads the row, runs `change`, and writes only if the row is still
 * at the version it read (`UPDATE … WHERE version = $read`); when another process wrote in between, `change` runs
 * again on the new record (this time holding the row lock), so the caller's own checks (a translation's revision) see
 * what is really stored: `change` may therefore run more than once, so it must be safe to run again (it resets what it collects).
 * Updates in this process are also queued per article, so they never race each other. Each write NOTIFYs its slug and
 * version, and `watch` listeners hear of every instance's changes, not only this one's.
 */
export class PostgresArticleStore implements ArticleStore {
  readonly #pool: pg.Pool;
  readonly #locks = new KeyedMutex<Slug>();
  readonly #listeners = new Set<(row: ArticleSummary) => void>();
  /** The newest row version each listener was told of, per slug, so a late or repeated announcement is ignored. */
  readonly #told = new Map<string, number>();
  #changes: ArticleChangeListener | null = null;
  #closed = false;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Open the store; resolves once it LISTENs for other instances' changes. Throws when it cannot connect. */
  static async open(config: PostgresArticleStoreConfig): Promise<PostgresArticleStore> {
    const store = new PostgresArticleStore(config.pool);
    store.#changes = await ArticleChangeListener.start(config.url, {
      onChange: (change) => store.#heard(change),
      onReconnect: () => store.#tellAll(),
    });
    return store;
  }

  get(slug: Slug): Promise<ArticleRecord | null> {
    try {
      this.#check(slug);
    } catch (error) {
      return Promise.reject(error);
    }
    // Behind this process's update of the article in flight, as in the other stores: a read after a save sees it.
    return this.#locks.run(slug, () => this.#read(slug));
  }

  async peek<T>(slug: Slug, pick: (record: Readonly<ArticleRecord>) => T): Promise<T | null> {
    const record = await this.get(slug);
    return record ? pick(record) : null;
  }

  async #read(slug: Slug): Promise<ArticleRecord | null> {
    const { rows } = await this.#pool.query<{ record: ArticleRecord }>('SELECT record FROM articles WHERE slug = $1', [slug]);
    return rows[0]?.record ?? null;
  }

  async list(): Promise<ArticleSummary[]> {
    this.#check();
    const { rows } = await this.#pool.query<{ summary: ArticleSummary }>('SELECT summary FROM articles ORDER BY updated_at DESC, slug');
    return rows.map((row) => row.summary);
  }

  async isEmpty(): Promise<boolean> {
    this.#check();
    const { rows } = await this.#pool.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM articles) AS empty');
    return rows[0]!.empty;
  }

  update(
    slug: Slug,
    change: (current: ArticleRecord | null) => ArticleRecord | null | Promise<ArticleRecord | null>,
  ): Promise<ArticleRecord | null> {
    try {
      this.#check(slug);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#locks.run(slug, async () => {
      for (let attempt = 1; ; attempt++) {
        // The first try holds no lock while `change` runs. A try after a lost race holds the row (FOR UPDATE) until
        // it commits, so it cannot lose again to a writer of an existing article: heavy contention still progresses.
        const outcome =
          attempt === 1
            ? await this.#attempt(this.#pool, slug, change, '')
            : await inTransaction(this.#pool, (client) => this.#attempt(client, slug, change, ' FOR UPDATE'));
        if (outcome.written) this.#tell(slug, outcome.written.version, outcome.written.summary);
        if (outcome.record !== undefined) return outcome.record;
        if (attempt === MAX_ATTEMPTS) {
          throw new ConflictError(
            `store: "${slug}" was changed by other instances ${MAX_ATTEMPTS} times while this change was made; try again`,
          );
        }
      }
    });
  }

  /**
   * Read the row, run `change`, write the result if the row is still at the version read. Resolves to the record as
   * stored afterwards (with the new version when this wrote), or to `record: undefined` when another writer got there
   * first.
   */
  async #attempt(
    db: pg.Pool | pg.PoolClient,
    slug: Slug,
    change: (current: ArticleRecord | null) => ArticleRecord | null | Promise<ArticleRecord | null>,
    lock: '' | ' FOR UPDATE',
  ): Promise<Attempt> {
    const { rows } = await db.query<{ version: string; record: ArticleRecord }>(
      `SELECT version, record FROM articles WHERE slug = $1${lock}`,
      [slug],
    );
    const current = rows[0]?.record ?? null;
    const next = await change(current ? structuredClone(current) : null);
    if (next === null) return { record: current };
    if (next.article?.slug !== slug) {
      throw new ValidationError(
        `store: update of "${slug}" returned the record of "${String(next.article?.slug)}"; an update must keep the slug`,
      );
    }
    const json = JSON.stringify(next);
    if (current && json === JSON.stringify(current)) return { record: current };
    // Stored and returned exactly as it reads back (undefined fields dropped).
    const stored = JSON.parse(json) as ArticleRecord;
    const summary = summarizeArticle(stored);
    const expected = rows[0] ? Number(rows[0].version) : null;
    // The approval mark goes with the write itself, so no crash can separate them (a mark is only ever cleared by
    // settleApprovals, at the version it was read).
    const write =
      expected === null
        ? `INSERT INTO articles (slug, version, record, summary, updated_at, memory_pending)
           VALUES ($1, 1, $2::json, $3::jsonb, $4, $5) ON CONFLICT (slug) DO NOTHING RETURNING version`
        : `UPDATE articles SET version = version + 1, record = $2::json, summary = $3::jsonb, updated_at = $4,
                  memory_pending = memory_pending OR $5
           WHERE slug = $1 AND version = $6 RETURNING version`;
    // One statement, so the NOTIFY goes out exactly when (and only if) the write commits.
    const written = await db.query<{ version: string }>(
      `WITH written AS (${write}) SELECT version, pg_notify('${ARTICLE_CHANNEL}', version || ' ' || $1) FROM written`,
      [slug, json, JSON.stringify(summary), summary.updatedAt, bringsApprovals(current, stored), ...(expected === null ? [] : [expected])],
    );
    const version = written.rows[0]?.version;
    return version === undefined ? { record: undefined } : { record: stored, written: { version: Number(version), summary } };
  }

  async pendingApprovals(): Promise<PendingApprovals[]> {
    this.#check();
    const { rows } = await this.#pool.query<{ slug: Slug; version: string }>(
      'SELECT slug, version FROM articles WHERE memory_pending ORDER BY slug',
    );
    return rows.map((row) => ({ slug: row.slug, mark: row.version }));
  }

  async settleApprovals(done: readonly PendingApprovals[]): Promise<void> {
    this.#check();
    if (done.length === 0) return;
    // The version is left alone: clearing a mark is not a change of the article (no NOTIFY, no listing change).
    await this.#pool.query(
      `UPDATE articles SET memory_pending = false FROM unnest($1::text[], $2::bigint[]) AS done (slug, version)
       WHERE articles.slug = done.slug AND articles.version = done.version AND articles.memory_pending`,
      [done.map((d) => d.slug), done.map((d) => d.mark)],
    );
  }

  // A bound field, so a wrapper made with Object.create(store) can still watch.
  readonly watch = (listener: (row: ArticleSummary) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  /** Tell the listeners of `summary` unless they already heard of this version or a newer one. */
  #tell(slug: string, version: number, summary: ArticleSummary): void {
    if ((this.#told.get(slug) ?? 0) >= version) return;
    this.#told.set(slug, version);
    for (const listener of this.#listeners) listener(summary);
  }

  /** Another connection's write: fetch its listing row (only when someone listens and it is news). */
  #heard(change: ArticleChange): void {
    if (this.#closed || this.#listeners.size === 0 || (this.#told.get(change.slug) ?? 0) >= change.version) return;
    this.#pool
      .query<{ version: string; summary: ArticleSummary }>('SELECT version, summary FROM articles WHERE slug = $1', [change.slug])
      .then(
        ({ rows }) => {
          if (rows[0] && !this.#closed) this.#tell(change.slug, Number(rows[0].version), rows[0].summary);
        },
        // The next announcement of this article, or the next reconnect, catches the listeners up.
        () => undefined,
      );
  }

  /** After the LISTEN connection was lost, announcements may be missing: tell the listeners every row that is news. */
  #tellAll(): void {
    if (this.#closed || this.#listeners.size === 0) return;
    this.#pool.query<{ slug: string; version: string; summary: ArticleSummary }>('SELECT slug, version, summary FROM articles').then(
      ({ rows }) => {
        for (const row of rows) if (!this.#closed) this.#tell(row.slug, Number(row.version), row.summary);
      },
      () => undefined,
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#locks.idle();
    await this.#changes?.close();
  }

  #check(slug?: Slug): void {
    if (this.#closed) throw new AppError('closed', 'store: the PostgreSQL article store is closed; open the storage again to use it');
    if (slug !== undefined) parseSlug(slug);
  }
}
