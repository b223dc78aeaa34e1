import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { freshDatabase, postgresAdminUrl } from '../support/postgres.ts';
import { startRealServer } from '../support/tandem-server.ts';
import { clientsFor } from './helpers.ts';

// A PostgreSQL database that goes away while the server runs (issue 16): requests answer 503 with the database's
// sentence and Retry-After, on pages and on the API, and the server serves again once the database is back. The run's
// shared cluster stays up: this test's own database is taken away (its connections ended, then renamed) and given back.

const url = await freshDatabase();
const database = new URL(url).pathname.slice(1);
let secret = '';
const server = await startRealServer({
  articles: { 'market.md': MARKET_ARTICLE },
  users: [{ name: 'ed', role: 'editor' }],
  deepl: false,
  env: { TANDEM_DATABASE_URL: url },
  setup: async (tandem) => {
    secret = (await tandem.apiTokens.create({ owner: await tandem.users.get('ed'), name: 'database-down' })).secret;
  },
});
afterAll(() => server.close());

/** Run `sql` statements as the cluster's superuser, connected to its `postgres` database. */
async function asAdmin(...sql: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    for (const statement of sql) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** End every connection to the database and rename it: the server's next connections find no such database. */
const takeDatabaseAway = () =>
  asAdmin(
    `ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`,
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`,
    `ALTER DATABASE "${database}" RENAME TO "${database}_away"`,
  );
const giveDatabaseBack = () =>
  asAdmin(`ALTER DATABASE "${database}_away" RENAME TO "${database}"`, `ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);

const api = (path: string) => fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${secret}` } });

describe('when the database goes away under a running server', () => {
  it('then pages and the API answer 503 with what is wrong and Retry-After, and serve again once it is back', async () => {
    const ed = await clientsFor(server.url).loginAs('ed');
    expect((await ed.page('/articles')).res.status).toBe(200);
    expect((await api('/api/v1/articles/market-prices')).status).toBe(200);

    await takeDatabaseAway();
    try {
      const page = await ed.page('/articles');
      expect(page.res.status).toBe(503);
      expect(page.res.headers.get('retry-after')).toBe('5');
      // The sentence of errors:reasons.database.missing (in the page's language), naming the database.
      expect(page.text).toMatch(new RegExp(`<p class="message error">[^<]*“${database}”`));

      const problem = await api('/api/v1/articles/market-prices');
      expect(problem.status).toBe(503);
      expect(problem.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(problem.headers.get('retry-after')).toBe('5');
      expect(await problem.json()).toMatchObject({
        type: '/api/docs#problem-database-unavailable',
        status: 503,
        code: 'database-missing',
        reason: 'database.missing',
        detail: expect.stringContaining(`“${database}”`),
      });
    } finally {
      await giveDatabaseBack();
    }

    // The pool opens new connections on the next requests: no restart needed.
    expect((await ed.page('/articles')).res.status).toBe(200);
    expect((await api('/api/v1/articles/market-prices')).status).toBe(200);
  }, 60_000);

  it('then a connection the server ends under the pool (admin shutdown) costs at most a 503, never a 500', async () => {
    const ed = await clientsFor(server.url).loginAs('ed');
    expect((await ed.page('/articles')).res.status).toBe(200);
    // The pool's idle connections are ended by the server (57P01); requests after it either find them gone and
    // connect anew (200) or meet one still being torn down (503 database.lost).
    await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await ed.page('/articles')).res.status);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.at(-1)).toBe(200);
  }, 60_000);
});
