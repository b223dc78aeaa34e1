import type { SessionRecord, UserRecord } from '../../../src/core/ports/user-store.ts';

/** A translator account named `name` (id `u-<name>`), with `extra` fields overriding. */
export function user(name: string, extra: Partial<UserRecord> = {}): UserRecord {
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

/** A session of `userId` that expires at `expiresAt` (ISO 8601 UTC). */
export function session(id: string, userId: string, expiresAt: string): SessionRecord {
  return { id, userId, credentialsVersion: 1, csrfToken: `csrf-${id}`, createdAt: '2026-01-01T00:00:00.000Z', expiresAt };
}
