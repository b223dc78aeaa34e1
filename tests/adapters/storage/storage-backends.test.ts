import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleStorage } from '../../../src/adapters/storage/assemble-storage.ts';
import { InMemoryArticleStore, InMemoryUserStore } from '../../../src/adapters/storage/in-memory/index.ts';
import { openStorage } from '../../../src/adapters/storage/index.ts';
import { LowdbArticleStore } from '../../../src/adapters/storage/lowdb/index.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import { user } from './user-records.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-backend-'));
  dirs.push(dir);
  return dir;
}

describe('storage backend registry', () => {
  it('when no backend is named, then the lowdb backend opens its files in the data directory', async () => {
    const dataDir = await tempDir();
    const storage = await openStorage(undefined, { dataDir });
    expect(storage.articles).toBeInstanceOf(LowdbArticleStore);
    await storage.users.createUser(user('mina'));
    await storage.close();
    expect((await readdir(dataDir)).sort()).toEqual(['articles', 'memory-pending.json', 'mt', 'publications', 'users.json']);
    expect(await readdir(join(dataDir, 'publications'))).toEqual(['index.json']);
  });

  it('when the in-memory backend is named, then nothing is written to the data directory', async () => {
    const dataDir = await tempDir();
    const storage = await openStorage('in-memory', { dataDir });
    expect(storage.articles).toBeInstanceOf(InMemoryArticleStore);
    await storage.close();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('when an unknown backend is named, then opening fails with a ConfigError listing the known ones', async () => {
    const open = openStorage('postgres-someday', { dataDir: await tempDir() });
    await expect(open).rejects.toBeInstanceOf(ConfigError);
    await expect(open).rejects.toThrow(/TANDEM_STORAGE to one of lowdb, in-memory/);
  });

  it('when close is called twice, then the stores are closed once and both calls resolve', async () => {
    const storage = await openStorage('lowdb', { dataDir: await tempDir() });
    await Promise.all([storage.close(), storage.close()]);
    await expect(storage.close()).resolves.toBeUndefined();
  });
});

describe('assembleStorage', () => {
  it('when a store fails to open, then the stores already open are closed and the error is rethrown', async () => {
    const closed: string[] = [];
    const articles = new InMemoryArticleStore();
    const users = new InMemoryUserStore();
    articles.close = async () => void closed.push('articles');
    users.close = async () => void closed.push('users');
    const failure = new Error('mt: cannot open the queue journal');
    await expect(
      assembleStorage({
        articles: async () => articles,
        users: async () => users,
        mt: async () => {
          throw failure;
        },
        translationMemory: () => Promise.reject(new Error('not reached')),
        publications: () => Promise.reject(new Error('not reached')),
        apiTokens: () => Promise.reject(new Error('not reached')),
      }),
    ).rejects.toBe(failure);
    expect(closed.sort()).toEqual(['articles', 'users']);
  });
});
