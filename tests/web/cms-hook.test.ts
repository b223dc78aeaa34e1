import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeInput, formatForFile } from '../../src/adapters/formats/index.ts';
import type { Storage } from '../../src/core/ports/storage-backend.ts';
import { WEBHOOK_HEADERS, webhookSignature } from '../../src/core/webhook-signature.ts';
import { ArticleService } from '../../src/services/articles.ts';
import { AuthService } from '../../src/services/auth.ts';
import { UserService } from '../../src/services/users.ts';
import { createApp } from '../../src/web/app.ts';
import { CMS_HOOK_MAX_BYTES } from '../../src/web/routes/cms-hook.ts';
import { startServer, type RunningServer } from '../../src/web/server.ts';
import { openTestStorage } from '../support/storage.ts';
import { TEST_SCRYPT } from './helpers.ts';

const SECRET = 'shared-cms-secret-0123456789';
let storage: Storage;
let server: RunningServer;
let articles: ArticleService;

beforeAll(async () => {
  storage = await openTestStorage();
  articles = new ArticleService({
    store: storage.articles,
    formats: { forFile: formatForFile, decode: (content, file) => decodeInput(content, file) },
    sourceLocale: 'ko',
    targetLocales: ['en', 'ja'],
  });
  const app = createApp({
    logger: pino({ level: 'silent' }),
    users: new UserService(storage.users, { scrypt: TEST_SCRYPT }),
    auth: new AuthService(storage.users, { scrypt: TEST_SCRYPT }),
    articles,
    config: {
      cmsHookSecret: SECRET,
      onMissingKey: (lng, ns, key) => {
        throw new Error(`missing i18n key ${ns}:${key} (${lng})`);
      },
    },
  });
  server = await startServer(app, { port: 0, logger: pino({ level: 'silent' }), handleSignals: false });
});
afterAll(async () => {
  await server.close();
  await storage.close();
});

function signedHeaders(body: string, options: { secret?: string; at?: number } = {}): Record<string, string> {
  const timestamp = String(Math.floor((options.at ?? Date.now()) / 1000));
  return {
    'content-type': 'application/json',
    [WEBHOOK_HEADERS.timestamp]: timestamp,
    [WEBHOOK_HEADERS.signature]: webhookSignature(options.secret ?? SECRET, timestamp, body),
  };
}

async function push(body: string, headers: Record<string, string> = signedHeaders(body), url = server.url) {
  const res = await fetch(`${url}/hooks/cms`, { method: 'POST', body, headers: { 'accept-language': 'en', ...headers } });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    cookie: res.headers.get('set-cookie'),
    json: (await res.json()) as Record<string, unknown>,
  };
}

const MARKDOWN =
  '---\ntitle: 개성공단 재가동 논의\nslug: kaesong-talks\n---\n\n남북 실무자들이 **개성**에서 만났다.\n\n두 번째 문단이다.\n';

