import { describe, expect, it } from 'vitest';
import { InMemoryUserStore } from '../../src/adapters/storage/in-memory/user-store.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { AuthService, DEFAULT_SCRYPT, hashPassword, sessionIdOf, verifyPassword, type ScryptConfig } from '../../src/services/auth.ts';
import { LAST_ADMIN, UserService } from '../../src/services/users.ts';

const FAST: ScryptConfig = { N: 2 ** 10, r: 8, p: 1 };

function setup(now: () => Date = () => new Date()) {
  const store = new InMemoryUserStore();
  return {
    store,
    users: new UserService(store, { scrypt: FAST, targetLocales: ['en', 'ja', 'zh-Hans'], now }),
    auth: new AuthService(store, { scrypt: FAST, sessionTtlMs: 60_000, now }),
  };
}

describe('password hashing', () => {
  it('when hashed with the defaults, then scrypt is memory-hard (≥ 32 MiB) and the hash names its parameters', async () => {
    expect(128 * DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r).toBeGreaterThanOrEqual(32 * 1024 * 1024);
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('when the same password is hashed twice, then the salts differ', async () => {
    expect(await hashPassword('same password', FAST)).not.toBe(await hashPassword('same password', FAST));
  });

  it.each(['', 'plain', 'scrypt$x$8$1$aa$bb', 'bcrypt$1$2$3$4$5'])('when the stored hash is %j, then nothing verifies', async (hash) => {
    expect(await verifyPassword('anything', hash)).toBe(false);
  });
});

describe('UserService', () => {
  it('when a user is added, then the name is normalized, the hash never leaves the service and a password is generated', async () => {
    const { users, store } = setup();
    const { user, generatedPassword } = await users.add({ name: ' Mina ', role: 'reviewer', locales: ['EN', 'zh-hans'] });
    expect(user).toMatchObject({ name: 'mina', role: 'reviewer', locales: ['en', 'zh-Hans'] });
    expect(user).not.toHaveProperty('passwordHash');
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await verifyPassword(generatedPassword!, (await store.getUserByName('mina'))!.passwordHash)).toBe(true);
  });

  it.each([
    [{ name: 'x', role: 'translator' }, ValidationError],
    [{ name: '../etc', role: 'translator' }, ValidationError],
    [{ name: 'mina', role: 'overlord' }, ValidationError],
    [{ name: 'mina', role: 'translator', password: 'short' }, ValidationError],
    [{ name: 'mina', role: 'translator', locales: ['fr'] }, ValidationError],
  ])('when the input is %j, then it is refused', async (input, error) => {
    const { users } = setup();
    await expect(users.add(input)).rejects.toBeInstanceOf(error);
  });

  it('when a name exists already, then adding it again is a conflict', async () => {
    const { users } = setup();
    await users.add({ name: 'mina', role: 'translator' });
    await expect(users.add({ name: 'MINA', role: 'editor' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('when role and locales are changed, then the user shows them; an unknown user is NotFound', async () => {
    const { users } = setup();
    await users.add({ name: 'mina', role: 'translator' });
    expect(await users.setRole('mina', 'editor')).toMatchObject({ role: 'editor' });
    expect(await users.setLocales('mina', ['ja'])).toMatchObject({ locales: ['ja'] });
    await expect(users.setRole('nobody', 'editor')).rejects.toBeInstanceOf(NotFoundError);
  });

  it.each([
    ['a valid role and an unknown locale', { role: 'admin', locales: ['en', 'fr'] }, ValidationError],
    ['an unknown role and valid locales', { role: 'overlord', locales: ['ja'] }, ValidationError],
    ['a valid role and a malformed locale', { role: 'editor', locales: ['not a tag!'] }, Error],
  ])('when access is changed with %s, then it is refused and neither role nor locales change', async (_case, change, error) => {
    const { users, store } = setup();
    await users.add({ name: 'mina', role: 'translator', locales: ['en'] });
    const before = await store.getUserByName('mina');
    await expect(users.setAccess('mina', change)).rejects.toBeInstanceOf(error);
    expect(await store.getUserByName('mina')).toEqual(before);
  });

  it('when role and locales are set together, then one write stores both', async () => {
    const { users } = setup();
    await users.add({ name: 'mina', role: 'translator', locales: ['en'] });
    expect(await users.setAccess('mina', { role: 'reviewer', locales: ['ja', 'EN'] })).toMatchObject({
      role: 'reviewer',
      locales: ['ja', 'en'],
    });
    expect(await users.setAccess('mina', { locales: [] })).toMatchObject({ role: 'reviewer', locales: [] });
  });

  it.each([
    ['setRole', (u: UserService) => u.setRole('boss', 'editor')],
    ['setAccess', (u: UserService) => u.setAccess('boss', { role: 'translator', locales: ['en'] })],
  ])('when %s would demote the only admin, then it is refused with last-admin and nothing changes', async (_name, demote) => {
    const { users, store } = setup();
    await users.add({ name: 'boss', role: 'admin' });
    await users.add({ name: 'ed', role: 'editor' });
    const before = await store.getUserByName('boss');
    const refusal = demote(users);
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toMatchObject({ code: LAST_ADMIN });
    await expect(refusal).rejects.toThrow('users: boss is the only admin; make another account admin first');
    expect(await store.getUserByName('boss')).toEqual(before);
    // The only admin may still change locales, and stays admin.
    expect(await users.setAccess('boss', { role: 'admin', locales: ['ja'] })).toMatchObject({ role: 'admin', locales: ['ja'] });
  });

  it('when two admins demote each other at the same time, then exactly one demotion happens and one admin remains', async () => {
    const { users } = setup();
    await users.add({ name: 'boss', role: 'admin' });
    await users.add({ name: 'chief', role: 'admin' });
    const results = await Promise.allSettled([users.setRole('boss', 'editor'), users.setRole('chief', 'editor')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await users.list()).filter((u) => u.role === 'admin')).toHaveLength(1);
  });

  it('when there are no users, then ensureAdmin creates admin once, with the given or a generated password', async () => {
    const { users, auth } = setup();
    const first = await users.ensureAdmin('chosen password');
    expect(first).toMatchObject({ created: true, generated: false, password: 'chosen password', user: { name: 'admin', role: 'admin' } });
    expect(await users.ensureAdmin()).toEqual({ created: false });
    expect(await auth.login('admin', 'chosen password')).toMatchObject({ user: { name: 'admin', role: 'admin' } });

    const other = setup();
    const generated = await other.users.ensureAdmin();
    expect(generated).toMatchObject({ created: true, generated: true });
    expect(await other.auth.login('admin', (generated as { password: string }).password)).toMatchObject({
      user: { name: 'admin', role: 'admin' },
    });
  });
});

describe('AuthService', () => {
  it('when login succeeds, then the store keeps only a hash of the session token', async () => {
    const { users, auth, store } = setup();
    await users.add({ name: 'mina', role: 'translator', password: 'long enough' });
    const result = (await auth.login('Mina', 'long enough'))!;
    expect(result.user.name).toBe('mina');
    expect(await store.getSession(result.token)).toBeNull();
    expect(await store.getSession(sessionIdOf(result.token))).toMatchObject({ userId: result.user.id });
    expect((await auth.resolve(result.token))?.user.name).toBe('mina');
  });

  it('when the password or the name is wrong, then login gives null', async () => {
    const { users, auth } = setup();
    await users.add({ name: 'mina', role: 'translator', password: 'long enough' });
    expect(await auth.login('mina', 'wrong one')).toBeNull();
    expect(await auth.login('nobody', 'long enough')).toBeNull();
  });

  it('when a session outlives its expiry, then it no longer resolves and is removed', async () => {
    let now = new Date('2026-03-01T09:00:00.000Z');
    const { users, auth, store } = setup(() => now);
    await users.add({ name: 'mina', role: 'translator', password: 'long enough' });
    const { token } = (await auth.login('mina', 'long enough'))!;
    now = new Date(now.getTime() + 59_000);
    expect((await auth.resolve(token))?.user.name).toBe('mina');
    now = new Date(now.getTime() + 2_000);
    expect(await auth.resolve(token)).toBeNull();
    expect(await store.getSession(sessionIdOf(token))).toBeNull();
  });

  it('when the password is reset, then older sessions stop resolving and the new password works', async () => {
    const { users, auth } = setup();
    await users.add({ name: 'mina', role: 'translator', password: 'long enough' });
    const { token } = (await auth.login('mina', 'long enough'))!;
    await users.resetPassword('mina', 'another long one');
    expect(await auth.resolve(token)).toBeNull();
    expect(await auth.login('mina', 'long enough')).toBeNull();
    expect((await auth.login('mina', 'another long one'))?.user.name).toBe('mina');
  });

  it('when the role changes, then an open session sees the new role at once', async () => {
    const { users, auth } = setup();
    await users.add({ name: 'mina', role: 'translator', password: 'long enough' });
    const { token } = (await auth.login('mina', 'long enough'))!;
    await users.setRole('mina', 'reviewer');
    expect((await auth.resolve(token))?.user.role).toBe('reviewer');
  });
});
