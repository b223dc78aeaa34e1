import { afterEach, describe, expect, it } from 'vitest';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

/**
 * The MT banner of a held queue (quota spent, key rejected) says why in the reader's language, one sentence per pause
 * reason (mt:paused.<reason>), with the page's own resume button: never the service's English sentence, whose
 * command-line hint (`tandem translate --resume`) means nothing on a web page.
 */

const ARTICLE = `---
title: 장마당 소식
slug: market
---

평양 장마당의 쌀값이 올랐다.
`;

let app: ReviewApp;
afterEach(() => app?.close());

const banner = async (client: Client, path: string, lng: string) => {
  const text = await (await client.request('GET', path, { headers: { 'accept-language': lng } })).text();
  return /<p class="[^"]*mt-status mt-(?:paused|unauthorized)">([\s\S]*?)<\/p>/.exec(text)?.[1] ?? null;
};

describe.each([
  [456, 'quota', 'the provider’s character quota is spent', '글자 수 한도를 다 썼습니다'],
  [403, 'credentials', 'the provider rejected its credentials', '인증 정보'],
] as const)('when DeepL answers %s, the banner', (fault, _reason, en, ko) => {
  it.each([
    ['/articles', 'ed'],
    ['/review/market/en', 'ed'],
    ['/', 'admin'],
  ])('on %s says why in the reader’s language, with a resume button and no developer sentence', async (path, who) => {
    app = await startReviewApp({
      articles: { market: ARTICLE },
      users: [
        { name: 'ed', role: 'editor' },
        { name: 'admin', role: 'admin' },
      ],
    });
    app.rig.fake.failNext(fault, 3);
    await app.rig.service.enqueue({ locales: ['en'], by: 'ed' });
    await app.rig.service.drain();
    expect(['paused', 'unauthorized']).toContain((await app.rig.service.status()).state);
    const client = await app.loginAs(who);
    for (const [lng, words] of [
      ['en', en],
      ['ko', ko],
    ] as const) {
      const shown = await banner(client, path, lng);
      expect(shown).not.toBeNull();
      expect(shown).toContain(words);
      expect(shown).toContain('action="/mt/resume"');
      // Nothing of the service's sentence: no command, no provider id, no English in the Korean page.
      expect(shown).not.toMatch(/tandem |--resume|deepl|queue is paused since|was rejected:/i);
      if (lng === 'ko') expect(shown!.replace(/<[^>]*>/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    }
  });
});
