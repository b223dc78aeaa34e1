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

describe('the MT status line when a glossary was refused', () => {
  it.each([
    [
      'en',
      'Machine translation from ko into ja waits: the glossary could not be uploaded (deepl: request failed: Bad request, message: Invalid glossary entries provided',
    ],
    [
      'ko',
      'ko → ja 기계 번역이 멈춰 있습니다. 용어집을 올리지 못했습니다(deepl: request failed: Bad request, message: Invalid glossary entries provided',
    ],
  ])('when an editor opens the articles page in %s, then it names the waiting pair and DeepL’s reason', async (lng, sentence) => {
    const text = await articlesPage(lng);
    const line = /<p class="hint mt-status mt-ready">([^<]*)<\/p>/.exec(text)?.[1];
    expect(line).toContain(sentence);
  });
});
