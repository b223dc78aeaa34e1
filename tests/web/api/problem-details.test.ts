import { afterAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../../support/articles.ts';
import { startRealServer } from '../../support/tandem-server.ts';

/**
 * Every refusal of the API says what is wrong in people's words: `detail` in the caller's language, `message` the
 * English line `tandem` prints, `issues` per field; never a zod message, a permission id or "see below" with nothing below.
 */

let editor = '';
let translator = '';
const server = await startRealServer({
  articles: { 'market.md': MARKET_ARTICLE },
  users: [
    { name: 'ed', role: 'editor' },
    { name: 'tr', role: 'translator', locales: ['en'] },
  ],
  deepl: false,
  setup: async (tandem) => {
    editor = (await tandem.apiTokens.create({ owner: await tandem.users.get('ed'), name: 'problems' })).secret;
    translator = (await tandem.apiTokens.create({ owner: await tandem.users.get('tr'), name: 'problems' })).secret;
  },
});
afterAll(() => server.close());

type Problem = { status: number; detail: string; message?: string; issues?: string[]; code: string; reason?: string };

async function send(method: string, path: string, body?: string, opts: { token?: string; language?: string } = {}): Promise<Problem> {
  const res = await fetch(new URL(path, server.url), {
    method,
    headers: {
      authorization: `Bearer ${opts.token ?? editor}`,
      'content-type': 'application/json',
      'accept-language': opts.language ?? 'en',
    },
    ...(body === undefined ? {} : { body }),
  });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return { ...((await res.json()) as Problem), status: res.status };
}

const DEVELOPER_TEXT =
  /Invalid input|expected (string|number), received|NaN|web: |api: |markdown: |import: |\b[a-z]+\.(manage|queue|view|edit|import|publish)\b/;
const NOTHING_BELOW = /Check the details below/;

describe('an import the importer refuses', () => {
  it.each([
    ['broken.md', '---\ntitle: [제목\n---\n\n본문.\n', 'The front matter of broken.md is not valid YAML (line 2).'],
    ['nul.md', '---\ntitle: x\n---\n\nab\u0000c\n', 'nul.md looks like binary data, not text (the control character U+0000 at line 5).'],
    ['setup.exe', 'MZ', 'setup.exe is not in a format Tandem reads.'],
  ])('when %s is sent, then detail names the file and the reason', async (file, content, sentence) => {
    const problem = await send('POST', '/api/v1/articles', JSON.stringify({ file, content }));
    expect(problem.status).toBe(400);
    expect(problem.detail).toContain(sentence);
    expect(JSON.stringify(problem)).not.toMatch(/unsupported-extension/);
  });

  it('when the reader reads Korean, then detail is Korean', async () => {
    const problem = await send(
      'POST',
      '/api/v1/articles',
      JSON.stringify({ file: 'broken.md', content: '---\ntitle: [제목\n---\n\nx\n' }),
      {
        language: 'ko',
      },
    );
    expect(problem.detail).toBe(
      'broken.md의 머리말이 올바른 YAML이 아닙니다(2번째 줄). --- 줄 사이의 블록을 고치세요. “[”나 “{”는 닫아야 하고, 콜론이 든 텍스트는 따옴표로 감싸야 합니다.',
    );
  });
});

describe('a body express cannot read', () => {
  it.each([
    ['malformed JSON', '{"file":', 400, 'The body is not valid JSON.'],
    ['null', 'null', 400, 'The body is JSON, but not an object of named fields'],
    [
      'a body over the limit',
      JSON.stringify({ content: 'x'.repeat(1_100_000) }),
      413,
      'The body is larger than the server accepts (1 MiB).',
    ],
  ])('when the body is %s, then detail and message say what is wrong', async (_what, body, status, sentence) => {
    const problem = await send('POST', '/api/v1/articles', body);
    expect(problem.status).toBe(status);
    expect(problem.detail).toContain(sentence);
    expect(problem.message).toContain(sentence);
    expect(problem.detail).not.toMatch(NOTHING_BELOW);
  });
});

describe('a refusal with no sentence of its own', () => {
  it('when nothing more is said, then detail does not point at details below', async () => {
    const problem = await send('POST', '/api/v1/articles', JSON.stringify({ file: 'a.md', format: 'markdown', content: 'x' }));
    expect(problem.status).toBe(400);
    expect(problem.detail).toBe('Some of what was sent is missing or not valid. Correct it and try again.');
  });
});

describe('invalid fields', () => {
  it('when a text field gets a number, then the issue says a text was expected, in English and Korean', async () => {
    const path = '/api/v1/articles/market-prices/translations/en/x';
    const problem = await send('PUT', path, '{"text":42}');
    expect(problem.status).toBe(400);
    expect(problem.issues).toEqual(['Translation (body.text): expected a text (a string in quotes).']);
    expect(problem.message).toBe('Translation (body.text): expected a text (a string in quotes).');
    expect(JSON.stringify(problem)).not.toMatch(DEVELOPER_TEXT);
    expect((await send('PUT', path, '{"text":42}', { language: 'ko' })).issues).toEqual([
      '번역문 (body.text): 텍스트(따옴표로 감싼 문자열)여야 합니다.',
    ]);
  });

  it('when ?limit=1&limit=2 is asked for, then the issue says the parameter was given more than once', async () => {
    const problem = await send('GET', '/api/v1/articles?limit=1&limit=2');
    expect(problem.status).toBe(400);
    expect(problem.issues).toEqual(['Page size (query.limit): “limit” was given more than once; send it once.']);
  });

  it.each(['limit=abc', 'limit=0', 'limit=101', 'limit=2.5'])(
    'when ?%s is asked for, then the issue gives the range of whole numbers',
    async (query) => {
      const problem = await send('GET', `/api/v1/articles?${query}`);
      expect(problem.status).toBe(400);
      expect(problem.issues).toEqual(['Page size (query.limit): expected a whole number from 1 to 100.']);
      expect(JSON.stringify(problem)).not.toMatch(DEVELOPER_TEXT);
    },
  );
});

describe('a role without the permission', () => {
  it.each([
    ['/api/v1/confidential', 'Your role (Translator) may not manage the glossary and confidential terms. Ask an administrator.'],
    ['/api/v1/usage', 'Your role (Translator) may not queue machine translation or see its usage. Ask an administrator.'],
  ])('when a translator asks for %s, then the 403 says in words what they may not do', async (path, sentence) => {
    const problem = await send('GET', path, undefined, { token: translator });
    expect(problem.status).toBe(403);
    expect(problem.reason).toBe('role.forbidden');
    expect(problem.detail).toBe(sentence);
    expect(problem.message).toBe(sentence);
  });

  it('when the reader reads Korean, then the refusal is Korean and names no permission id', async () => {
    const problem = await send('GET', '/api/v1/confidential', undefined, { token: translator, language: 'ko' });
    expect(problem.detail).toBe('내 역할(번역가)로는 용어집과 기밀 용어를 관리할 수 없습니다. 관리자에게 문의하세요.');
  });

  it('when a translator writes in a language not theirs, then the Korean sentence names the language once', async () => {
    const problem = await send('PUT', '/api/v1/articles/market-prices/translations/ja/x', '{"text":"x"}', {
      token: translator,
      language: 'ko',
    });
    expect(problem.status).toBe(403);
    expect(problem.detail).toBe('일본어 작업에 배정되어 있지 않습니다. 관리자에게 추가를 요청하세요.');
  });
});
