import { afterAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../../support/articles.ts';
import { startRealServer, USER_PASSWORD } from '../../support/tandem-server.ts';
import { Client } from '../helpers.ts';

/**
 * A language named in a path (`:locale`, `:from`, `:to`) is one of this installation's, checked by the guard of every
 * route (guards.ts, api/auth.ts → validate.ts) before a role's locale assignment: a translator is not told "you are
 * not assigned to xx", an editor not "not found"; both read the 400 a query naming it answers.
 */

const tokens = new Map<string, string>();
const server = await startRealServer({
  articles: { 'market.md': MARKET_ARTICLE },
  users: [
    { name: 'ed', role: 'editor' },
    { name: 'tr', role: 'translator', locales: ['en'] },
  ],
  deepl: false,
  setup: async (tandem) => {
    for (const name of ['ed', 'tr'])
      tokens.set(name, (await tandem.apiTokens.create({ owner: await tandem.users.get(name), name: 'paths' })).secret);
  },
});
afterAll(() => server.close());

type Problem = { detail: string; issues?: string[]; errors?: string[]; reason?: string };

async function api(who: string, method: string, path: string, language = 'en'): Promise<{ status: number; problem: Problem }> {
  const res = await fetch(new URL(path, server.url), {
    method,
    headers: {
      authorization: `Bearer ${tokens.get(who)!}`,
      'accept-language': language,
      ...(method === 'GET' ? {} : { 'content-type': 'application/json', 'if-match': '"r0"' }),
    },
    ...(method === 'GET' ? {} : { body: '{}' }),
  });
  return { status: res.status, problem: (await res.json()) as Problem };
}

const TARGETS = 'English \\(en\\), Japanese \\(ja\\), Chinese \\(Simplified\\) \\(zh-Hans\\)';
const SEGMENT = 's-0001';

describe('an API path naming a language this newsroom does not translate into', () => {
  it.each([
    ['tr', 'GET', '/api/v1/articles/market-prices/translations/xx'],
    ['ed', 'GET', '/api/v1/articles/market-prices/translations/xx'],
    ['tr', 'PUT', `/api/v1/articles/market-prices/translations/xx/${SEGMENT}`],
    ['tr', 'POST', '/api/v1/articles/market-prices/translations/xx/submit-all'],
    ['ed', 'GET', '/api/v1/articles/market-prices/checks/de'],
    ['ed', 'GET', '/api/v1/xliff/xx?slug=market-prices'],
    ['ed', 'GET', '/api/v1/memory/ko/xx/matches?q=쌀'],
    ['ed', 'GET', '/api/v1/glossaries/ko/ko/entries'],
  ])('when %s calls %s %s, then 400 names the parameter and the languages to use', async (who, method, path) => {
    const { status, problem } = await api(who, method, path);
    expect(status).toBe(400);
    expect(problem.issues).toHaveLength(1);
    expect(problem.issues![0]).toMatch(
      new RegExp(
        `^(Language \\(params\\.locale\\)|Target language \\(params\\.to\\)): (xx|de|ko) is not a language this newsroom translates into; use one of ${TARGETS}\\.$`,
      ),
    );
    expect(problem.errors).toEqual([expect.stringMatching(/^params\.(locale|to): /)]);
  });

  it('when the source side of a pair is not the source language, then 400 says which one it is', async () => {
    const { status, problem } = await api('ed', 'GET', '/api/v1/glossaries/en/ja/entries');
    expect(status).toBe(400);
    expect(problem.issues).toEqual(['Source language (params.from): en is not the language this newsroom writes in; use Korean (ko).']);
  });

  it('when the caller reads Korean, then the sentence is Korean', async () => {
    const { problem } = await api('tr', 'GET', '/api/v1/articles/market-prices/translations/xx', 'ko');
    expect(problem.issues).toEqual([
      '언어 (params.locale): xx은(는) 이 편집국이 번역하는 언어가 아닙니다. 영어 (en), 일본어 (ja), 중국어(간체) (zh-Hans) 중 하나를 쓰세요.',
    ]);
  });

  it('when a translator names a target language not assigned to them, then it is still 403 "not assigned"', async () => {
    const { status, problem } = await api('tr', 'PUT', `/api/v1/articles/market-prices/translations/ja/${SEGMENT}`);
    expect(status).toBe(403);
    expect(problem.reason).toBe('role.locale');
  });

  it('when a target language is named in any case, then the route answers', async () => {
    expect((await api('tr', 'GET', '/api/v1/articles/market-prices/translations/EN')).status).toBe(200);
    expect((await api('ed', 'GET', '/api/v1/articles/market-prices/translations/zh-hans')).status).toBe(200);
  });

  it('when a publication names the source language, then publishing answers for it; an unknown one is a language error', async () => {
    // The original needs no release here (TANDEM_SOURCE_RELEASE=auto): publishing says so, not the language check.
    const source = await api('ed', 'POST', '/api/v1/articles/market-prices/publications/ko');
    expect(source.problem.reason).toBe('publish.source-always-published');
    expect(source.problem.issues).toBeUndefined();
    const { status, problem } = await api('ed', 'GET', '/api/v1/articles/market-prices/publications/xx/versions');
    expect(status).toBe(400);
    expect(problem.issues).toEqual([
      'Language (params.locale): xx is not a language this newsroom publishes in; use one of Korean (ko), English (en), Japanese (ja), Chinese (Simplified) (zh-Hans).',
    ]);
  });
});

describe('a web page or form naming a language in its path', () => {
  async function as(name: string): Promise<Client> {
    const client = new Client(server.url);
    await client.login(name, USER_PASSWORD);
    return client;
  }

  it.each([
    ['tr', 'GET', '/review/market-prices/xx'],
    ['ed', 'GET', '/review/market-prices/xx'],
    ['tr', 'POST', `/review/market-prices/xx/${SEGMENT}/save`],
    ['ed', 'GET', '/publish/market-prices/xx/versions'],
  ])('when %s asks %s %s, then the page refuses it with 400 in the reader’s language', async (who, method, path) => {
    const client = await as(who);
    const res =
      method === 'GET'
        ? await client.request('GET', path, { headers: { 'accept-language': 'ko' } })
        : await client.post(path, { text: 'x', baseRevision: '0' }, { 'accept-language': 'ko' });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).toContain('언어: xx은(는) 이 편집국이');
    expect(text).not.toContain('배정');
  });
});
