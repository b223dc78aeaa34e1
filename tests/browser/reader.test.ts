import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editor, SAMPLE_FILE, SAMPLE_SLUG } from '../services/publish-fixture.ts';
import { startReaderApp, type ReaderApp } from '../web/reader-fixture.ts';
import { screenshot } from '../support/browser.ts';

let app: ReaderApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startReaderApp();
  await app.approveAll('en');
  await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  // A Korean reader: the browser asks for Korean first.
  context = await browser.newContext({ locale: 'ko-KR' });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('reading in a real browser', () => {
  it('when a Korean reader opens the site, then they read the article in Korean', async () => {
    await page.goto(`${app.url}/`);
    expect(new URL(page.url()).pathname).toBe('/ko/');
    await page.getByRole('link', { name: /평양 장마당 쌀값/ }).click();
    await page.waitForURL(`**/ko/articles/${SAMPLE_SLUG}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    await expect.poll(() => page.locator('h1').textContent()).toBe('평양 장마당 쌀값 한 달 새 18% 올라…환율도 동반 상승');
  });

  it('when they pick English in the switcher, then the English version shows, and a reload and a visit to / stay in English', async () => {
    const switcher = page.getByRole('navigation', { name: '다른 언어로 읽기' });
    expect(await switcher.getByRole('link').allTextContents()).toEqual(['English']);
    await switcher.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`**/en/articles/${SAMPLE_SLUG}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('.translation-disclosure').textContent()).toMatch(/^Translated from Korean/);

    await page.reload();
    expect(new URL(page.url()).pathname).toBe(`/en/articles/${SAMPLE_SLUG}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto(`${app.url}/`);
    expect(new URL(page.url()).pathname).toBe('/en/');
  });

  it('when the source is edited and re-imported, then the English page shows the outdated notice linking the original', async () => {
    const source = await readFile(SAMPLE_FILE, 'utf8');
    await app.importSource(source.replace('18% 가까이 오른', '21% 가까이 오른'));
    await page.goto(`${app.url}/en/articles/${SAMPLE_SLUG}`);
    const notice = page.getByRole('note');
    expect(await notice.textContent()).toContain('The original article has been updated since this translation was published.');
    await screenshot(page, 'reader-outdated-en');
    await notice.getByRole('link').click();
    await page.waitForURL(`**/ko/articles/${SAMPLE_SLUG}`);
    expect(await page.locator('.article-body').textContent()).toContain('21% 가까이');
  });

  it('when a language the article is not published in is opened, then the not-available page offers the others', async () => {
    const response = await page.goto(`${app.url}/ja/articles/${SAMPLE_SLUG}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('この記事は日本語では公開されていません');
    const offered = await page.locator('.available-languages a').evaluateAll((links) => links.map((a) => a.getAttribute('data-locale')));
    expect(offered).toEqual(['ko', 'en']);
  });
});
