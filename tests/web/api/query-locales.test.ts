import { describe, expect, it } from 'vitest';
import { USER_PASSWORD } from '../../support/tandem-server.ts';
import { editorApi } from './editor-api.ts';
import { Client } from '../helpers.ts';

/**
 * A locale named in a query is one of this installation's (validate.ts `validated`): a language the newsroom does not
 * translate into would only ever answer an empty list, which reads as "nothing to do". Every route taking one refuses
 * it alike, a 400 naming the parameter and the languages to use; the web pages that take one too.
 */

const { server, token } = await editorApi('locales');

type Problem = { detail: string; issues: string[]; errors: string[] };

async function api(path: string, language = 'en'): Promise<{ status: number; problem: Problem }> {
  const res = await fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${token}`, 'accept-language': language } });
  return { status: res.status, problem: (await res.json()) as Problem };
}

describe('a query naming a language this newsroom does not translate into', () => {
  it.each([
    ['/api/v1/queue?locale=xx', 'locale'],
    ['/api/v1/articles?locale=xx', 'locale'],
    ['/api/v1/articles/market-prices/segments?locale=de', 'locale'],
    ['/api/v1/mt/progress?locale=xx', 'locale'],
    ['/api/v1/effort?locale=xx', 'locale'],
  ])('when %s is asked, then 400 names the parameter and the languages to use', async (path, param) => {
    const { status, problem } = await api(path);
    expect(status).toBe(400);
    expect(problem.issues).toHaveLength(1);
    expect(problem.issues[0]).toMatch(
      /^Language \(query\.locale\): (xx|de) is not a language this newsroom translates into; use one of English \(en\), Japanese \(ja\), Chinese \(Simplified\) \(zh-Hans\)\.$/,
    );
    expect(problem.errors).toEqual([expect.stringMatching(new RegExp(`^query\\.${param}: `))]);
  });

  it('when the caller reads Korean, then the sentence is Korean', async () => {
    const { problem } = await api('/api/v1/queue?locale=xx', 'ko');
    expect(problem.issues[0]).toBe(
      '언어 (query.locale): xx은(는) 이 편집국이 번역하는 언어가 아닙니다. 영어 (en), 일본어 (ja), 중국어(간체) (zh-Hans) 중 하나를 쓰세요.',
    );
  });

  it('when a target locale is named, in any case, then the route answers', async () => {
    expect((await api('/api/v1/queue?locale=EN')).status).toBe(200);
    expect((await api('/api/v1/articles?locale=zh-hans')).status).toBe(200);
  });
});

describe('the web pages taking a language', () => {
  it.each([
    ['/queue?locale=xx', 'Language'],
    ['/articles?locale=xx', 'Language'],
    ['/memory?to=xx', 'Target language'],
    ['/glossary?to=xx', 'Target language'],
    ['/memory?from=en', 'Source language'],
  ])('when %s is asked, then the page refuses it with 400 and says which languages to use', async (path, label) => {
    const client = new Client(server.url);
    await client.login('ed', USER_PASSWORD);
    const res = await client.request('GET', path, { headers: { 'accept-language': 'en' } });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).toContain(`${label}: `);
    expect(text).toMatch(/is not (a language this newsroom translates into|the language this newsroom writes in)/);
  });
});
