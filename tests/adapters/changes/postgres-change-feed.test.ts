import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PostgresChangeFeed, type PostgresChangeFeedConfig } from '../../../src/adapters/changes/index.ts';
import { migrateDatabase } from '../../../src/adapters/storage/index.ts';
import type { ChangeEvent } from '../../../src/core/ports/change-feed.ts';
import { freshDatabase } from '../../support/postgres.ts';
import { collect } from './feeds.ts';

const opened: PostgresChangeFeed[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((feed) => feed.close()));
});

async function open(config: PostgresChangeFeedConfig): Promise<PostgresChangeFeed> {
  const feed = await PostgresChangeFeed.open(config);
  opened.push(feed);
  return feed;
}

async function database(): Promise<string> {
  const url = await freshDatabase();
  await migrateDatabase(url);
  return url;
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const mark = (name: string): ChangeEvent => ({
  type: 'soft-lock',
  slug: 'market',
  locale: 'en',
  segmentId: 's-1',
  name,
  expiresInMs: 12_000,
});
const isNamed = (name: string) => (e: ChangeEvent) => e.type === 'soft-lock' && e.name === name;

describe('PostgresChangeFeed', () => {
  it('when the database cannot be reached, then opening rejects', async () => {
    await expect(PostgresChangeFeed.open({ url: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow();
  });

  it('when the listening connection is dropped, then it listens again with the retry policy and receives later events', async () => {
    const url = await database();
    const errors: unknown[] = [];
    let reconnected!: () => void;
    const back = new Promise<void>((resolve) => (reconnected = resolve));
    const a = await open({
      url,
      onError: (error) => errors.push(error),
      onReconnect: () => reconnected(),
      reconnect: { attempts: Number.POSITIVE_INFINITY, baseDelayMs: 20, maxDelayMs: 200 },
    });
    const b = await open({ url });
    const seen = collect(a);

    // What a database restart or a network cut does to the listening connections (the NOTIFY pools are left alone).
    const killed = await sql(
      url,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tandem-changes'`,
    );
    expect(killed).toHaveLength(2);
    await back;
    b.publish(mark('after the drop'));
    await seen.until(isNamed('after the drop'));
    expect(seen.events).toEqual([mark('after the drop')]);
    expect(errors.map((e) => (e as Error).message)).toContain('change feed: the listening connection was lost; listening again');
  });

  it('when large events were stored minutes ago, then a later publisher deletes them and keeps the fresh one', async () => {
    const url = await database();
    const [old] = await sql<{ id: string }>(
      url,
      `INSERT INTO change_events (event, created_at) VALUES ('{}', now() - interval '10 minutes') RETURNING id`,
    );
    const a = await open({ url });
    a.publish(mark('x'.repeat(9_000)));
    await a.close();
    expect(await sql(url, 'SELECT id FROM change_events WHERE id = $1', [old!.id])).toEqual([]);
    expect(await sql(url, 'SELECT id FROM change_events')).toHaveLength(1);
  });
});
