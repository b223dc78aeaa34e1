import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbUserStore } from '../../src/adapters/storage/lowdb/user-store.ts';
import { InMemoryUserStore } from '../../src/adapters/storage/in-memory/user-store.ts';
import { ConflictError } from '../../src/core/errors.ts';
import type { SessionRecord, UserRecord, UserStore } from '../../src/core/ports/user-store.ts';

// One contract, every user store (the lowdb one in a temp directory, checked on disk too).
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const STORES: [string, () => Promise<UserStore>][] = [
  ['memory', async () => new InMemoryUserStore()],
  [
    'lowdb',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'tandem-userstore-'));
      dirs.push(dir);
      return LowdbUserStore.open(dir);
    },
  ],
];

function user(name: string, extra: Partial<UserRecord> = {}): UserRecord {
  return {
    id: `u-${name}`,
    name,
    role: 'translator',
    locales: ['en'],
    passwordHash: 'scrypt$1$1$1$x$y',
    credentialsVersion: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

function session(id: string, userId: string, expiresAt: string): SessionRecord {
  return { id, userId, credentialsVersion: 1, csrfToken: `csrf-${id}`, createdAt: '2026-01-01T00:00:00.000Z', expiresAt };
}

describe.each(STORES)('%s user store', (_name, open) => {
  it('when users are created, then they are found by id and name and listed by name; unknown ones are null', async () => {
    const store = await open();
    await store.createUser(user('mina'));
    await store.createUser(user('an'));
    expect(await store.getUser('u-mina')).toMatchObject({ name: 'mina' });
    expect(await store.getUserByName('an')).toMatchObject({ id: 'u-an' });
    expect((await store.listUsers()).map((u) => u.name)).toEqual(['an', 'mina']);
    expect(await store.getUser('u-nobody')).toBeNull();
    expect(await store.getUserByName('nobody')).toBeNull();
  });

  it('when a name is taken, then creating another user with it throws ConflictError', async () => {
    const store = await open();
    await store.createUser(user('mina'));
    await expect(store.createUser(user('mina', { id: 'u-other' }))).rejects.toBeInstanceOf(ConflictError);
    expect(await store.listUsers()).toHaveLength(1);
  });

  it('when a user is updated, then the change is stored and returned; a missing user gives null', async () => {
    const store = await open();
    await store.createUser(user('mina'));
    expect(await store.updateUser('u-mina', (u) => ({ ...u, role: 'editor' }))).toMatchObject({ role: 'editor' });
    expect(await store.getUser('u-mina')).toMatchObject({ role: 'editor' });
    expect(await store.updateUser('u-nobody', (u) => u)).toBeNull();
  });

  it('when records are returned, then changing them does not change the store', async () => {
    const store = await open();
    await store.createUser(user('mina'));
    const copy = (await store.getUser('u-mina'))!;
    (copy.locales as string[]).push('ja');
    expect((await store.getUser('u-mina'))!.locales).toEqual(['en']);
  });

  it('when sessions are created and deleted, then lookups follow, per session, per user and by expiry', async () => {
    const store = await open();
    await store.createSession(session('s1', 'u-a', '2026-01-01T10:00:00.000Z'));
    await store.createSession(session('s2', 'u-a', '2026-01-03T10:00:00.000Z'));
    await store.createSession(session('s3', 'u-b', '2026-01-03T10:00:00.000Z'));
    expect(await store.getSession('s1')).toMatchObject({ userId: 'u-a', csrfToken: 'csrf-s1' });
    expect(await store.deleteExpiredSessions(new Date('2026-01-02T00:00:00.000Z'))).toBe(1);
    expect(await store.getSession('s1')).toBeNull();
    expect(await store.deleteSessionsOfUser('u-a')).toBe(1);
    expect(await store.getSession('s2')).toBeNull();
    await store.deleteSession('s3');
    await store.deleteSession('missing');
    expect(await store.getSession('s3')).toBeNull();
  });
});

describe('lowdb user store on disk', () => {
  it('when users and sessions are written, then they are in separate files and survive reopening', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-userstore-'));
    dirs.push(dir);
    const first = await LowdbUserStore.open(dir);
    await first.createUser(user('mina'));
    await first.createSession(session('s1', 'u-mina', '2030-01-01T00:00:00.000Z'));
    await first.close();
    expect(JSON.parse(await readFile(join(dir, 'users.json'), 'utf8'))).toMatchObject({ users: [{ name: 'mina' }] });
    expect(JSON.parse(await readFile(join(dir, 'sessions.json'), 'utf8'))).toMatchObject({ sessions: [{ id: 's1' }] });
    const second = await LowdbUserStore.open(dir);
    expect(await second.getUserByName('mina')).toMatchObject({ id: 'u-mina' });
    expect(await second.getSession('s1')).toMatchObject({ userId: 'u-mina' });
  });
});
