import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { launchChromium, login, navigateBy, newContext, screenshot, settleInPlace } from '../support/browser.ts';
import { ADMIN_PASSWORD, startRealServer, USER_PASSWORD, type RealServer } from '../support/tandem-server.ts';

let server: RealServer;
let browser: Browser;
let axeSource: string;
const COMMENT = '고유명사는 공식 표기를 따르세요';

async function as(name: string): Promise<Page> {
  const { context } = await newContext(browser);
  const page = await context.newPage();
  await login(page, server.url, name, name === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD);
  return page;
}

/** Critical and serious axe-core violations on the open page (evaluated through the DevTools protocol, so the CSP allows it). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const ids = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
    const result = await axe.run();
    return result.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id);
  });
  return ids;
}

beforeAll(async () => {
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  server = await startRealServer({
    articles: { 'market-prices.md': MARKET_ARTICLE },
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
    ],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('finding the work in a real browser', () => {
  it('when a reviewer rejects a submission, then the translator finds it on their home page with the comment and lands on the segment', async () => {
    const tina = await as('tina');
    await tina.goto(`${server.url}/review/market-prices/en`);
    const ids = await tina.$$eval('li.segment', (els) => els.map((e) => (e as HTMLElement).dataset.segment!));
    const target = ids[1]!;
    await tina.fill(`li#seg-${target} textarea[name="text"]`, 'Rice prices doubled');
    expect(await settleInPlace(tina, () => tina.click(`li#seg-${target} [data-action="submit"]`))).toBe('ready');

    const rita = await as('rita');
    await rita.goto(`${server.url}/`);
    expect(await rita.textContent('#work-toReview')).toContain('1');
    await rita.goto(`${server.url}/review/market-prices/en`);
    await rita.click(`li#seg-${target} details.reject summary`);
    await rita.fill(`li#seg-${target} textarea[name="comment"]`, COMMENT);
    await navigateBy(rita, /\/review\//, () => rita.click(`li#seg-${target} [data-action="reject"]`));

    await tina.goto(`${server.url}/`);
    expect(await tina.textContent('section[aria-labelledby="work-rejected"] blockquote')).toContain(COMMENT);
    await screenshot(tina, 'home-translator');
    expect(await seriousViolations(tina)).toEqual([]);
    await navigateBy(tina, /focus=/, () => tina.click('section[aria-labelledby="work-rejected"] li a'));
    expect(new URL(tina.url()).searchParams.get('focus')).toBe(target);
    expect(await tina.locator(`li#seg-${target}`).count()).toBe(1);

    await tina.goto(`${server.url}/queue`);
    expect(await tina.textContent('table.queue')).toContain(COMMENT);
    expect(await seriousViolations(tina)).toEqual([]);
    await tina.goto(`${server.url}/articles`);
    await navigateBy(tina, /\/review\/market-prices\/en$/, () => tina.click('table.articles th[scope="row"] a'));
  }, 120_000);

  it('when an admin opens home and the articles page, then axe finds no critical or serious violation', async () => {
    const admin = await as('admin');
    await admin.goto(`${server.url}/`);
    expect(await admin.locator('#work-users').count()).toBe(1);
    await screenshot(admin, 'home-admin');
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.goto(`${server.url}/articles`);
    expect(await seriousViolations(admin)).toEqual([]);
  }, 120_000);
});
