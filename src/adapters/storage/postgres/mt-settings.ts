import type pg from 'pg';
import type {
  ConfidentialTermRecord,
  GlossaryRecord,
  MtPause,
  MtRerunBudget,
  MtRerunCharge,
  MtSettingsStore,
  RemoteGlossaryRecord,
} from '../../../core/ports/mt-store.ts';
import { inTransaction } from './pool.ts';

/**
 * The MT settings in tables (migration 0101): each record kept as written (json), keyed by what the port looks it up
 * by, in the order it was first put. Every change is one statement or one transaction, so instances never overwrite
 * each other's changes the way a rewritten document would.
 */
export class PostgresMtSettings implements MtSettingsStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async #records<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const { rows } = await this.#pool.query<{ record: T }>(sql, [...params]);
    return rows.map((r) => r.record);
  }

  glossaries(): Promise<GlossaryRecord[]> {
    return this.#records('SELECT record FROM mt_glossaries ORDER BY seq');
  }

  async glossary(sourceLocale: string, targetLocale: string): Promise<GlossaryRecord | null> {
    const [found] = await this.#records<GlossaryRecord>(
      'SELECT record FROM mt_glossaries WHERE source_locale = $1 AND target_locale = $2',
      [sourceLocale, targetLocale],
    );
    return found ?? null;
  }

  async putGlossary(record: GlossaryRecord): Promise<void> {
    if (Object.keys(record.entries).length === 0) {
      await this.#pool.query('DELETE FROM mt_glossaries WHERE source_locale = $1 AND target_locale = $2', [
        record.sourceLocale,
        record.targetLocale,
      ]);
      return;
    }
    await this.#pool.query(
      `INSERT INTO mt_glossaries (source_locale, target_locale, record) VALUES ($1, $2, $3)
       ON CONFLICT (source_locale, target_locale) DO UPDATE SET record = excluded.record`,
      [record.sourceLocale, record.targetLocale, JSON.stringify(record)],
    );
  }

  async remoteGlossary(provider: string, sourceLocale: string, targetLocale: string): Promise<RemoteGlossaryRecord | null> {
    const [found] = await this.#records<RemoteGlossaryRecord>(
      'SELECT record FROM mt_remote_glossaries WHERE provider = $1 AND source_locale = $2 AND target_locale = $3',
      [provider, sourceLocale, targetLocale],
    );
    return found ?? null;
  }

  async putRemoteGlossary(record: RemoteGlossaryRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO mt_remote_glossaries (provider, source_locale, target_locale, record) VALUES ($1, $2, $3, $4)
       ON CONFLICT (provider, source_locale, target_locale) DO UPDATE SET record = excluded.record`,
      [record.provider, record.sourceLocale, record.targetLocale, JSON.stringify(record)],
    );
  }

  confidentialTerms(slug: string | null): Promise<ConfidentialTermRecord[]> {
    return this.#records('SELECT record FROM mt_confidential_terms WHERE slug IS NOT DISTINCT FROM $1 ORDER BY seq', [slug]);
  }

  async putConfidentialTerm(slug: string | null, term: ConfidentialTermRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO mt_confidential_terms (slug, term, record) VALUES ($1, $2, $3)
       ON CONFLICT ((coalesce(slug, '')), term) DO UPDATE SET record = excluded.record`,
      [slug, term.term, JSON.stringify(term)],
    );
  }

  async removeConfidentialTerm(slug: string | null, term: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('DELETE FROM mt_confidential_terms WHERE slug IS NOT DISTINCT FROM $1 AND term = $2', [
      slug,
      term,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async pause(provider: string): Promise<MtPause | null> {
    const [found] = await this.#records<MtPause>('SELECT record FROM mt_pauses WHERE provider = $1', [provider]);
    return found ?? null;
  }

  async setPause(provider: string, pause: MtPause | null): Promise<void> {
    if (pause) {
      await this.#pool.query(
        'INSERT INTO mt_pauses (provider, record) VALUES ($1, $2) ON CONFLICT (provider) DO UPDATE SET record = excluded.record',
        [provider, JSON.stringify(pause)],
      );
    } else {
      await this.#pool.query('DELETE FROM mt_pauses WHERE provider = $1', [provider]);
    }
  }

  async rerunBudget(): Promise<MtRerunBudget | null> {
    const [found] = await this.#records<MtRerunBudget>('SELECT record FROM mt_rerun_budget');
    return found ?? null;
  }

  async setRerunBudget(budget: MtRerunBudget): Promise<void> {
    await this.#pool.query(
      'INSERT INTO mt_rerun_budget (record) VALUES ($1) ON CONFLICT (only_row) DO UPDATE SET record = excluded.record',
      [JSON.stringify(budget)],
    );
  }

  /**
   * One conditional upsert: the row lock of (day, user) makes two concurrent charges wait for each other, so they
   * cannot both pass the last characters. Other days' spending is deleted in the same transaction.
   */
  chargeRerun(charge: MtRerunCharge): Promise<{ readonly charged: boolean; readonly spent: number }> {
    return inTransaction(this.#pool, async (client) => {
      await client.query('DELETE FROM mt_rerun_spending WHERE day <> $1', [charge.day]);
      // A new row is only written when the charge fits on its own; a refused charge writes nothing.
      const { rows } = await client.query<{ spent: string }>(
        `INSERT INTO mt_rerun_spending AS s (day, user_name, spent)
         SELECT $1, $2, greatest(0, $3::bigint) WHERE $3::bigint <= 0 OR $3::float8 <= $4::float8
         ON CONFLICT (day, user_name) DO UPDATE SET spent = greatest(0, s.spent + $3::bigint)
          WHERE $3::bigint <= 0 OR (s.spent + $3::bigint)::float8 <= $4::float8
         RETURNING spent`,
        [charge.day, charge.user, charge.characters, charge.limit],
      );
      if (rows[0]) return { charged: true, spent: Number(rows[0].spent) };
      const before = await client.query<{ spent: string }>('SELECT spent FROM mt_rerun_spending WHERE day = $1 AND user_name = $2', [
        charge.day,
        charge.user,
      ]);
      return { charged: false, spent: Number(before.rows[0]?.spent ?? 0) };
    });
  }

  async rerunSpending(day: string): Promise<Readonly<Record<string, number>>> {
    const { rows } = await this.#pool.query<{ user_name: string; spent: string }>(
      'SELECT user_name, spent FROM mt_rerun_spending WHERE day = $1 ORDER BY user_name',
      [day],
    );
    return Object.fromEntries(rows.map((r) => [r.user_name, Number(r.spent)]));
  }
}
