import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ARTICLE_CHANNEL, type ArticleChange, ArticleChangeListener } from '../../../../src/adapters/storage/postgres/article-changes.ts';
import { freshDatabase } from '../../../support/postgres.ts';

async function sql(url: string, text: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe('ArticleChangeListener', () => {
  it('when the database cannot be reached, then starting rejects', async () => {
    await expect(
      ArticleChangeListener.start('postgres://nobody@127.0.0.1:1/none', { onChange: () => undefined, onReconnect: () => undefined }),
    ).rejects.toThrow();
  });

  it('when its connection is dropped, then it listens again, says so, and receives later announcements', async () => {
    const url = await freshDatabase();
    const changes: ArticleChange[] = [];
    let waiting: { slug: string; resolve: () => void } | null = null;
    let reconnected!: () => void;
    const back = new Promise<void>((resolve) => (reconnected = resolve));
    const listener = await ArticleChangeListener.start(url, {
      onChange: (change) => {
        changes.push(change);
        if (waiting?.slug === change.slug) waiting.resolve();
      },
      onReconnect: () => reconnected(),
    });
    const announced = (slug: string) => new Promise<void>((resolve) => (waiting = { slug, resolve }));
    try {
      const first = announced('before');
      await sql(url, `NOTIFY ${ARTICLE_CHANNEL}, '3 before'`);
      await first;

      // What a database restart or a network cut does to the listening connection.
      const killed = await sql(
        url,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tandem-listen'`,
      );
      expect(killed).toBe(1);
      await back;

      const second = announced('after');
      await sql(url, `NOTIFY ${ARTICLE_CHANNEL}, '7 after'`);
      await second;
      expect(changes).toEqual([
        { version: 3, slug: 'before' },
        { version: 7, slug: 'after' },
      ]);
    } finally {
      await listener.close();
    }
  });
});
