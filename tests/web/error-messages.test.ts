import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ERROR_REASONS, LimitError, ValidationError } from '../../src/core/errors.ts';
import { LIMITS, type LimitName } from '../../src/core/limits.ts';
import { INPUT_ISSUE_KINDS, issueSentences, LABELLED_FIELDS, userMessage } from '../../src/web/error-messages.ts';
import { createI18n, loadLocaleResources, UI_LANGUAGES } from '../../src/web/i18n.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';

const strict = createI18n({
  onMissingKey: (lng, ns, key) => {
    throw new Error(`missing i18n key ${ns}:${key} (${lng})`);
  },
});
const english = loadLocaleResources().en as Record<string, Record<string, unknown>>;

/** The `{{name}}` placeholders of an English sentence, each given a value that is no word in any language. */
function sampleParams(path: string): Record<string, string> {
  const sentence = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], english.errors);
  const names = [...String(sentence).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
  return Object.fromEntries(names.map((name) => [name, '7']));
}

// Proper nouns and literal syntax a Korean sentence may keep: the product, encodings, tag notation, front-matter keys.
// Also what a program's operator types literally: variable and header names, JSON keys, media types, the algorithm, SQL. A day format (YYYY-MM-DD).
const ALLOWED_LATIN =
  /Tandem|PostgreSQL|\bAPI\b|UTF-8|CSV|HTML|YAML|TOML|Markdown|zh-Hans|\bko\b|\bja\b|\ben\b|&lt;|&amp;|slug:|title:|MiB|KiB|\bB\b|TANDEM_[A-Z_]+|X-Tandem-[A-Za-z]+|HMAC-SHA256|CREATE EXTENSION|JSON|application\/json|YYYY-MM-DD|“[a-z]+”/g;

function expectTranslated(text: string, lng: string): void {
  expect(text).not.toMatch(/\{\{|errors:|reasons\.|issues\.|common:/);
  expect(text.trim()).not.toBe('');
  if (lng === 'ko') expect(text.replace(ALLOWED_LATIN, '')).not.toMatch(/[A-Za-z]{2,}/);
}

describe.each(UI_LANGUAGES)('error messages in %s', (lng) => {
  const t = strict.getFixedT(lng);

  it.each(ERROR_REASONS)('when an error carries the message code %s, then its sentence is translated', (reason) => {
    const error = new AppError('validation', `developer text for ${reason}`, { reason, params: sampleParams(`reasons.${reason}`) });
    const text = userMessage(error, t, lng)!;
    expectTranslated(text, lng);
    expect(text).not.toContain('developer text');
  });

  it.each(Object.keys(LIMITS) as LimitName[])('when a LimitError names %s, then its sentence is translated', (limit) => {
    const text = userMessage(new LimitError(limit, 'developer text', { actual: 9, file: '7.md', line: 3 }), t, lng)!;
    expectTranslated(text.replace('7.md', ''), lng);
  });

  it.each(INPUT_ISSUE_KINDS)('when a field is invalid with %s, then each labelled field says so translated', (kind) => {
    const params = sampleParams(`issues.${kind}`);
    for (const field of [...LABELLED_FIELDS, 'unlabelled']) {
      const [text] = issueSentences([{ field, kind, params }], t, lng);
      expectTranslated(text!.replace('U+0000', ''), lng);
    }
  });

  it.each([400, 401, 403, 404, 409, 411, 413, 429, 500, 502, 503, 418])(
    'when the status is %i, then the page title and explanation are translated',
    (status) => {
      expectTranslated(t([`common:errors.title.${status}`, 'common:errors.title.default'], { status }), lng);
      expectTranslated(t([`common:errors.explain.${status}`, 'common:errors.explain.default']), lng);
    },
  );

  it('when an error has no message code, then no sentence is made from its developer message', () => {
    expect(userMessage(new ValidationError('import: choose a file'), t, lng)).toBeUndefined();
    expect(userMessage(new Error('boom'), t, lng)).toBeUndefined();
  });
});

describe('error pages and inline errors over HTTP', () => {
  let app: ReviewApp;
  beforeAll(async () => {
    app = await startReviewApp({ articles: { 'market-prices': MARKET_ARTICLE }, users: [{ name: 'ed', role: 'editor' }] });
  });
  afterAll(() => app.close());

  it.each([
    ['ko', '파일을 고르거나 기사 본문을 붙여 넣으세요.'],
    ['en', 'Choose a file or paste the article text.'],
  ])(
    'when an empty import is sent in %s, then the inline error is the translated sentence, not the developer text',
    async (lng, sentence) => {
      const editor = await app.loginAs('ed');
      await editor.post('/language', { lng, back: '/articles' });
      const res = await editor.post('/articles/import', { content: '', format: 'markdown' });
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(text).toContain(sentence);
      expect(text).not.toContain('import:');
    },
  );

  it.each([
    ['a form field too long', `/articles?q=${'x'.repeat(300)}`, '검색어: 최대 200자까지 입력할 수 있습니다.'],
    ['an unknown page', '/nothing-here', '이 주소에는 아무것도 없습니다'],
  ])('when %s is asked for in ko, then the error page is Korean with no developer detail', async (_what, path, sentence) => {
    const editor = await app.loginAs('ed');
    await editor.post('/language', { lng: 'ko', back: '/' });
    const { res, text } = await editor.page(path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(text).toContain(sentence);
    expect(text).not.toMatch(/web: |query\.|<code>/);
  });
});
