import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/core/ports/storage-backend.ts';
import { ROLES, rolesWithout, type Role } from '../../../src/core/roles.ts';
import { ApiTokenService } from '../../../src/services/api-tokens.ts';
import { AuthService } from '../../../src/services/auth.ts';
import { IdempotencyService } from '../../../src/services/idempotency.ts';
import { UserService } from '../../../src/services/users.ts';
import { createApp, type AppDeps } from '../../../src/web/app.ts';
import { listRoutes, MUTATING_METHODS, sampleUrl, type RouteEntry } from '../../../src/web/route-table.ts';
import { startServer, type RunningServer } from '../../../src/web/server.ts';
import { openTestStorage } from '../../support/storage.ts';
import { TEST_SCRYPT } from '../helpers.ts';

/**
 * The route-table walk for bearer tokens: every mutating /api route refuses a missing, malformed, expired, revoked,
 * read-only, role-lacking or locale-narrowed token before it reads anything, and a token needs no CSRF token.
 * No article services here: a request the guard lets through answers 503 (service not configured), never 401/403.
 */

let storage: Storage;
let server: RunningServer;
let routes: RouteEntry[];
let clock = new Date('2026-12-01T10:00:00Z');
const secrets = new Map<string, string>();

beforeAll(async () => {
  storage = await openTestStorage();
  const users = new UserService(storage.users, { scrypt: TEST_SCRYPT });
  const tokens = new ApiTokenService(storage.apiTokens, storage.users, { now: () => clock });
  const make = async (key: string, role: Role, options: { readOnly?: boolean; locales?: string[]; days?: number } = {}) => {
    const owner = (await users.list()).find((u) => u.role === role)!;
    const { secret } = await tokens.create({
      owner,
      name: key,
      ...(options.readOnly ? { readOnly: true } : {}),
      ...(options.locales ? { locales: options.locales } : {}),
      ...(options.days ? { expiresInDays: options.days } : {}),
    });
    secrets.set(key, secret);
    return secret;
  };
  for (const role of ROLES) await users.add({ name: `${role}-all`, role, locales: ['en', 'ja', 'zh-Hans'], password: 'pw-for-tests-1' });
  for (const role of ROLES) await make(role, role);
  await make('admin-read-only', 'admin', { readOnly: true });
  await make('reviewer-ja', 'reviewer', { locales: ['ja'] });
  await make('admin-ja', 'admin', { locales: ['ja'] });
  await make('admin-expired', 'admin', { days: 1 });
  const revoked = await make('admin-revoked', 'admin');
  const owner = await users.get('admin-all');
  const id = (await tokens.list(owner.id)).find((t) => t.name === 'admin-revoked')!.id;
  await tokens.revoke(id, owner);
  expect(revoked).toMatch(/^tdm_/);
  // Two days on: the one-day token has expired, the others (90 days) have not.
  clock = new Date('2026-12-03T10:00:00Z');
  const deps: AppDeps = {
    logger: pino({ level: 'silent' }),
    users,
    auth: new AuthService(storage.users, { scrypt: TEST_SCRYPT }),
    apiTokens: tokens,
    idempotency: new IdempotencyService(storage.apiTokens),
  };
  server = await startServer(createApp(deps), { port: 0, logger: deps.logger, handleSignals: false });
  routes = listRoutes(createApp(deps)).filter((r) => r.path.startsWith('/api/v1/'));
});
afterAll(async () => {
  await server?.close();
  await storage?.close();
});

const mutating = () => routes.filter((r) => (MUTATING_METHODS as readonly string[]).includes(r.method));

/** A JSON request to `route` with `authorization` (none when undefined), `:locale` as `locale`. */
async function call(route: RouteEntry, authorization: string | undefined, locale = 'en') {
  const url = sampleUrl(route.path.replace(':locale', locale));
  const res = await fetch(new URL(url, server.url), {
    method: route.method.toUpperCase(),
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: route.method === 'get' ? undefined : '{}',
  });
  const body = res.headers.get('content-type')?.startsWith('application/problem+json')
    ? ((await res.json()) as { reason?: string; type?: string })
    : null;
  if (!body) await res.body?.cancel();
  return { status: res.status, reason: body?.reason, type: body?.type, problem: body !== null };
}

const bearer = (key: string) => `Bearer ${secrets.get(key)!}`;

