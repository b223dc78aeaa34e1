import type pg from 'pg';
import { ConflictError } from '../../../core/errors.ts';
import type { Locale } from '../../../core/locale.ts';
import type { PublicationStore } from '../../../core/ports/publication-store.ts';
import { type LocalePublication, type PublishedVersion, publicationOf, type Unpublication } from '../../../core/publication.ts';
import type { Slug } from '../../../core/slug.ts';
import { newestFirst } from '../publication-records.ts';
import { inTransaction, isUniqueViolation } from './pool.ts';

interface LocaleRow {
  readonly latest: PublishedVersion;
  readonly live: boolean;
  readonly unpublished: (Unpublication & { readonly ofVersion: number }) | null;
}

// The latest version of each (slug, locale) without its document and segments, which listings never show.
const LOCALE_ROWS = `SELECT v.data - 'document' - 'segments' AS latest, l.live, l.unpublished
  FROM publication_locales l
  JOIN publication_versions v ON v.slug = l.slug AND v.locale = l.locale AND v.version = l.latest_version`;

/**
 * Published versions in PostgreSQL (`publication_versions`, `publication_locales`, migration 0003). Versions are rows
 * that are never updated; the per-locale row says which is the latest and whether readers see it, and is locked
 * (`FOR UPDATE`) by every change, so publishes of one article and locale from several instances run one at a time.
 */
export class PostgresPublicationStore implements PublicationStore {
  readonly #pool: pg.Pool;

  /** `pool` is the backend's; the store does not end it. */
  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async append(version: PublishedVersion): Promise<void> {
    const stored = JSON.parse(JSON.stringify(version)) as PublishedVersion;
    try {
      await inTransaction(this.#pool, async (client) => {
        const latest = await lockLocale(client, version.slug, version.locale);
        if (version.version !== latest + 1) throw behind(version, latest);
        await client.query('INSERT INTO publication_versions (slug, locale, version, data) VALUES ($1, $2, $3, $4::jsonb)', [
          version.slug,
          version.locale,
          version.version,
          JSON.stringify(stored),
        ]);
        // A locale is live again once a version newer than the one unpublished is recorded, which this one always is.
        await client.query(
          `INSERT INTO publication_locales (slug, locale, latest_version, published_at, live) VALUES ($1, $2, $3, $4, true)
           ON CONFLICT (slug, locale) DO UPDATE SET latest_version = $3, published_at = $4, live = true`,
          [version.slug, version.locale, version.version, version.publishedAt],
        );
      });
    } catch (error) {
      // Two first versions of a locale raced (there was no row to lock yet): the loser is behind, as above.
      if (isUniqueViolation(error)) throw behind(version, version.version, error);
      throw error;
    }
  }

  async retract(slug: Slug, locale: Locale, version: number): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      const latest = await lockLocale(client, slug, locale);
      if (latest !== version || latest === 0) {
        throw new ConflictError(
          `publications: only the latest version of ${slug} in ${locale} can be retracted, not v${version}`,
          latest === 0 ? undefined : latest,
        );
      }
      const { rows } = await client.query<{ published_at: string }>(
        `SELECT data->>'publishedAt' AS published_at FROM publication_versions WHERE slug = $1 AND locale = $2 AND version = $3`,
        [slug, locale, version - 1],
      );
      if (rows[0]) {
        await client.query(
          `UPDATE publication_locales SET latest_version = $3, published_at = $4,
             live = unpublished IS NULL OR (unpublished->>'ofVersion')::int < $3
           WHERE slug = $1 AND locale = $2`,
          [slug, locale, version - 1, rows[0].published_at],
        );
      } else {
        await client.query('DELETE FROM publication_locales WHERE slug = $1 AND locale = $2', [slug, locale]);
      }
      await client.query('DELETE FROM publication_versions WHERE slug = $1 AND locale = $2 AND version = $3', [slug, locale, version]);
    });
  }

  async unpublish(slug: Slug, locale: Locale, by: Unpublication): Promise<boolean> {
    const result = await this.#pool.query(
      `UPDATE publication_locales SET live = false, unpublished = jsonb_build_object('by', $3::text, 'at', $4::text, 'ofVersion', latest_version)
       WHERE slug = $1 AND locale = $2 AND live`,
      [slug, locale, by.by, by.at],
    );
    return result.rowCount === 1;
  }

  async versions(slug: Slug, locale: Locale): Promise<PublishedVersion[]> {
    const { rows } = await this.#pool.query<{ data: PublishedVersion }>(
      'SELECT data FROM publication_versions WHERE slug = $1 AND locale = $2 ORDER BY version',
      [slug, locale],
    );
    return rows.map((row) => row.data);
  }

  async version(slug: Slug, locale: Locale, version: number): Promise<PublishedVersion | null> {
    const { rows } = await this.#pool.query<{ data: PublishedVersion }>(
      'SELECT data FROM publication_versions WHERE slug = $1 AND locale = $2 AND version = $3',
      [slug, locale, version],
    );
    return rows[0]?.data ?? null;
  }

  async forArticle(slug: Slug): Promise<LocalePublication[]> {
    const { rows } = await this.#pool.query<LocaleRow>(`${LOCALE_ROWS} WHERE l.slug = $1`, [slug]);
    return rows.map(toPublication).sort((a, b) => a.locale.localeCompare(b.locale));
  }

  async listLive(locale: Locale): Promise<LocalePublication[]> {
    const { rows } = await this.#pool.query<LocaleRow>(`${LOCALE_ROWS} WHERE l.locale = $1 AND l.live`, [locale]);
    return rows.map(toPublication).sort(newestFirst);
  }

  /** Nothing to release: the pool belongs to the backend. */
  async close(): Promise<void> {}
}

/** Lock the (slug, locale) row for this transaction and return its latest version (0 when never published). */
async function lockLocale(client: pg.PoolClient, slug: string, locale: string): Promise<number> {
  const { rows } = await client.query<{ latest_version: number }>(
    'SELECT latest_version FROM publication_locales WHERE slug = $1 AND locale = $2 FOR UPDATE',
    [slug, locale],
  );
  return rows[0]?.latest_version ?? 0;
}

function behind(version: PublishedVersion, latest: number, cause?: unknown): ConflictError {
  return new ConflictError(
    `publications: ${version.slug} in ${version.locale} is at v${latest}, so v${version.version} cannot be recorded; publish again`,
    latest,
    'conflict',
    cause === undefined ? undefined : { cause },
  );
}

/** A locale row as LocalePublication: live, or not live with who unpublished it (as publication-records.ts). */
function toPublication(row: LocaleRow): LocalePublication {
  const publication = publicationOf(row.latest);
  return !row.live && row.unpublished
    ? { ...publication, live: false, unpublished: { by: row.unpublished.by, at: row.unpublished.at } }
    : publication;
}
