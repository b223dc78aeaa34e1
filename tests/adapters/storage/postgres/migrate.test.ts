import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { fileName, loadMigrations, migrate } from '../../../../src/adapters/storage/postgres/migrate.ts';
import { openPool } from '../../../../src/adapters/storage/postgres/pool.ts';
import { openPostgresCoreStores, PostgresArticleStore, PostgresUserStore } from '../../../../src/adapters/storage/postgres/index.ts';
import { summarizeArticle } from '../../../../src/core/article-summary.ts';
import { parseSlug } from '../../../../src/core/slug.ts';
import { makeRecord } from '../../../fixtures/storage/records.ts';
import { freshDatabase } from '../../../support/postgres.ts';
import { session, user } from '../user-records.ts';

const pools: pg.Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
});

function poolOn(url: string): pg.Pool {
  const pool = openPool({ url });
  pools.push(pool);
  return pool;
}

async function appliedVersions(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((r) => r.version);
}

async function tables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  return rows.map((r) => r.tablename);
}

describe('PostgreSQL migrations', () => {
  it('when the files are read, then they are numbered without gaps in their order and the core ones stay below 0100', async () => {
    const migrations = await loadMigrations();
    expect(migrations.map(fileName).slice(0, 3)).toEqual(['0001_articles.sql', '0002_users.sql', '0003_publications.sql']);
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('when the database is empty, then every migration is applied once, in order, and a second run applies nothing', async () => {
    const pool = poolOn(await freshDatabase());
    const all = (await loadMigrations()).map((m) => m.version);

    const first = await migrate(pool);
    expect(first.applied.map((m) => m.version)).toEqual(all);
    expect(first.version).toBe(all.at(-1));
    expect(await appliedVersions(pool)).toEqual(all);
    expect(await tables(pool)).toEqual(
      expect.arrayContaining(['articles', 'users', 'sessions', 'publication_versions', 'publication_locales']),
    );

    const second = await migrate(pool);
    expect(second.applied).toEqual([]);
    expect(second.version).toBe(all.at(-1));
  });

  it('when the database has the previous schema with data in it, then opening applies the last migration and keeps the data', async () => {
    const url = await freshDatabase();
    const pool = poolOn(url);
    const all = await loadMigrations();
    const last = all.at(-1)!;
    await migrate(pool, { upTo: all.at(-2)!.version });
    expect(await appliedVersions(pool)).toEqual(all.slice(0, -1).map((m) => m.version));

    // Data written by the stores of the older schema (the article row as 0001 defines it: today's store writes more).
    const record = makeRecord('rice-prices');
    await pool.query('INSERT INTO articles (slug, version, record, summary, updated_at) VALUES ($1, 1, $2::json, $3::jsonb, $4)', [
      'rice-prices',
      JSON.stringify(record),
      JSON.stringify(summarizeArticle(record)),
      record.article.updatedAt,
    ]);
    const users = new PostgresUserStore(pool);
    await users.createUser(user('mina'));
    await users.createSession(session('s1', 'u-mina', '2030-01-01T00:00:00.000Z'));

    const stores = await openPostgresCoreStores({ dataDir: '/nonexistent', databaseUrl: url });
    try {
      expect(await appliedVersions(pool)).toEqual(all.map((m) => m.version));
      expect(await stores.articles.get(parseSlug('rice-prices'))).toEqual(record);
      expect((await stores.articles.list()).map((row) => row.slug)).toEqual(['rice-prices']);
      expect(await stores.users.getUserByName('mina')).toEqual(user('mina'));
      expect(await stores.users.getSession('s1')).toEqual(session('s1', 'u-mina', '2030-01-01T00:00:00.000Z'));
    } finally {
      await stores.close();
    }
    expect(last.version).toBeGreaterThan(all.at(-2)!.version);
  });

  it('when articles were stored before approval marks existed, then migrating marks them all for one reconciliation', async () => {
    const url = await freshDatabase();
    const pool = poolOn(url);
    await migrate(pool, { upTo: 499 });
    for (const slug of ['rice-prices', 'border']) {
      const record = makeRecord(slug);
      await pool.query('INSERT INTO articles (slug, version, record, summary, updated_at) VALUES ($1, 1, $2::json, $3::jsonb, $4)', [
        slug,
        JSON.stringify(record),
        JSON.stringify(summarizeArticle(record)),
        record.article.updatedAt,
      ]);
    }
    await migrate(pool);
    const articles = await PostgresArticleStore.open({ pool, url });
    try {
      expect((await articles.pendingApprovals()).map((p) => p.slug)).toEqual(['border', 'rice-prices']);
      await articles.update(parseSlug('later'), () => makeRecord('later'));
      expect((await articles.pendingApprovals()).map((p) => p.slug)).toEqual(['border', 'rice-prices']);
    } finally {
      await articles.close();
    }
  });

  it('when two processes migrate the same empty database at once, then each migration is applied exactly once', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([migrate(poolOn(url)), migrate(poolOn(url))]);
    const all = (await loadMigrations()).map((m) => m.version);
    expect([...a.applied, ...b.applied].map((m) => m.version).sort((x, y) => x - y)).toEqual(all);
    // The advisory lock makes one wait for the other, which then finds nothing left to do.
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, all.length]);
    expect(await appliedVersions(poolOn(url))).toEqual(all);
  });

  it('when a migration fails, then it leaves nothing behind, the error names its file, and the earlier ones stay applied', async () => {
    const pool = poolOn(await freshDatabase());
    const migrations = [
      { version: 1, name: 'first', sql: 'CREATE TABLE first_table (id int);' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_column FROM first_table;' },
    ];
    await expect(migrate(pool, { migrations })).rejects.toMatchObject({
      code: 'migration-failed',
      message: expect.stringContaining('0002_broken.sql'),
    });
    expect(await appliedVersions(pool)).toEqual([1]);
    expect(await tables(pool)).toEqual(['first_table', 'schema_migrations']);
  });

  it('when the database was migrated by a newer Tandem, then migrating refuses and says so', async () => {
    const pool = poolOn(await freshDatabase());
    await migrate(pool);
    await pool.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from_the_future')");
    await expect(migrate(pool)).rejects.toMatchObject({ code: 'schema-too-new', message: expect.stringContaining('9999') });
  });
});
