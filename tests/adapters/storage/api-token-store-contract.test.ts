import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/core/errors.ts';
import type { ApiTokenRecord, IdempotencyRecord } from '../../../src/core/ports/api-token-store.ts';
import { backendsWith, useBackend } from './backends.ts';

function token(id: string, overrides: Partial<ApiTokenRecord> = {}): ApiTokenRecord {
  return {
    id,
    hash: `hash-${id}`,
    userId: 'u-mina',
    name: `token ${id}`,
    readOnly: false,
    locales: ['en'],
    createdAt: '2026-12-01T10:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function answer(key: string, expiresAt = '2026-12-02T10:00:00.000Z'): IdempotencyRecord {
  return {
    key,
    fingerprint: 'f',
    status: 201,
    headers: { location: '/x' },
    body: { slug: 'x' },
    createdAt: '2026-12-01T10:00:00.000Z',
    expiresAt,
  };
}

describe.each(backendsWith('apiTokens'))('API token store contract ($name)', (row) => {
  const backend = useBackend(row);

  it('when tokens are created, then they are found by hash and id and listed newest first per user; unknown ones are null', async () => {
    const store = backend.storage.apiTokens;
    await store.createToken(token('t-a'));
    await store.createToken(token('t-b', { createdAt: '2026-12-01T11:00:00.000Z' }));
    await store.createToken(token('t-c', { userId: 'u-other' }));
    expect(await store.getTokenByHash('hash-t-a')).toMatchObject({ id: 't-a' });
    expect(await store.getToken('t-b')).toMatchObject({ hash: 'hash-t-b' });
    expect((await store.listTokens('u-mina')).map((t) => t.id)).toEqual(['t-b', 't-a']);
    expect(await store.listTokens()).toHaveLength(3);
    expect(await store.getTokenByHash('nothing')).toBeNull();
    expect(await store.getToken('t-none')).toBeNull();
  });

  it('when an id or a hash is taken, then creating throws ConflictError', async () => {
    const store = backend.storage.apiTokens;
    await store.createToken(token('t-a'));
    await expect(store.createToken(token('t-a', { hash: 'other' }))).rejects.toBeInstanceOf(ConflictError);
    await expect(store.createToken(token('t-z', { hash: 'hash-t-a' }))).rejects.toBeInstanceOf(ConflictError);
  });

  it('when a token is updated or expired ones are swept, then the store says so', async () => {
    const store = backend.storage.apiTokens;
    await store.createToken(token('t-a'));
    await store.createToken(token('t-old', { expiresAt: '2026-11-01T00:00:00.000Z' }));
    expect(await store.updateToken('t-a', (t) => ({ ...t, revokedAt: '2026-12-01T12:00:00.000Z' }))).toMatchObject({
      revokedAt: '2026-12-01T12:00:00.000Z',
    });
    expect(await store.updateToken('t-none', (t) => t)).toBeNull();
    expect(await store.deleteExpiredTokens(new Date('2026-12-01T00:00:00Z'))).toBe(1);
    expect((await store.listTokens()).map((t) => t.id)).toEqual(['t-a']);
  });

  it('when an answer is stored, then it is found by key, replaced by key, and swept once expired', async () => {
    const store = backend.storage.apiTokens;
    await store.putIdempotency(answer('t-a:k1'));
    await store.putIdempotency(answer('t-a:k2', '2026-12-01T11:00:00.000Z'));
    expect(await store.getIdempotency('t-a:k1')).toMatchObject({ status: 201, headers: { location: '/x' }, body: { slug: 'x' } });
    await store.putIdempotency({ ...answer('t-a:k1'), status: 200 });
    expect((await store.getIdempotency('t-a:k1'))?.status).toBe(200);
    expect(await store.deleteExpiredIdempotency(new Date('2026-12-01T12:00:00Z'))).toBe(1);
    expect(await store.getIdempotency('t-a:k2')).toBeNull();
  });

  if (row.persistent) {
    it('when the backend is reopened, then tokens and answers are still there', async () => {
      await backend.storage.apiTokens.createToken(token('t-a'));
      await backend.storage.apiTokens.putIdempotency(answer('t-a:k1'));
      const reopened = await backend.reopen();
      expect(await reopened.apiTokens.getTokenByHash('hash-t-a')).toMatchObject({ id: 't-a' });
      expect(await reopened.apiTokens.getIdempotency('t-a:k1')).toMatchObject({ status: 201 });
    });
  }
});
