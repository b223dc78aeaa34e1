import { afterAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../../support/articles.ts';
import { startRealServer, USER_PASSWORD } from '../../support/tandem-server.ts';
import { Client } from '../helpers.ts';

/** The account page for API tokens on the real server: a token made there is shown once and works; revoked, it stops. */

const server = await startRealServer({
  articles: { 'market.md': MARKET_ARTICLE },
  users: [
    { name: 'tina', role: 'translator', locales: ['en'] },
    { name: 'rita', role: 'reviewer', locales: ['en'] },
  ],
  deepl: false,
});
afterAll(() => server.close());

const call = (token: string, path = '/api/v1/articles') =>
  fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${token}` } });

describe('the API tokens page', () => {
  it('when a person makes a token, then the page shows it once, it works on the API and shows its last use; revoked, it stops', async () => {
    const tina = new Client(server.url);
    expect((await tina.login('tina', USER_PASSWORD)).status).toBe(303);
    const empty = await tina.page('/account/tokens');
    expect(empty.res.status).toBe(200);
    // A translator may narrow a token to her own locales only.
    expect(empty.text).toContain('name="locales" value="en"');
    expect(empty.text).not.toContain('name="locales" value="ja"');

    const made = await tina.post('/account/tokens', { name: 'CMS', locales: 'en', days: '30' });
    expect(made.status).toBe(303);
    const shown = await tina.page(made.headers.get('location')!);
    const secret = /value="(tdm_[A-Za-z0-9_-]{43})"/.exec(shown.text)?.[1];
    expect(secret).toBeDefined();
    // Shown once: the same address again shows no secret.
    expect((await tina.page(made.headers.get('location')!)).text).not.toContain(secret!);

    expect((await call(secret!)).status).toBe(200);
    const listed = (await tina.page('/account/tokens')).text;
    expect(listed).toContain('CMS');
    expect(listed).toMatch(/<time datetime="\d{4}-/);
    const id = /action="\/account\/tokens\/(t-[\w-]+)\/revoke"/.exec(listed)![1]!;

    const revoked = await tina.post(`/account/tokens/${id}/revoke`);
    expect(revoked.status).toBe(303);
    expect((await call(secret!)).status).toBe(401);
  });

  it('when someone else’s token id is revoked, then it is refused with 404 and the token keeps working', async () => {
    const owner = new Client(server.url);
    expect((await owner.login('tina', USER_PASSWORD)).status).toBe(303);
    await owner.page('/account/tokens');
    const made = await owner.post('/account/tokens', { name: 'mine' });
    const secret = /value="(tdm_[^"]+)"/.exec((await owner.page(made.headers.get('location')!)).text)![1]!;
    const id = [...(await owner.page('/account/tokens')).text.matchAll(/action="\/account\/tokens\/(t-[\w-]+)\/revoke"/g)].at(-1)![1]!;
    const stranger = new Client(server.url);
    expect((await stranger.login('rita', USER_PASSWORD)).status).toBe(303);
    await stranger.page('/account/tokens');
    expect((await stranger.post(`/account/tokens/${id}/revoke`)).status).toBe(404);
    expect((await stranger.page('/account/tokens')).text).not.toContain('mine');
    expect((await call(secret)).status).toBe(200);
  });
});
