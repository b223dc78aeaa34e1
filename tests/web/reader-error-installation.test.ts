import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAppDeps } from '../../src/main.ts';
import { createApp } from '../../src/web/app.ts';
import { LANGUAGE_COOKIE } from '../../src/web/i18n.ts';
import { startServer, type RunningServer } from '../../src/web/server.ts';
import { type Installation, openInstallation } from '../support/installation.ts';

/**
 * The reader's error pages as `tandem serve` wires them (main.ts's webAppDeps over an installation with Korean
 * originals and English and Japanese translations): the path's language wins, and a language the site does not offer
 * is the reader site's page in the language `/` would pick. The walk over every case is reader-error-language.test.ts.
 */

let installation: Installation;
let server: RunningServer;
beforeAll(async () => {
  installation = await openInstallation('tandem-reader-errors-');
  const logger = pino({ level: 'silent' });
  const web = { sourceLocale: 'ko', targetLocales: ['en', 'ja'], publicUrl: 'https://news.example.org', trustProxy: false as const };
  server = await startServer(createApp(webAppDeps(installation.tandem, web, logger)), { port: 0, logger, handleSignals: false });
});
afterAll(async () => {
  await server?.close();
  await installation?.close();
});

describe('when a reader of a served installation meets an error', () => {
  it.each([
    ['/ja/no/such/page', 404, 'ja', 'ページが見つかりません'],
    ['/ja/articles/%E0%A4%A', 400, 'ja', 'このアドレスは読み込めません'],
    ['/en/no/such/page', 404, 'en', 'Page not found'],
    ['/zh-Hans/articles/no-such-article', 404, 'ja', 'ページが見つかりません'],
  ] as const)('then %s answers %s in %s', async (path, status, lang, heading) => {
    const res = await fetch(server.url + path, {
      headers: { accept: 'text/html', 'accept-language': 'ja, en;q=0.5', cookie: `${LANGUAGE_COOKIE}=ko` },
    });
    const text = await res.text();
    expect(res.status).toBe(status);
    expect(text).toContain(`<html lang="${lang}">`);
    expect(text).toContain(`<h1>${heading}</h1>`);
  });
});