describe('every mutating /api route and bearer tokens', () => {
  it('when the walk runs, then it finds the API’s mutating routes, each with a permission', () => {
    expect(mutating().length).toBeGreaterThan(5);
    expect(mutating().filter((r) => r.permission === null)).toEqual([]);
  });

  it.each([
    ['no token', 'unauthenticated', undefined],
    ['a malformed header', 'token-unknown', 'Bearer'],
    ['an unknown token', 'token-unknown', `Bearer tdm_${'A'.repeat(43)}`],
    ['a Basic credential', 'token-unknown', 'Basic YWRtaW46YWRtaW4='],
    ['an expired token', 'token-expired', 'admin-expired'],
    ['a revoked token', 'token-revoked', 'admin-revoked'],
  ])('when a route is called with %s, then it is refused with a 401 problem of type %s', async (_what, type, auth) => {
    const header = auth && secrets.has(auth) ? bearer(auth) : auth;
    for (const route of mutating()) {
      const res = await call(route, header);
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect(res.type).toBe(`/api/docs#problem-${type}`);
    }
  });

  it.each([
    ['en', 'admin-expired', 'This token expired on 2026-12-02. Make a new one on your account page.', 'invalid_token'],
    ['ko', 'admin-expired', '이 토큰은 2026-12-02에 만료되었습니다. 계정 페이지에서 새 토큰을 만드세요.', 'invalid_token'],
    ['en', 'admin-revoked', 'This token was revoked. Make a new one on your account page.', 'invalid_token'],
    ['ko', 'admin-revoked', '이 토큰은 폐기되었습니다. 계정 페이지에서 새 토큰을 만드세요.', 'invalid_token'],
    ['en', 'admin-read-only', 'This token may only read. Make a token that may also write.', 'insufficient_scope'],
  ])('when the caller reads %s and sends %s, then the problem says what to do, never "log in"', async (lng, key, detail, error) => {
    const res = await fetch(new URL('/api/v1/users', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': lng, authorization: bearer(key) },
      body: '{}',
    });
    expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="tandem", error="${error}"`);
    expect(((await res.json()) as { detail: string }).detail).toBe(detail);
  });

  it('when a read-only token (even an admin’s) writes, then every mutating route refuses it with 403', async () => {
    for (const route of mutating()) {
      const res = await call(route, bearer('admin-read-only'));
      expect([res.status, res.type, res.reason], `${route.method} ${route.path}`).toEqual([
        403,
        '/api/docs#problem-token-scope',
        'token.read-only',
      ]);
    }
  });

  it('when a token’s owner lacks the permission, then the route refuses it with 403', async () => {
    for (const route of mutating()) {
      for (const role of rolesWithout(route.permission!)) {
        const res = await call(route, bearer(role));
        expect([res.status, res.reason], `${role} → ${route.method} ${route.path}`).toEqual([403, 'role.forbidden']);
      }
    }
  });

  it('when a token narrowed to ja acts on en, then every locale-checked route refuses it, even for an admin', async () => {
    const checked = mutating().filter((r) => r.localeChecked);
    expect(checked.length).toBeGreaterThan(3);
    for (const route of checked) {
      for (const key of ['admin-ja', 'reviewer-ja']) {
        if (rolesWithout(route.permission!).includes(key.startsWith('admin') ? 'admin' : 'reviewer')) continue;
        const res = await call(route, bearer(key), 'en');
        expect([res.status, res.type, res.reason], `${key} → ${route.method} ${route.path}`).toEqual([
          403,
          '/api/docs#problem-token-scope',
          'token.locale',
        ]);
      }
    }
  });

  it('when a live token with the permission calls a route without any CSRF token, then the guard lets it through', async () => {
    for (const route of mutating()) {
      const res = await call(route, bearer('admin'), 'ja');
      // Past the guard: the article services are absent here, so the handler answers 503 (or 400 for the sample input,
      // 428 without If-Match, 404 for the sample user name, 409 for a feed poll with no feed configured); never 401 or 403.
      expect([400, 404, 409, 428, 503], `${route.method} ${route.path} answered ${res.status}`).toContain(res.status);
    }
  });

  it('when a token is used, then its last use is recorded', async () => {
    const tokens = await storage.apiTokens.listTokens();
    expect(tokens.find((t) => t.name === 'admin')?.lastUsedAt).toBe('2026-12-03T10:00:00.000Z');
    expect(tokens.find((t) => t.name === 'translator')?.lastUsedAt).toBe('2026-12-03T10:00:00.000Z');
    expect(tokens.find((t) => t.name === 'admin-revoked')?.lastUsedAt).toBeUndefined();
  });
});
