import { afterAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../../support/articles.ts';
import { ADMIN_PASSWORD, startRealServer } from '../../support/tandem-server.ts';
import { Client } from '../helpers.ts';

/**
 * A language named in a request body (an API's JSON, a web form) is one of this installation's, checked where queries
 * and paths are (validate.ts → locale-input.ts): every `localeField`, at any depth, refused with the same 400 naming
 * the field and the languages to use, before anything is queued, assigned or issued.
 */

let token = '';
const server = await startRealServer({
  articles: { 'market.md': MARKET_ARTICLE },
  users: [{ name: 'tina', role: 'translator', locales: ['en'] }],
  deepl: false,
  setup: async (tandem) => {
    token = (await tandem.apiTokens.create({ owner: await tandem.users.get('admin'), name: 'bodies' })).secret;
  },
});
afterAll(() => server.close());

type Problem = { issues?: string[]; errors?: string[] };

async function api(method: string, path: string, body: unknown, language = 'en'): Promise<{ status: number; problem: Problem }> {
  const res = await fetch(new URL(path, server.url), {
    method,
    headers: { authorization: `Bearer ${token}`, 'accept-language': language, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, problem: (await res.json()) as Problem };
}

const TARGETS = 'English (en), Japanese (ja), Chinese (Simplified) (zh-Hans)';

describe('a JSON body naming a language this newsroom does not translate into', () => {
  it.each([
    ['POST', '/api/v1/mt/jobs', { locales: ['en', 'xx'] }, 'body.locales.1', 'Languages'],
    ['POST', '/api/v1/mt/retry', { locale: 'xx' }, 'body.locale', 'Language'],
    ['POST', '/api/v1/users', { name: 'newbie', role: 'translator', locales: ['xx'] }, 'body.locales.0', 'Languages'],
    ['PUT', '/api/v1/users/tina/access', { locales: ['en', 'xx'] }, 'body.locales.1', 'Languages'],
    ['POST', '/api/v1/tokens', { user: 'tina', name: 'cms', locales: ['xx'] }, 'body.locales.0', 'Languages'],
  ])('when %s %s names xx, then 400 names the field and the languages to use', async (method, path, body, at, label) => {
    const { status, problem } = await api(method, path, body);
    expect(status).toBe(400);
    expect(problem.errors).toEqual([expect.stringMatching(new RegExp(`^${at.replaceAll('.', '\\.')}: `))]);
    expect(problem.issues).toEqual([`${label} (${at}): xx is not a language this newsroom translates into; use one of ${TARGETS}.`]);
  });

  it('when the source language is assigned to a translator, then it is refused alike, in the caller’s language', async () => {
    const { status, problem } = await api('PUT', '/api/v1/users/tina/access', { locales: ['ko'] }, 'ko');
    expect(status).toBe(400);
    expect(problem.issues).toEqual([
      '언어 (body.locales.0): ko은(는) 이 편집국이 번역하는 언어가 아닙니다. 영어 (en), 일본어 (ja), 중국어(간체) (zh-Hans) 중 하나를 쓰세요.',
    ]);
  });

  it('when every language named is a target, in any case, then the write goes through', async () => {
    const { status } = await api('PUT', '/api/v1/users/tina/access', { locales: ['EN', 'zh-hans'] });
    expect(status).toBe(200);
    expect((await api('PUT', '/api/v1/users/tina/access', { locales: ['en'] })).status).toBe(200);
  });
});

describe('a web form naming a language this newsroom does not translate into', () => {
  it.each([
    ['/users', { name: 'newbie', role: 'translator', locales: 'xx' }, 'Languages'],
    ['/users/tina/role', { role: 'translator', locales: 'xx' }, 'Languages'],
    ['/account/tokens', { name: 'cms', locales: 'xx', days: '30' }, 'Languages'],
    ['/mt/retry', { locale: 'xx' }, 'Language'],
    ['/articles/mt', { locale: 'xx' }, 'Language'],
    ['/glossary/entries/delete', { from: 'en', to: 'ja', source: '쌀' }, 'Source language'],
    ['/glossary/entries/delete', { from: 'ko', to: 'xx', source: '쌀' }, 'Target language'],
  ])('when %s is posted with %o, then the page refuses it with 400 and the languages to use', async (path, fields, label) => {
    const client = new Client(server.url);
    await client.login('admin', ADMIN_PASSWORD);
    const res = await client.post(path, fields, { 'accept-language': 'en' });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).toContain(`${label}: `);
    expect(text).toMatch(/is not (a language this newsroom translates into|the language this newsroom writes in)/);
  });
});
