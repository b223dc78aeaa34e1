import { describe, expect, it } from 'vitest';
import { editorApi } from './editor-api.ts';

/**
 * A problem document's `errors` are for programs (where each invalid field was sent) and for the people reading them:
 * each entry is worded through the message codes of the top-level detail (errors:issues.<kind>), in the request's
 * language, never zod's English. A query parameter sent twice is told as such.
 */

const { server, token } = await editorApi('issues');

type Problem = { detail: string; message: string; issues: string[]; errors: string[] };

async function get(path: string, language: string): Promise<{ status: number; problem: Problem }> {
  const res = await fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${token}`, 'accept-language': language } });
  return { status: res.status, problem: (await res.json()) as Problem };
}

const ZOD_WORDING = /Invalid input|expected (string|number|int)|received|NaN|Too (big|small)|Unrecognized key|Invalid option/;

describe('a query parameter given more than once', () => {
  it.each([
    [
      'en',
      'Page size (query.limit): “limit” was given more than once; send it once.',
      'query.limit: “limit” was given more than once; send it once.',
    ],
    [
      'ko',
      '한 페이지 개수 (query.limit): “limit”이(가) 두 번 이상 주어졌습니다. 한 번만 보내세요.',
      'query.limit: “limit”이(가) 두 번 이상 주어졌습니다. 한 번만 보내세요.',
    ],
  ])('when limit is repeated (%s), then the issue and the errors entry say it was given twice', async (language, issue, entry) => {
    const { status, problem } = await get('/api/v1/queue?limit=1&limit=2', language);
    expect(status).toBe(400);
    expect(problem.issues).toEqual([issue]);
    expect(problem.errors).toEqual([entry]);
  });

  it('when a text parameter is repeated, then it is told the same way, not as a wrong type', async () => {
    const { problem } = await get('/api/v1/queue?state=draft&state=submitted', 'en');
    expect(problem.issues).toEqual(['State (query.state): “state” was given more than once; send it once.']);
  });
});

describe('the errors of a problem document', () => {
  it.each([
    ['/api/v1/queue?limit=abc', 'query.limit', 'expected a whole number from 1 to 200.', '1부터 200까지의 정수여야 합니다.'],
    ['/api/v1/queue?limit=0', 'query.limit', 'expected a whole number from 1 to 200.', '1부터 200까지의 정수여야 합니다.'],
    ['/api/v1/queue?state=nope', 'query.state', null, null],
    ['/api/v1/queue?locale=xx', 'query.locale', null, null],
  ])('when %s is asked, then each entry names where and says what is wrong in the caller’s language', async (path, where, en, ko) => {
    for (const [language, words] of [
      ['en', en],
      ['ko', ko],
    ] as const) {
      const { status, problem } = await get(path, language);
      expect(status).toBe(400);
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors[0]).toMatch(new RegExp(`^${where.replace('.', '\\.')}: `));
      expect(problem.errors[0]).not.toMatch(ZOD_WORDING);
      if (words) expect(problem.errors[0]).toBe(`${where}: ${words}`);
      // The same words as the sentence people read, without the field's label.
      expect(problem.issues[0]).toContain(problem.errors[0]!.slice(where.length + 2));
      // The sentence names the field too, not only its label: `Language (query.locale): …`.
      expect(problem.issues[0]).toContain(`(${where}): `);
    }
  });
});
