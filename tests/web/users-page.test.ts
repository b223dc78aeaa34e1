import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers.ts';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const USERS = [
  { name: 'boss', role: 'admin' },
  { name: 'ed', role: 'editor' },
] as const;

describe('users admin page', () => {
  it('when an admin adds a user, then the redirected page shows the generated password once and it works for login', async () => {
    app = await startTestApp({ users: USERS, config: { targetLocales: ['en', 'ja'] } });
    const admin = await app.loginAs('boss');
    const { text: page } = await admin.page('/users');
    expect(page).toContain('action="/users/ed/role"');
    const res = await admin.post('/users', { name: 'mina', role: 'translator', locales: 'ja' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    const shown = await admin.page(location);
    expect(shown.res.headers.get('cache-control')).toBe('no-store');
    const password = /<code class="secret">([^<]+)<\/code>/.exec(shown.text)?.[1];
    expect(location).not.toContain(password);
    // Reloading shows the page without the password, and creates nothing.
    expect((await admin.page(location)).text).not.toContain(password);
    // 18 random bytes in base64url.
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(await app.deps.users.get('mina')).toMatchObject({ role: 'translator', locales: ['ja'] });
    const mina = app.client();
    expect((await mina.login('mina', password!)).status).toBe(303);
  });

  it('when an admin changes a role and locales, then the user has them', async () => {
    app = await startTestApp({ users: USERS, config: { targetLocales: ['en', 'ja'] } });
    const admin = await app.loginAs('boss');
    const body = new URLSearchParams([
      ['_csrf', admin.csrf],
      ['role', 'reviewer'],
      ['locales', 'en'],
      ['locales', 'ja'],
    ]);
    const res = await admin.request('POST', '/users/ed/role', { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(303);
    expect(await app.deps.users.get('ed')).toMatchObject({ role: 'reviewer', locales: ['en', 'ja'] });
  });

  it('when a valid role comes with a locale that is not a target, then it is refused with 400 and the role stays', async () => {
    app = await startTestApp({ users: USERS, config: { targetLocales: ['en', 'ja'] } });
    const admin = await app.loginAs('boss');
    const before = await app.deps.users.get('ed');
    const res = await admin.post('/users/ed/role', { role: 'admin', locales: 'fr' });
    expect(res.status).toBe(400);
    expect(await app.deps.users.get('ed')).toEqual(before);
  });

  it.each([
    ['en', 'boss is the only admin, so the role stays admin'],
    ['ko', 'boss 님이 유일한 관리자라서 역할을 바꿀 수 없습니다'],
  ])('when the only admin is demoted (UI %s), then the page says why with 409 and boss stays admin', async (lng, sentence) => {
    app = await startTestApp({ users: USERS });
    const admin = await app.loginAs('boss');
    expect((await admin.post('/language', { lng })).status).toBe(303);
    const res = await admin.post('/users/boss/role', { role: 'editor' });
    expect(res.status).toBe(409);
    const text = await res.text();
    expect(text).toContain('role="alert"');
    expect(text).toContain(sentence);
    expect(await app.deps.users.get('boss')).toMatchObject({ role: 'admin' });
  });

  it('when an editor opens the users page, then it is refused with 403', async () => {
    app = await startTestApp({ users: USERS });
    const editor = await app.loginAs('ed');
    expect((await editor.request('GET', '/users')).status).toBe(403);
    expect((await editor.page('/')).text).not.toContain('href="/users"');
  });

  it('when a hostile name is submitted, then it is refused with 400 and echoed only as escaped text', async () => {
    app = await startTestApp({ users: USERS });
    const admin = await app.loginAs('boss');
    const res = await admin.post('/users', { name: '<script>alert(1)</script>', role: 'translator' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain('<script>alert(1)');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('when a hostile name is typed into the login form, then the page echoes it escaped in the value attribute', async () => {
    app = await startTestApp({ users: USERS });
    const client = app.client();
    await client.page('/login');
    const res = await client.post('/login', { name: '"><img src=x onerror=alert(1)>', password: 'whatever!' });
    const text = await res.text();
    expect(text).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(text).not.toContain('<img');
  });
});
