import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import type { Storage } from '../../src/core/ports/storage-backend.ts';
import { ApiTokenService, tokenHashOf } from '../../src/services/api-tokens.ts';
import type { User } from '../../src/services/auth.ts';
import { IdempotencyService } from '../../src/services/idempotency.ts';
import { UserService } from '../../src/services/users.ts';
import { openTestStorage } from '../support/storage.ts';
import { TEST_SCRYPT } from '../web/helpers.ts';

let storage: Storage;
let users: UserService;
let tokens: ApiTokenService;
let clock: Date;
let tina: User;
let ed: User;

beforeEach(async () => {
  storage = await openTestStorage();
  clock = new Date('2026-12-01T10:00:00Z');
  users = new UserService(storage.users, { scrypt: TEST_SCRYPT, targetLocales: ['en', 'ja'] });
  tokens = new ApiTokenService(storage.apiTokens, storage.users, { targetLocales: ['en', 'ja'], now: () => clock });
  tina = (await users.add({ name: 'tina', role: 'translator', locales: ['en'], password: 'long enough pw' })).user;
  ed = (await users.add({ name: 'ed', role: 'editor', password: 'long enough pw' })).user;
});
afterEach(() => storage.close());

describe('ApiTokenService', () => {
  it('when a token is made, then only its hash is stored and it authenticates as its owner until it expires', async () => {
    const { secret, token } = await tokens.create({ owner: tina, name: 'cms', expiresInDays: 2 });
    const stored = await storage.apiTokens.getToken(token.id);
    expect(stored?.hash).toBe(tokenHashOf(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(await tokens.authenticate(secret)).toMatchObject({ user: { name: 'tina' }, readOnly: false, locales: null });
    clock = new Date('2026-12-03T10:00:00Z');
    expect(await tokens.authenticate(secret)).toBeNull();
    expect((await tokens.list(tina.id))[0]?.state).toBe('expired');
  });

  it.each([
    ['a blank name', { name: '  ' }, ValidationError],
    ['a lifetime of 0 days', { name: 'x', expiresInDays: 0 }, ValidationError],
    ['a lifetime over a year', { name: 'x', expiresInDays: 400 }, ValidationError],
    ['a locale that is no target', { name: 'x', locales: ['fr'] }, ValidationError],
    ['a locale the translator does not work on', { name: 'x', locales: ['ja'] }, ForbiddenError],
  ])('when a translator asks for %s, then nothing is made', async (_what, input, type) => {
    await expect(tokens.create({ owner: tina, ...input })).rejects.toBeInstanceOf(type);
    expect(await tokens.list()).toEqual([]);
  });

  it('when an editor narrows a token to a locale, then any target locale is allowed', async () => {
    const { secret } = await tokens.create({ owner: ed, name: 'ja only', locales: ['ja'], readOnly: true });
    expect(await tokens.authenticate(secret)).toMatchObject({ locales: ['ja'], readOnly: true });
  });

  it('when the owner is demoted, then the token acts with the new role at once', async () => {
    const { secret } = await tokens.create({ owner: ed, name: 'x' });
    await users.setRole('ed', 'translator');
    expect((await tokens.authenticate(secret))?.user.role).toBe('translator');
  });

  it('when someone else revokes a token, then it is not found for them; the owner and the operator may', async () => {
    const { secret, token } = await tokens.create({ owner: tina, name: 'x' });
    await expect(tokens.revoke(token.id, ed)).rejects.toBeInstanceOf(NotFoundError);
    expect(await tokens.authenticate(secret)).not.toBeNull();
    expect((await tokens.revoke(token.id, tina)).state).toBe('revoked');
    expect(await tokens.authenticate(secret)).toBeNull();
    const other = await tokens.create({ owner: tina, name: 'y' });
    expect((await tokens.revoke(other.token.id, 'operator')).state).toBe('revoked');
  });

  it('when a malformed or unknown secret is sent, then it is refused', async () => {
    expect(await tokens.authenticate('tdm_short')).toBeNull();
    expect(await tokens.authenticate(`tdm_${'x'.repeat(43)}`)).toBeNull();
  });
});

describe('IdempotencyService', () => {
  it('when work is retried with the same key, then it runs once; another request with the key is refused', async () => {
    const idempotency = new IdempotencyService(storage.apiTokens, { now: () => clock });
    let runs = 0;
    const work = async () => ({ status: 201, headers: { Location: '/x' }, body: { n: ++runs } });
    expect(await idempotency.run('t:k', 'f1', work)).toEqual({
      answer: { status: 201, headers: { Location: '/x' }, body: { n: 1 } },
      replayed: false,
    });
    expect(await idempotency.run('t:k', 'f1', work)).toMatchObject({ answer: { body: { n: 1 } }, replayed: true });
    await expect(idempotency.run('t:k', 'f2', work)).rejects.toMatchObject({ code: 'idempotency-reused' });
    expect(runs).toBe(1);
  });

  it('when the first answer was a refusal, then a retry with the key runs again', async () => {
    const idempotency = new IdempotencyService(storage.apiTokens, { now: () => clock });
    let runs = 0;
    const work = async () => ({ status: runs++ === 0 ? 409 : 201, headers: {}, body: {} });
    expect((await idempotency.run('t:k', 'f', work)).answer.status).toBe(409);
    expect((await idempotency.run('t:k', 'f', work)).answer.status).toBe(201);
  });
});
