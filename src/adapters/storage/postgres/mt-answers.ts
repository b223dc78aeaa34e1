import type pg from 'pg';
import type { MtAnswerStore } from '../../../core/ports/mt-store.ts';
import { contentHash } from '../../../core/text.ts';
import { type AnswerHolding, shareAnswers } from '../share-answers.ts';
import { inTransaction } from './pool.ts';

/** The advisory lock of an answer key: 60 bits of its hash. A collision only makes two texts wait for each other. */
function lockKey(key: string): bigint {
  return BigInt(`0x${contentHash(key).slice(0, 15)}`);
}

async function readAnswers(db: pg.Pool | pg.PoolClient, keys: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ key: string; text: string }>('SELECT key, text FROM mt_answers WHERE key = ANY($1)', [
    [...new Set(keys)],
  ]);
  return new Map(rows.map((r) => [r.key, r.text]));
}

async function storeAnswers(
  client: pg.PoolClient,
  answers: readonly { readonly key: string; readonly text: string }[],
  at: string,
): Promise<void> {
  await client.query(
    `INSERT INTO mt_answers (key, text, at) SELECT k, t, $3 FROM unnest($1::text[], $2::text[]) AS a (k, t)
     ON CONFLICT (key) DO UPDATE SET text = excluded.text, at = excluded.at`,
    [answers.map((a) => a.key), answers.map((a) => a.text), at],
  );
}

/**
 * The shared answer store on PostgreSQL (migration 0102). `share` holds the keys it produces with transaction-scoped
 * advisory locks, taken in one order by everyone so two workers cannot wait for each other, on a connection of its
 * own for as long as `produce` runs; a worker that shares a held key waits on the lock, then reads the answer. A
 * killed worker's connection ends and its locks with it, so the next sharer produces the answer itself.
 */
export class PostgresMtAnswers implements MtAnswerStore {
  readonly #pool: pg.Pool;
  readonly #holding: AnswerHolding = {
    hold: (keys, work) =>
      inTransaction(this.#pool, async (client) => {
        const locks = [...new Set(keys.map(lockKey))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        // One statement, in array order: a function scan hands its rows to the projection in that order.
        await client.query('SELECT pg_advisory_xact_lock(n) FROM unnest($1::bigint[]) AS l (n)', [locks.map(String)]);
        // Whoever held a key before this worker has stored its answer by now (or failed, and it is still missing).
        return work({ read: (k) => readAnswers(client, k), store: (answers, at) => storeAnswers(client, answers, at) });
      }),
  };

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async get(keys: readonly string[]): Promise<Map<string, string>> {
    return keys.length === 0 ? new Map() : readAnswers(this.#pool, keys);
  }

  share(...args: Parameters<MtAnswerStore['share']>): Promise<Map<string, string>> {
    return shareAnswers(...args, this.#holding);
  }

  async prune(before: string): Promise<number> {
    const { rowCount } = await this.#pool.query('DELETE FROM mt_answers WHERE at < $1', [before]);
    return rowCount ?? 0;
  }
}
