import type pg from 'pg';
import { bigramCodes, FUZZY_SELECTION, type FuzzyHit, matchForm, rerank } from '../../../core/fuzzy-index.ts';
import { type Locale, memoryPairKey } from '../../../core/locale.ts';
import type {
  ExactKey,
  MemoryEntry,
  MemoryLookup,
  MemoryRecord,
  MemorySearch,
  MemoryTombstone,
  SharedMemoryStore,
} from '../../../core/ports/translation-memory-store.ts';
import { sourceHash } from '../../../core/text.ts';
import { inTransaction } from './pool.ts';
import { addPostings } from './tm-postings.ts';

/** How the store keys language pairs. */
export interface PostgresTranslationMemoryConfig {
  /**
   * The key of an entry's language pair; entries are looked up by it. Default `memoryPairKey` (core/locale.ts, which
   * folds `en-US` into `en`), the key of the memory service's index: change it only for a test of the store alone.
   */
  readonly pairKey?: (sourceLocale: Locale, targetLocale: Locale) => string;
}

/** The advisory lock key memory writes take turns on (any fixed bigint; this one spells "tmwrites"). */
const WRITE_LOCK = '8389493014140314995';
/** Rows per INSERT when adding many entries (an import of 100,000), to keep each statement's arrays moderate. */
const INSERT_CHUNK = 5_000;

interface LookupRow {
  exact: boolean;
  seq: string;
  /** The matching form of a candidate; null on an exact match. */
  form: string | null;
  entry: MemoryEntry;
}

/**
 * Translation memory on PostgreSQL (migration 0200). Every entry is a row with its pair key, source hash and matching
 * form; an entry that `replaces` another of its pair marks that one replaced, so lookups see live entries only and a
 * new approval is visible to every process as soon as `add` resolves. `lookup` and `search` pick candidates as the embedded
 * index does (the postings of the query's rarest bigrams: posting lists and per-pair bigram counts the store writes,
 * one call of migration 0208's function, which reads the postings of the lengths allowed only) and score them with its rerank (core/fuzzy-rerank.ts) on the same matching forms,
 * so a hit scores the same here and there.
 */
export class PostgresTranslationMemoryStore implements SharedMemoryStore {
  readonly #pool: pg.Pool;
  readonly #pairKey: (sourceLocale: Locale, targetLocale: Locale) => string;

  /** The store over `pool`, whose database has the memory migrations applied; the pool stays the caller's. */
  constructor(pool: pg.Pool, config: PostgresTranslationMemoryConfig = {}) {
    this.#pool = pool;
    this.#pairKey = config.pairKey ?? memoryPairKey;
  }

  async all(): Promise<MemoryRecord[]> {
    const { rows } = await this.#pool.query<{ entry: MemoryRecord }>('SELECT entry FROM tm_entries ORDER BY seq');
    return rows.map((r) => r.entry);
  }

