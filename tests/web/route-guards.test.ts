import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, rolesWithout, type Role } from '../../src/core/roles.ts';
import { createApp } from '../../src/web/app.ts';
import { MUTATING_METHODS, listRoutes, sampleUrl, type RouteEntry } from '../../src/web/route-table.ts';
import { startTestApp, type Client, type TestApp } from './helpers.ts';

// One user per role, plus locale-bound users with no locales at all, to prove locale checks refuse them.
const USERS = [
  ...ROLES.map((role) => ({ name: `${role}-all`, role, locales: ['en', 'ja', 'zh-Hans'] })),
  { name: 'translator-none', role: 'translator' as Role, locales: [] },
  { name: 'reviewer-none', role: 'reviewer' as Role, locales: [] },
];

let app: TestApp;
let routes: RouteEntry[];
const clients = new Map<string, Client>();

beforeAll(async () => {
  app = await startTestApp({ users: USERS });
  // Walk the real route table of an app built exactly as the server builds it.
  routes = listRoutes(createApp(app.deps));
  for (const user of USERS) clients.set(user.name, await app.loginAs(user.name));
});
afterAll(() => app.close());

/** The JSON API answers problem documents, never redirects (tests/web/api/ walks it with tokens). */
const isApi = (r: RouteEntry) => r.path.startsWith('/api/');
const isMutating = (r: RouteEntry) => (MUTATING_METHODS as readonly string[]).includes(r.method);

function send(client: Client, route: RouteEntry, csrf: string): Promise<Response> {
  return client.request(route.method.toUpperCase(), sampleUrl(route.path), {
    body: JSON.stringify({ _csrf: csrf }),
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
  });
}

describe('route table', () => {
  it('when the app is built, then the walk finds the foundation routes through nested routers', () => {
    const listed = routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(listed).toEqual(expect.arrayContaining(['GET /login', 'POST /login', 'POST /logout', 'POST /language', 'GET /']));
  });

  it('when a route mutates, then it declares either a required permission or why it is public', () => {
    const undeclared = routes.filter(isMutating).filter((r) => r.permission === null && r.publicReason === null);
    expect(undeclared.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('when the only public mutating routes are listed, then they are exactly login, logout and language', () => {
    const open = routes
      .filter(isMutating)
      .filter((r) => r.publicReason !== null)
      .map((r) => `${r.method} ${r.path}`);
    expect(open.sort()).toEqual(['post /hooks/cms', 'post /language', 'post /login', 'post /logout']);
  });

  it('when routes skip the CSRF token, then they are exactly the signed machine hooks', () => {
    const exempt = routes.filter((r) => r.csrfExempt).map((r) => `${r.method} ${r.path}`);
    expect(exempt).toEqual(['post /hooks/cms']);
  });

  it('when an anonymous visitor with a valid form token calls any guarded mutating route, then it is refused with 401', async () => {
    const anon = app.client();
    await anon.page('/login');
    const guarded = routes.filter(isMutating).filter((r) => r.permission !== null);
    for (const route of guarded) {
      const res = await send(anon, route, anon.csrf);
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('when a user whose role lacks the permission calls any guarded mutating route, then it is refused with 403', async () => {
    for (const route of routes.filter(isMutating).filter((r) => r.permission !== null)) {
      for (const role of rolesWithout(route.permission!)) {
        const client = clients.get(`${role}-all`)!;
        const res = await send(client, route, client.csrf);
        expect(res.status, `${role} → ${route.method} ${route.path}`).toBe(403);
      }
    }
  });

  it('when a locale-checked route is called by a translator or reviewer without that locale, then it is refused with 403', async () => {
    for (const route of routes.filter(isMutating).filter((r) => r.localeChecked)) {
      for (const name of ['translator-none', 'reviewer-none']) {
        const client = clients.get(name)!;
        const res = await send(client, route, client.csrf);
        expect(res.status, `${name} → ${route.method} ${route.path}`).toBe(403);
      }
    }
  });

  it('when any mutating route is called without a CSRF token, then it is refused with 403 whoever calls it', async () => {
    const admin = clients.get('admin-all')!;
    // The signed hooks use no cookie and refuse an unsigned request instead (tests/web/cms-hook.test.ts).
    for (const route of routes.filter(isMutating).filter((r) => !r.csrfExempt)) {
      const res = await send(admin, route, '');
      expect(res.status, `${route.method} ${route.path}`).toBe(403);
    }
  });

  it('when an anonymous visitor opens any guarded page, then they are sent to the login page', async () => {
    const anon = app.client();
    for (const route of routes.filter((r) => r.method === 'get' && r.permission !== null && !isApi(r))) {
      const res = await anon.request('GET', sampleUrl(route.path));
      expect(res.status, route.path).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
    }
  });

  it('when an anonymous client calls any guarded API route, then it answers 401 as a problem document, never a redirect', async () => {
    const anon = app.client();
    const api = routes.filter((r) => isApi(r) && r.permission !== null);
    expect(api.length).toBeGreaterThan(0);
    for (const route of api) {
      const res = await anon.request(route.method.toUpperCase(), sampleUrl(route.path), { headers: { accept: 'text/html' } });
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect(res.headers.get('content-type'), route.path).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('www-authenticate'), route.path).toMatch(/^Bearer/);
    }
  });
});

describe('route table walk', () => {
  it('when someone adds a mutating route without a guard, then the walk lists it as undeclared', () => {
    const extended = createApp(app.deps);
    extended.post('/oops/:id', (_req, res) => void res.send('done'));
    const found = listRoutes(extended).find((r) => r.path === '/oops/:id');
    expect(found).toMatchObject({ method: 'post', permission: null, publicReason: null, csrfExempt: false });
    expect(sampleUrl('/articles/:slug/{:locale}/*rest')).toBe('/articles/x-slug/en/x/y');
  });
});
