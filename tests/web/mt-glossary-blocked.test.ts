import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

let app: ReviewApp;
let editor: Client;

beforeAll(async () => {
  app = await startReviewApp({ articles: { 'market-prices': MARKET_ARTICLE }, users: [{ name: 'ed', role: 'editor' }] });
  editor = await app.loginAs('ed');
  // Stored before import normalised terms: a zero-width space kept inside a term, which DeepL refuses.
  await app.rig.mt.settings.putGlossary({
    sourceLocale: 'ko',
    targetLocale: 'ja',
    entries: { '장\u200B마당': '闇市場' },
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  await app.rig.service.enqueue({ locales: ['ja'], by: 'ed' });
  await app.rig.service.drain();
});
afterAll(() => app.close());

const articlesPage = async (lng: string) =>
  await (await editor.request('GET', '/articles', { headers: { 'accept-language': lng } })).text();

// DeepL's own words for the refusal: for operators (the log, the API's developer fields), never for the page's reader.
const PROVIDER_WORDS = /deepl|request failed|Bad request|Invalid glossary/i;

describe('the MT status line when a glossary was refused', () => {
  it.each([
    [
      'en',
      'Machine translation from ko into ja waits: the provider refused its glossary. Fix the glossary and import it again; the log has the provider’s reason.',
    ],
    [
      'ko',
      'ko → ja 기계 번역이 멈춰 있습니다. 제공자가 용어집을 받지 않았습니다. 용어집을 고쳐 다시 가져오세요. 제공자가 밝힌 이유는 로그에 있습니다.',
    ],
  ])(
    'when an editor opens the articles page in %s, then it names the waiting pair in that language, not DeepL’s words',
    async (lng, sentence) => {
      const text = await articlesPage(lng);
      const line = /<p class="hint mt-status mt-ready">([^<]*)<\/p>/.exec(text)?.[1];
      expect(line).toContain(sentence);
      expect(line).not.toMatch(PROVIDER_WORDS);
    },
  );
});

describe('the API’s MT state when a glossary was refused', () => {
  type MtAnswer = { message: string; operatorMessage: string; blockedGlossaries: { reason: string }[] };
  const read = async (path: string, lng: string) =>
    (await editor.request('GET', path, { headers: { accept: 'application/json', 'accept-language': lng } })).json();

  it.each([
    ['en', 'Machine translation is on. Machine translation from ko into ja waits: the provider refused its glossary.'],
    ['ko', '기계 번역이 켜져 있습니다. ko → ja 기계 번역이 멈춰 있습니다. 제공자가 용어집을 받지 않았습니다.'],
  ])(
    'when GET /api/v1/mt is asked in %s, then message is worded in that language and DeepL’s words stay in the operator fields',
    async (lng, start) => {
      const mt = (await read('/api/v1/mt', lng)) as MtAnswer;
      expect(mt.message.startsWith(start)).toBe(true);
      expect(mt.message).not.toMatch(PROVIDER_WORDS);
      expect(mt.operatorMessage).toMatch(/Invalid glossary entries provided/);
      expect(mt.blockedGlossaries[0]!.reason).toMatch(/Invalid glossary entries provided/);
    },
  );
});
