import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';
import { launchChromium, login, navigateBy, newContext, screenshot } from '../support/browser.ts';
import { ADMIN_PASSWORD, startRealServer, type RealServer } from '../support/tandem-server.ts';

let server: RealServer;
let browser: Browser;
let page: Page;
let problems: string[];
/** Paths answered with an error status while the pages loaded. */
const missing: string[] = [];

beforeAll(async () => {
  server = await startRealServer({ articles: { 'market-prices.md': MARKET_ARTICLE } });
  browser = await launchChromium();
  const context = await newContext(browser, 'en-US');
  problems = context.problems;
  page = await context.context.newPage();
  page.on('response', (res) => {
    if (res.status() >= 400) missing.push(new URL(res.url()).pathname);
  });
  await login(page, server.url, 'admin', ADMIN_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const drafts = (p: Page) => p.$$eval('textarea[lang="en"]', (els) => els.map((e) => (e as HTMLTextAreaElement).value));

describe('admin pages in a real browser', () => {
  it('when an editor adds a glossary entry on the web page, then the next machine draft uses it', async () => {
    await page.goto(`${server.url}/`);
    await navigateBy(page, /\/glossary/, () => page.click('nav a[href="/glossary"]'));
    await page.selectOption('#glossary-to', 'en');
    await navigateBy(page, /\/glossary\?/, () => page.click('form[action="/glossary"] button[type="submit"]'));
    await page.fill('#entry-source', '장마당');
    await page.fill('#entry-target', 'jangmadang');
    await page.fill('#entry-forbidden', 'black market');
    await navigateBy(page, /done=saved/, () => page.click('form[action="/glossary/entries"] button[type="submit"]'));
    expect(await page.textContent('p.message.notice')).toContain('Saved “장마당”.');
    expect(await page.textContent('table.glossary tbody')).toContain('jangmadang');
    await screenshot(page, 'admin-glossary');

    await page.goto(`${server.url}/articles`);
    await navigateBy(page, /\/articles/, () =>
      page.click('form[action="/articles/market-prices/mt"]:has(input[name="locale"][value="en"]) button[type="submit"]'),
    );
    await page.goto(`${server.url}/review/market-prices/en`);
    // The worker sends in the background; each look is a fresh page load of the review page.
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await drafts(page)).join('\n');
        },
        { timeout: 15_000, interval: 200 },
      )
      .toContain('jangmadang');
    expect((await drafts(page)).join('\n')).not.toContain('장마당');
    expect(server.fake?.glossaries.size).toBeGreaterThan(0);
  });

  it('when an editor opens the memory, confidential and usage pages, then each answers without script errors', async () => {
    for (const [path, heading] of [
      ['/memory?to=en&q=%EC%9E%A5%EB%A7%88%EB%8B%B9', 'Translation memory'],
      ['/confidential', 'Confidential terms'],
      ['/usage', 'Machine translation usage'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      expect(await page.textContent('main h1')).toBe(heading);
    }
    expect(await page.locator('svg.usage-chart rect.usage-bar').count()).toBeGreaterThan(0);
    await screenshot(page, 'admin-usage');
    // Chromium asks for /favicon.ico on its own; every resource the pages name must load.
    expect(missing.filter((path) => path !== '/favicon.ico')).toEqual([]);
    expect(problems.filter((m) => !/Failed to load resource/.test(m))).toEqual([]);
  });

  it('when an editor deletes a wrong memory entry, then the browser asks first; cancelled it stays, confirmed it is gone with a notice', async () => {
    const tmx = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" datatype="plaintext" segtype="sentence" o-tmf="t" srclang="en"/>
<body><tu><tuv xml:lang="en"><seg>Smuggling is booming (wrong)</seg></tuv><tuv xml:lang="ko"><seg>밀수가 성행한다</seg></tuv></tu></body></tmx>`;
    await page.goto(`${server.url}/memory?to=en`);
    await page.setInputFiles('#memory-file', { name: 'wrong.tmx', mimeType: 'application/x-tmx+xml', buffer: Buffer.from(tmx) });
    await navigateBy(page, /done=imported/, () => page.click('form[enctype="multipart/form-data"] button[type="submit"]'));
    expect(await page.textContent('p.message.notice')).toContain('ko → en: 1 added');
    await page.fill('#memory-q', '밀수');
    await navigateBy(page, /q=/, () => page.click('form[role="search"] button[type="submit"]'));
    const row = page.locator('table.memory tbody tr', { hasText: 'Smuggling is booming (wrong)' });
    expect(await row.count()).toBe(1);
    // The results with their delete buttons (the accessibility walk opens the page without a search).
    const found = await axeViolations(page);
    expect(describeViolations([...found.critical, ...found.serious])).toEqual([]);

    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await row.locator('form[action="/memory/delete"] button').click();
    expect(dialogs[0]).toContain('“밀수가 성행한다” → “Smuggling is booming (wrong)”');
    expect(await row.count()).toBe(1);

    page.once('dialog', (dialog) => void dialog.accept());
    await navigateBy(page, /done=deleted/, () => row.locator('form[action="/memory/delete"] button').click());
    expect(await page.textContent('p.message.notice')).toContain('The entry was deleted');
    expect(await page.locator('table.memory tbody tr', { hasText: 'Smuggling is booming' }).count()).toBe(0);
    expect(await page.inputValue('#memory-q')).toBe('밀수');
    expect(problems.filter((m) => !/Failed to load resource/.test(m))).toEqual([]);
  });
});