  /**
   * Appends the tombstone as a row of the log (migration 0201), never matched itself, and takes the entry it deletes
   * out of lookups, in one transaction. An unknown id is kept and deletes nothing, as the port says.
   */
  async delete(tombstone: MemoryTombstone): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query(
        `INSERT INTO tm_entries (id, pair, source_hash, form, form_length, replaced, tombstone, entry)
         VALUES ($1, $2, $3, '', 0, true, true, $4)`,
        [
          tombstone.id,
          this.#pairKey(tombstone.sourceLocale, tombstone.targetLocale),
          sourceHash(tombstone.source),
          JSON.stringify(tombstone),
        ],
      );
      await client.query('UPDATE tm_entries SET replaced = true WHERE id = $1 AND NOT tombstone', [tombstone.deletes]);
    });
  }

  async stored(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.#pool.query<{ id: string }>('SELECT id FROM tm_entries WHERE id = ANY($1::text[])', [[...ids]]);
    return new Set(rows.map((r) => r.id));
  }

  /** Adds every entry or none (one transaction). Throws when an id is already stored. */
  async add(entries: readonly MemoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await inTransaction(this.#pool, async (client) => {
      for (let at = 0; at < entries.length; at += INSERT_CHUNK) {
        const chunk = entries.slice(at, at + INSERT_CHUNK);
        const forms = chunk.map((e) => matchForm(e.source));
        const pairs = chunk.map((e) => this.#pairKey(e.sourceLocale, e.targetLocale));
        const { rows: stored } = await client.query<{ id: string; seq: string }>(
          `INSERT INTO tm_entries (id, pair, source_hash, form, form_length, entry)
           SELECT id, pair, source_hash, form, form_length, entry
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::json[])
                  WITH ORDINALITY AS n (id, pair, source_hash, form, form_length, entry, ord)
            ORDER BY ord
           RETURNING id, seq`,
          [
            chunk.map((e) => e.id),
            pairs,
            chunk.map((e) => sourceHash(e.source)),
            forms,
            forms.map((f) => f.length),
            chunk.map((e) => JSON.stringify(e)),
          ],
        );
        const seqs = new Map(stored.map((r) => [r.id, Number(r.seq)]));
        // The postings of this chunk by pair and bigram, in the order of the entries (migration 0207's encoding).
        const postings = new Map<string, Map<number, number[]>>();
        chunk.forEach((e, i) => {
          const byGram = postings.get(pairs[i]!) ?? postings.set(pairs[i]!, new Map()).get(pairs[i]!)!;
          const posting = seqs.get(e.id)! * 1024 + Math.min(forms[i]!.length, 1023);
          for (const gram of bigramCodes(forms[i]!)) (byGram.get(gram) ?? byGram.set(gram, []).get(gram)!).push(posting);
        });
        await addPostings(client, postings);
      }
      const replacing = entries.filter((e) => e.replaces);
      if (replacing.length === 0) return;
      // Only an entry of the same pair is replaced, as in the embedded index.
      await client.query(
        `UPDATE tm_entries SET replaced = true FROM unnest($1::text[], $2::text[]) AS r (id, pair)
          WHERE tm_entries.id = r.id AND tm_entries.pair = r.pair`,
        [replacing.map((e) => e.replaces!), replacing.map((e) => this.#pairKey(e.sourceLocale, e.targetLocale))],
      );
    });
  }

  /**
   * Live entries of the pair whose source scores at least `threshold` against `source`, best first (newer first
   * among equal scores), at most `limit`: the scores of FuzzyIndex.search over the candidates it would pick (the
   * live entries of a length the threshold allows sharing most of the query's rarest bigrams: migrations 0207, 0208). One
   * round trip.
   */
  async search(query: MemorySearch): Promise<FuzzyHit<MemoryEntry>[]> {
    if (query.limit <= 0) return [];
    return (await this.#lookup(query, null)).fuzzy as FuzzyHit<MemoryEntry>[];
  }

  /** The exact matches of the query's source and, when they leave room, `search`'s hits: one call of tm_lookup. */
  async lookup(query: MemorySearch): Promise<MemoryLookup> {
    if (query.limit <= 0) return { exact: [], fuzzy: [] };
    return this.#lookup(query, sourceHash(query.source));
  }

  async #lookup(query: MemorySearch, hash: string | null): Promise<MemoryLookup> {
    const form = matchForm(query.source);
    const t = Math.max(query.threshold, 1) / 100;
    // Named, so each connection prepares it once; the function (migration 0208) asks for exact matches and
    // candidates together.
    const { rows } = await this.#pool.query<LookupRow>({
      name: 'tm-lookup',
      text: 'SELECT exact, seq, form, entry FROM tm_lookup($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      values: [
        this.#pairKey(query.sourceLocale, query.targetLocale),
        hash,
        bigramCodes(form),
        Math.floor(form.length * t),
        Math.ceil(form.length / t),
        query.limit,
        FUZZY_SELECTION.rerank,
        FUZZY_SELECTION.minGrams,
        FUZZY_SELECTION.postingBudget,
      ],
    });
    const exact = rows.filter((r) => r.exact).map((r) => r.entry);
    const found = rows.filter((r) => !r.exact);
    if (found.length === 0) return { exact, fuzzy: [] };
    const bySeq = new Map(found.map((r) => [Number(r.seq), r.entry]));
    const candidates = found.map((r) => ({ id: Number(r.seq), form: r.form! }));
    const fuzzy = rerank(form, candidates, query.threshold, query.limit + exact.length).map((hit) => ({
      item: bySeq.get(hit.item)!,
      score: hit.score,
    }));
    return { exact, fuzzy };
  }

  /** Live entries of the pair whose source has this `sourceHash`, oldest first (the embedded index's exact map). */
  async exact(sourceLocale: Locale, targetLocale: Locale, hash: string): Promise<MemoryEntry[]> {
    // Named, so each connection plans it once: an MT drain asks it for every item, and planning cost more than running.
    const { rows } = await this.#pool.query<{ entry: MemoryEntry }>({
      name: 'tm-exact',
      text: 'SELECT entry FROM tm_entries WHERE pair = $1 AND source_hash = $2 AND NOT replaced ORDER BY seq',
      values: [this.#pairKey(sourceLocale, targetLocale), hash],
    });
    return rows.map((r) => r.entry);
  }

  /** `exact` for every key in one statement: the answers in the order of `keys`. */
  async exactMany(sourceLocale: Locale, keys: readonly ExactKey[]): Promise<MemoryEntry[][]> {
    if (keys.length === 0) return [];
    const { rows } = await this.#pool.query<{ k: number; entry: MemoryEntry }>({
      name: 'tm-exact-many',
      text: `SELECT q.k, e.entry FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q (pair, hash, k)
               JOIN tm_entries e ON e.pair = q.pair AND e.source_hash = q.hash AND NOT e.replaced
              ORDER BY q.k, e.seq`,
      values: [keys.map((key) => this.#pairKey(sourceLocale, key.targetLocale)), keys.map((key) => key.hash)],
    });
    const answers = keys.map((): MemoryEntry[] => []);
    for (const row of rows) answers[Number(row.k) - 1]!.push(row.entry);
    return answers;
  }

  /** The live entry with this id, or null (never added, replaced or deleted; a tombstone's id is no entry). */
  async live(id: string): Promise<MemoryEntry | null> {
    const { rows } = await this.#pool.query<{ entry: MemoryEntry }>(
      'SELECT entry FROM tm_entries WHERE id = $1 AND NOT replaced AND NOT tombstone',
      [id],
    );
    return rows[0]?.entry ?? null;
  }

  /** The latest deletion time of this pair, source hash and target (tombstones, migration 0202's index), or null. */
  async deletedAt(sourceLocale: Locale, targetLocale: Locale, hash: string, target: string): Promise<string | null> {
    // ISO timestamps compare as bytes ("C"), as the in-process index compares them as strings.
    const { rows } = await this.#pool.query<{ at: string | null }>(
      `SELECT max((entry->>'deletedAt') COLLATE "C") AS at FROM tm_entries
        WHERE tombstone AND pair = $1 AND source_hash = $2 AND entry->>'target' = $3`,
      [this.#pairKey(sourceLocale, targetLocale), hash, target],
    );
    return rows[0]?.at ?? null;
  }

  /** Live entries of the pair, oldest first (tombstones are never live). */
  async pairEntries(sourceLocale: Locale, targetLocale: Locale): Promise<MemoryEntry[]> {
    const { rows } = await this.#pool.query<{ entry: MemoryEntry }>(
      'SELECT entry FROM tm_entries WHERE pair = $1 AND NOT replaced AND NOT tombstone ORDER BY seq',
      [this.#pairKey(sourceLocale, targetLocale)],
    );
    return rows.map((r) => r.entry);
  }

  /**
   * Runs `task` holding a session advisory lock (WRITE_LOCK) on a connection of its own, so writers in every process
   * take turns; `task` queries on other connections of the pool (a process runs one task at a time: the memory
   * service's mutex), so the pool needs two connections at least.
   */
  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken = false;
    try {
      await client.query('SELECT pg_advisory_lock($1)', [WRITE_LOCK]);
      try {
        return await task();
      } finally {
        // A connection that cannot unlock is closed: ending the session releases its lock.
        await client.query('SELECT pg_advisory_unlock($1)', [WRITE_LOCK]).catch(() => {
          broken = true;
        });
      }
    } finally {
      client.release(broken);
    }
  }

  async readIndex(): Promise<Uint8Array | null> {
    const { rows } = await this.#pool.query<{ bytes: Buffer }>('SELECT bytes FROM tm_index_snapshot');
    return rows[0] ? new Uint8Array(rows[0].bytes) : null;
  }

  /** One upsert: a reader sees the old snapshot or the new one, whole. */
  async writeIndex(bytes: Uint8Array): Promise<void> {
    await this.#pool.query(
      'INSERT INTO tm_index_snapshot (bytes) VALUES ($1) ON CONFLICT (only_row) DO UPDATE SET bytes = excluded.bytes',
      [Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)],
    );
  }

  /** The pool is the caller's: nothing to release. */
  async close(): Promise<void> {}
}
