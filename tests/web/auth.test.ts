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

  describe('failed-login backoff', () => {
    // Small limits on a clock the test moves: 3 free failures per address, 5 per account, waits from 1 s doubling.
    let now = 1_000_000;
    const loginThrottle = {
      address: { free: 3, baseMs: 1000, maxMs: 60_000 },
      account: { free: 5, baseMs: 1000, maxMs: 30_000 },
      now: () => now,
    };
    const from = (ip: string) => ({ 'x-forwarded-for': ip, 'accept-language': 'en' });

    it('when logins fail from one address, then it waits (429, Retry-After, a sentence) even with the right password, and another address does not', async () => {
      app = await startTestApp({ users, config: { trustProxy: 'loopback', loginThrottle } });
      const client = app.client();
      await client.page('/login');
      for (let i = 0; i < 3; i++) {
        expect((await client.post('/login', { name: `guess${i}`, password: 'wrong password' }, from('203.0.113.7'))).status).toBe(401);
      }
      // The fourth failure is let through and starts the first wait.
      expect((await client.post('/login', { name: 'mina', password: 'wrong password' }, from('203.0.113.7'))).status).toBe(401);
      const blocked = await client.post('/login', { name: 'mina', password: PASSWORD }, from('203.0.113.7'));
      expect(blocked.status).toBe(429);
      expect(blocked.headers.get('retry-after')).toBe('1');
      expect(await blocked.text()).toContain('Too many failed logins. Wait 1 second, then try again.');
      expect(sessionCookieLine(blocked)).toBeUndefined();

      const elsewhere = await client.post('/login', { name: 'mina', password: PASSWORD }, from('198.51.100.9'));
      expect(elsewhere.status).toBe(303);
      now += 1000;
      const later = app.client();
      await later.page('/login');
      expect((await later.post('/login', { name: 'mina', password: PASSWORD }, from('203.0.113.7'))).status).toBe(303);
    });

    it('when an account is guessed at from many addresses, then its owner from a fresh address waits no longer than the account cap', async () => {
      app = await startTestApp({ users, config: { trustProxy: 'loopback', loginThrottle } });
      const client = app.client();
      await client.page('/login');
      let longest = 0;
      for (let i = 0; i < 30; i++) {
        const res = await client.post('/login', { name: 'mina', password: `guess ${i}` }, from(`198.51.100.${i}`));
        if (res.status === 429) {
          longest = Math.max(longest, Number(res.headers.get('retry-after')));
          now += Number(res.headers.get('retry-after')) * 1000;
        } else expect(res.status).toBe(401);
      }
      expect(longest).toBe(30);
      const owner = await client.post('/login', { name: 'mina', password: PASSWORD }, from('192.0.2.1'));
      const wait = owner.status === 429 ? Number(owner.headers.get('retry-after')) : 0;
      expect(wait).toBeLessThanOrEqual(30);
      now += wait * 1000;
      expect((await client.post('/login', { name: 'mina', password: PASSWORD }, from('192.0.2.1'))).status).toBe(303);
    });

    it('when no proxy is trusted, then X-Forwarded-For is ignored and every attempt counts against the real peer', async () => {
      app = await startTestApp({ users, config: { loginThrottle } });
      const client = app.client();
      await client.page('/login');
      for (let i = 0; i < 4; i++) {
        expect((await client.post('/login', { name: `guess${i}`, password: 'wrong password' }, from(`203.0.113.${i}`))).status).toBe(401);
      }
      expect((await client.post('/login', { name: 'mina', password: PASSWORD }, from('198.51.100.200'))).status).toBe(429);
    });

    it('when the Korean UI is used, then the wait is explained in Korean', async () => {
      app = await startTestApp({ users, config: { loginThrottle: { ...loginThrottle, address: { free: 0, baseMs: 5000, maxMs: 5000 } } } });
      const client = app.client();
      await client.page('/login');
      expect((await client.post('/login', { name: 'mina', password: 'wrong password' }, { 'accept-language': 'ko' })).status).toBe(401);
      const blocked = await client.post('/login', { name: 'mina', password: PASSWORD }, { 'accept-language': 'ko' });
      expect(blocked.status).toBe(429);
      expect(await blocked.text()).toContain('로그인 실패가 너무 많습니다. 5초 뒤에 다시 시도하세요.');
    });
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
