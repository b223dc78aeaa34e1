import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/core/errors.ts';
import { backendsWith, useBackend } from './backends.ts';
import { session, user } from './user-records.ts';

describe.each(backendsWith('users'))('user store contract ($name)', (row) => {
  const backend = useBackend(row);

  it('when users are created, then they are found by id and name and listed by name; unknown ones are null', async () => {
    const store = backend.storage.users;
    await store.createUser(user('mina'));
    await store.createUser(user('an'));
    expect(await store.getUser('u-mina')).toMatchObject({ name: 'mina' });
    expect(await store.getUserByName('an')).toMatchObject({ id: 'u-an' });
    expect((await store.listUsers()).map((u) => u.name)).toEqual(['an', 'mina']);
    expect(await store.getUser('u-nobody')).toBeNull();
    expect(await store.getUserByName('nobody')).toBeNull();
  });

  it('when a name is taken, then creating another user with it throws ConflictError', async () => {
    const store = backend.storage.users;
    await store.createUser(user('mina'));
    await expect(store.createUser(user('mina', { id: 'u-other' }))).rejects.toBeInstanceOf(ConflictError);
    expect(await store.listUsers()).toHaveLength(1);
  });

  it('when a user is updated, then the change is stored and returned; a missing user gives null', async () => {
    const store = backend.storage.users;
    await store.createUser(user('mina'));
    expect(await store.updateUser('u-mina', (u) => ({ ...u, role: 'editor' }))).toMatchObject({ role: 'editor' });
    expect(await store.getUser('u-mina')).toMatchObject({ role: 'editor' });
    expect(await store.updateUser('u-nobody', (u) => u)).toBeNull();
  });

  it('when records are returned, then changing them does not change the store', async () => {
    const store = backend.storage.users;
    await store.createUser(user('mina'));
    const copy = (await store.getUser('u-mina'))!;
    (copy.locales as string[]).push('ja');
    expect((await store.getUser('u-mina'))!.locales).toEqual(['en']);
  });

  it('when sessions are created and deleted, then lookups follow, per session, per user and by expiry', async () => {
    const store = backend.storage.users;
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
  if (row.persistent) {
    it('when the backend is reopened, then users and sessions survive', async () => {
      await backend.storage.users.createUser(user('mina'));
      await backend.storage.users.createSession(session('s1', 'u-mina', '2030-01-01T00:00:00.000Z'));
      const reopened = (await backend.reopen()).users;
      expect(await reopened.getUserByName('mina')).toMatchObject({ id: 'u-mina' });
      expect(await reopened.getSession('s1')).toMatchObject({ userId: 'u-mina' });
    });
  }
});