describe('POST /hooks/cms', () => {
  it('when a signed Markdown article is pushed, then it is imported as new, and a pushed revision updates it', async () => {
    const first = await push(JSON.stringify({ format: 'markdown', content: MARKDOWN }));
    expect(first.status).toBe(201);
    expect(first.cookie).toBeNull();
    expect(first.json).toMatchObject({ slug: 'kaesong-talks', status: 'new', sourceRevision: 1, counts: { added: 3 } });
    const record = await articles.get('kaesong-talks');
    expect(record.history.some((h) => h.by === 'cms')).toBe(true);

    const again = await push(JSON.stringify({ format: 'markdown', content: MARKDOWN }));
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ status: 'unchanged', sourceRevision: 1 });

    const revised = await push(JSON.stringify({ format: 'markdown', content: MARKDOWN.replace('두 번째', '고친 두 번째') }));
    expect(revised.status).toBe(200);
    expect(revised.json).toMatchObject({ status: 'updated', sourceRevision: 2, counts: { changed: 1 } });
  });

  it('when an HTML body without a heading is pushed with a title and slug, then the title becomes the article title', async () => {
    const res = await push(
      JSON.stringify({ format: 'html', slug: 'rice-html', title: '쌀값 & 환율', content: '<p>쌀값이 <strong>올랐다</strong>.</p>' }),
    );
    expect(res.status).toBe(201);
    expect((await articles.get('rice-html')).article.frontMatter.title).toBe('쌀값 & 환율');
  });

  it('when the signature is wrong, missing or too old, then 401 problem+json says which and nothing is imported', async () => {
    const body = JSON.stringify({ format: 'text', slug: 'never-stored', content: '제목\n\n본문' });
    const wrong = await push(body, signedHeaders(body, { secret: 'another-secret-0123456789' }));
    expect(wrong).toMatchObject({
      status: 401,
      json: { status: 401, code: 'hook.bad-signature', type: 'urn:tandem:problem:hook.bad-signature' },
    });
    expect(wrong.type).toMatch(/^application\/problem\+json/);
    expect(wrong.json.detail).toMatch(/signature does not match/);

    const stale = await push(body, signedHeaders(body, { at: Date.now() - 6 * 60_000 }));
    expect(stale.json).toMatchObject({ status: 401, code: 'hook.stale-timestamp' });
    const missing = await push(body, { 'content-type': 'application/json' });
    expect(missing.json).toMatchObject({ status: 401, code: 'hook.missing' });
    // A body changed after signing (a replay with other content) fails too.
    const tampered = await push(body.replace('본문', '바뀐 본문'), signedHeaders(body));
    expect(tampered.json).toMatchObject({ status: 401, code: 'hook.bad-signature' });
    await expect(articles.get('never-stored')).rejects.toThrow(/no article/);
  });

  it('when the body is over the limit, then 413 comes from the Content-Length before anything is read or verified', async () => {
    const res = await fetch(`${server.url}/hooks/cms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(CMS_HOOK_MAX_BYTES + 1) },
      body: 'x'.repeat(CMS_HOOK_MAX_BYTES + 1),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('when a signed article cannot be imported, then 422 carries the import error message code', async () => {
    const noTitle = await push(JSON.stringify({ format: 'markdown', slug: 'no-title', content: '---\ndate: 2026-01-01\n---\n\n본문\n' }));
    expect(noTitle.json).toMatchObject({ status: 422, code: 'import.no-title' });
    const noSlug = await push(JSON.stringify({ format: 'html', content: '<h1>제목</h1><p>본문</p>' }));
    expect(noSlug.json).toMatchObject({ status: 422, code: 'import.no-push-slug' });
    const badShape = await push(JSON.stringify({ format: 'docx', content: 'x' }));
    expect(badShape.json).toMatchObject({ status: 422, code: 'hook.not-json' });
    // A misspelled field is named with the one meant, as the API's bodies are (query-input.ts unknownField).
    const stray = await push(JSON.stringify({ format: 'markdown', content: 'x', slugg: 'a' }));
    expect(stray.json).toMatchObject({ status: 422, code: 'hook.not-json' });
    expect(stray.json.issues).toEqual(['Unknown field (body.slugg): “slugg” is not a field of this request; did you mean “slug”?']);
    const notJson = await push('{"format": ');
    expect(notJson.json).toMatchObject({ status: 400, code: 'hook.not-json' });
  });

  // HTML has no front matter: telling a CMS (or an editor uploading a .html file) to add "title:" to it sends them
  // looking for something the format does not have. The title of HTML is its <h1>, or the push's `title` field.
  it('when pushed HTML has neither an <h1> nor a title, then the refusal asks for a heading, not front matter', async () => {
    const res = await push(JSON.stringify({ format: 'html', slug: 'html-no-title', content: '<p>본문만 있다.</p>' }));
    expect(res.json).toMatchObject({ status: 422, code: 'import.no-title-html' });
    expect(String((res.json as { detail: string }).detail)).not.toMatch(/front matter/);
    expect(String((res.json as { detail: string }).detail)).toMatch(/<h1>/);
  });

  it('when the Korean UI language is asked for, then the problem detail is in Korean', async () => {
    const body = JSON.stringify({ format: 'text', slug: 'x', content: 'y' });
    const res = await fetch(`${server.url}/hooks/cms`, {
      method: 'POST',
      body,
      headers: { ...signedHeaders(body, { secret: 'nope-nope-nope-nope' }), 'accept-language': 'ko' },
    });
    expect(((await res.json()) as { detail: string }).detail).toMatch(/서명이 맞지 않습니다/);
  });

  it('when no hook secret is configured, then the hook answers 404 problem+json whatever the signature', async () => {
    const bare = createApp({
      logger: pino({ level: 'silent' }),
      users: new UserService(storage.users, { scrypt: TEST_SCRYPT }),
      auth: new AuthService(storage.users, { scrypt: TEST_SCRYPT }),
      articles,
    });
    const off = await startServer(bare, { port: 0, logger: pino({ level: 'silent' }), handleSignals: false });
    try {
      const body = JSON.stringify({ format: 'markdown', content: MARKDOWN });
      const res = await push(body, signedHeaders(body), off.url);
      expect(res).toMatchObject({ status: 404, json: { code: 'hook.off' } });
    } finally {
      await off.close();
    }
  });
});
