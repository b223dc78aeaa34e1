import { afterEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../../../src/adapters/storage/index.ts';
import { PostgresArticleStore } from '../../../../src/adapters/storage/postgres/index.ts';
import { ConfigError } from '../../../../src/core/errors.ts';
import type { Storage } from '../../../../src/core/ports/storage-backend.ts';
import { parseSlug } from '../../../../src/core/slug.ts';
import { makeRecord } from '../../../fixtures/storage/records.ts';
import { freshDatabase } from '../../../support/postgres.ts';
import { user } from '../user-records.ts';

const opened: Storage[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()));
});

async function open(databaseUrl: string): Promise<Storage> {
  const storage = await openStorage('postgres', { dataDir: '/nonexistent', databaseUrl });
  opened.push(storage);
  return storage;
}

describe('the postgres storage backend', () => {
  it('when it is opened without a database URL, then it refuses with a ConfigError that names TANDEM_DATABASE_URL', async () => {
    await expect(openStorage('postgres', { dataDir: '/nonexistent' })).rejects.toThrow(ConfigError);
    await expect(openStorage('postgres', { dataDir: '/nonexistent' })).rejects.toThrow(/TANDEM_DATABASE_URL/);
  });

  it('when the database cannot be reached, then opening rejects', async () => {
    await expect(openStorage('postgres', { dataDir: '/nonexistent', databaseUrl: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow();
  });

  it('when two instances open one database, then what one stores the other reads, and closing twice is harmless', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([open(url), open(url)]);
    expect(a.articles).toBeInstanceOf(PostgresArticleStore);
    await a.articles.update(parseSlug('rice-prices'), () => makeRecord('rice-prices'));
    await a.users.createUser(user('mina'));
    expect(await b.articles.get(parseSlug('rice-prices'))).toEqual(makeRecord('rice-prices'));
    expect(await b.users.getUserByName('mina')).toEqual(user('mina'));
    await a.close();
    await a.close();
    expect((await b.articles.list()).map((row) => row.slug)).toEqual(['rice-prices']);
  });
});
