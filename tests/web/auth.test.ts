import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, type TestApp } from './helpers.ts';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const users = [{ name: 'mina', role: 'reviewer', locales: ['en'] }] as const;

function sessionCookieLine(res: Response): string | undefined {
  return res.headers.getSetCookie().find((line) => line.startsWith('tandem_session='));
}

describe('login and sessions', () => {
  it('when the right password is posted, then a session cookie is set and the home page greets the user', async () => {
    app = await startTestApp({ users });
    const client = app.client();
    await client.page('/login');
    const res = await client.post('/login', { name: 'mina', password: PASSWORD, next: '/' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const { res: home, text } = await client.page('/');
    expect(home.status).toBe(200);
    expect(text).toContain('mina');
  });

  it('when the session cookie is set over plain HTTP, then it is HttpOnly, SameSite=Lax, expiring, and not Secure', async () => {
    app = await startTestApp({ users });
    const client = app.client();
    await client.page('/login');
    const line = sessionCookieLine(await client.post('/login', { name: 'mina', password: PASSWORD }));
    expect(line).toMatch(/^tandem_session=[\w-]{20,};/);
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; SameSite=Lax/i);
    expect(line).toMatch(/; Max-Age=\d+/i);
    expect(line).not.toMatch(/; Secure/i);
  });

  it('when the request came over HTTPS through a trusted proxy, then the session cookie is Secure', async () => {
    app = await startTestApp({ users, config: { trustProxy: 'loopback' } });
    const client = app.client();
    await client.page('/login');
    const res = await client.post('/login', { name: 'mina', password: PASSWORD }, { 'x-forwarded-proto': 'https' });
    expect(sessionCookieLine(res)).toMatch(/; Secure/i);
  });

  it('when the password is wrong or the user unknown, then the form comes back with 401 and no session', async () => {
    app = await startTestApp({ users });
    const client = app.client();
    for (const [name, password] of [
      ['mina', 'wrong password'],
      ['nobody', PASSWORD],
    ] as const) {
      await client.page('/login');
      const res = await client.post('/login', { name, password });
      expect(res.status).toBe(401);
      expect(sessionCookieLine(res)).toBeUndefined();
      expect(await res.text()).toContain('role="alert"');
    }
    const home = await client.request('GET', '/');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/login?next=%2F');
  });

  it('when too many logins fail from one address, then further attempts get 429 even with the right password', async () => {
    app = await startTestApp({ users, config: { loginRateLimit: { limit: 3, windowMs: 60_000 } } });
    const client = app.client();
    await client.page('/login');
    for (let i = 0; i < 3; i++) expect((await client.post('/login', { name: 'mina', password: `wrong-${i}` })).status).toBe(401);
    const blocked = await client.post('/login', { name: 'mina', password: PASSWORD });
    expect(blocked.status).toBe(429);
    // IETF RateLimit headers (draft 8): the policy says 3 per 60 seconds, and none remain.
    expect(blocked.headers.get('ratelimit-policy')).toMatch(/^"3-in-1min"; q=3; w=60;/);
    expect(blocked.headers.get('ratelimit')).toMatch(/^"3-in-1min"; r=0; t=\d+/);
    expect(sessionCookieLine(blocked)).toBeUndefined();
  });

  it('when a user logs out, then the old session cookie no longer works', async () => {
    app = await startTestApp({ users });
    const client = await app.loginAs('mina');
    const token = client.cookies.get('tandem_session')!;
    const out = await client.post('/logout');
    expect(out.status).toBe(303);
    const replay = await fetch(`${app.url}/`, { headers: { cookie: `tandem_session=${token}`, accept: 'text/html' }, redirect: 'manual' });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toMatch(/^\/login/);
  });

  it('when a password is reset, then existing sessions of that user end', async () => {
    app = await startTestApp({ users });
    const client = await app.loginAs('mina');
    expect((await client.request('GET', '/')).status).toBe(200);
    await app.deps.users.resetPassword('mina', 'a brand new password');
    expect((await client.request('GET', '/')).status).toBe(303);
  });

  it('when login names a next page off-site, then the redirect stays on this site', async () => {
    app = await startTestApp({ users });
    const client = app.client();
    await client.page('/login');
    const res = await client.post('/login', { name: 'mina', password: PASSWORD, next: '//evil.example/' });
    expect(res.headers.get('location')).toBe('/');
  });
});

describe('CSRF', () => {
  it('when a logged-in form post lacks the token or carries a wrong one, then it is refused with 403', async () => {
    app = await startTestApp({ users });
    const client = await app.loginAs('mina');
    expect((await client.post('/language', { lng: 'en', _csrf: '' })).status).toBe(403);
    expect((await client.post('/language', { lng: 'en', _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await client.post('/language', { lng: 'en' })).status).toBe(303);
  });

  it('when a fetch sends the token in the x-csrf-token header, then it is accepted', async () => {
    app = await startTestApp({ users });
    const client = await app.loginAs('mina');
    const res = await client.request('POST', '/language', {
      body: JSON.stringify({ lng: 'en' }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrf, accept: 'application/json' },
    });
    expect(res.status).toBe(303);
  });

  it('when the login form is posted without its token, then it is refused before any password check', async () => {
    app = await startTestApp({ users });
    const client = app.client();
    await client.page('/login');
    const res = await client.post('/login', { name: 'mina', password: PASSWORD, _csrf: '' });
    expect(res.status).toBe(403);
    expect(sessionCookieLine(res)).toBeUndefined();
  });

  it('when a token from one session is used with another session, then it is refused', async () => {
    app = await startTestApp({ users: [...users, { name: 'joon', role: 'editor' }] });
    const mina = await app.loginAs('mina');
    const joon = await app.loginAs('joon');
    expect((await joon.post('/language', { lng: 'en', _csrf: mina.csrf })).status).toBe(403);
  });
});
