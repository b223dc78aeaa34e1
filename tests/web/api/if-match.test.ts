import { describe, expect, it } from 'vitest';
import { API_OPERATIONS } from '../../../src/web/api/index.ts';
import { openApiDocument } from '../../../src/web/api/openapi.ts';
import { editorApi } from './editor-api.ts';

/**
 * If-Match round trip (api/revision.ts): the ETag a read answers is what a write sends, the OpenAPI document declares
 * both headers in that form, and a 412 or 428 says which ETag the translation has now, in its sentence and as `etag`.
 */

const { server, token: secret } = await editorApi('etag');

function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, server.url), {
    method,
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'accept-language': 'en', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const ETAG = /^"r\d+"$/;
const article = (await (await api('GET', '/api/v1/articles/market-prices')).json()) as { segments: { id: string }[] };
const path = (n: number) => `/api/v1/articles/market-prices/translations/en/${article.segments[n]!.id}`;

type Problem = { status: number; reason: string; detail: string; etag?: string };

describe('the ETag a read answers and If-Match', () => {
  it('when a translation is read and written with its ETag, then each answer carries the next one in the same form', async () => {
    const read = await api('GET', path(1));
    const etag = read.headers.get('etag')!;
    expect(etag).toMatch(ETAG);
    const saved = await api('PUT', path(1), { text: 'Prices rose.' }, { 'if-match': etag });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toMatch(ETAG);
    expect(saved.headers.get('etag')).not.toBe(etag);
    expect((await api('GET', path(1))).headers.get('etag')).toBe(saved.headers.get('etag'));
  });

  it('when If-Match is missing, then the 428 names the ETag the translation has now', async () => {
    const etag = (await api('GET', path(2))).headers.get('etag')!;
    const res = await api('PUT', path(2), { text: 'x' });
    const problem = (await res.json()) as Problem;
    expect(res.status).toBe(428);
    expect(problem.etag).toBe(etag);
    expect(problem.detail).toContain(`If-Match: ${etag}`);
  });

  it('when If-Match is stale, then the 412 names the current ETag, which the next write succeeds with', async () => {
    const first = (await api('GET', path(3))).headers.get('etag')!;
    const saved = await api('PUT', path(3), { text: 'First.' }, { 'if-match': first });
    const res = await api('PUT', path(3), { text: 'Second.' }, { 'if-match': first });
    const problem = (await res.json()) as Problem;
    expect(res.status).toBe(412);
    expect(problem).toMatchObject({ reason: 'revision.stale', etag: saved.headers.get('etag') });
    expect(problem.detail).toContain(`send If-Match: ${saved.headers.get('etag')}`);
    expect((await api('PUT', path(3), { text: 'Second.' }, { 'if-match': problem.etag! })).status).toBe(200);
  });

  it('when If-Match is no revision ETag (unquoted, weak), then the 412 shows the form with the current one, in Korean too', async () => {
    const etag = (await api('GET', path(4))).headers.get('etag')!;
    for (const value of ['r0', 'W/"r0"']) {
      const res = await api('PUT', path(4), { text: 'x' }, { 'if-match': value, 'accept-language': 'ko' });
      const problem = (await res.json()) as Problem;
      expect(res.status, value).toBe(412);
      expect(problem).toMatchObject({ reason: 'revision.unmatched', etag });
      expect(problem.detail).toContain(`태그 값은 ${etag}입니다`);
    }
  });
});

describe('the OpenAPI document', () => {
  type Header = { schema: { pattern: string } };
  type Op = {
    parameters?: { name: string; in: string; schema: { pattern?: string } }[];
    responses: Record<string, { headers?: Record<string, Header> }>;
  };
  const doc = openApiDocument(API_OPERATIONS, { version: 'test' }) as { paths: Record<string, Record<string, Op>> };
  const translation = doc.paths['/api/v1/articles/{slug}/translations/{locale}/{segmentId}']!;

  it('when a translation is read, then its 200 declares the ETag header with the form If-Match takes', () => {
    const pattern = translation.get!.responses['200']!.headers?.ETag?.schema.pattern;
    expect(pattern).toBeDefined();
    expect(new RegExp(pattern!).test('"r12"')).toBe(true);
    expect(new RegExp(pattern!).test('r12')).toBe(false);
  });

  it('when an operation needs If-Match, then it declares the header in the form of the ETag, and its 2xx the new ETag', () => {
    const readPattern = translation.get!.responses['200']!.headers!.ETag!.schema.pattern;
    const writes = API_OPERATIONS.filter((op) => op.ifMatch);
    expect(writes.length).toBeGreaterThan(5);
    for (const op of writes) {
      const declared = doc.paths[`/api/v1${op.path.replace(/:(\w+)/g, '{$1}')}`]![op.method]!;
      const ifMatch = declared.parameters?.find((p) => p.in === 'header' && p.name === 'If-Match');
      expect(ifMatch?.schema.pattern, op.id).toBe(readPattern);
      const ok = Object.entries(declared.responses).filter(([status]) => status.startsWith('2'));
      expect(ok.length, op.id).toBeGreaterThan(0);
      for (const [status, response] of ok) expect(response.headers?.ETag?.schema.pattern, `${op.id} ${status}`).toBe(readPattern);
      expect(Object.keys(declared.responses), op.id).toEqual(expect.arrayContaining(['412', '428']));
    }
  });
});
