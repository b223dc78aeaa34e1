import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlug } from '../../src/core/slug.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { launchChromium, login, newContext, settleInPlace } from '../support/browser.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import { PASSWORD } from '../web/helpers.ts';

// The buttons each open review page offers follow a state someone else sets, drawn for that page's own user. Nothing
// here sleeps: every wait is on a DOM condition.
let app: ReviewApp;
let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  app = await startReviewApp({
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
    ],
    live: {},
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function as(name: string): Promise<Page> {
  const { context, problems: seen } = await newContext(browser);
  const page = await context.newPage();
  await login(page, app.url, name, PASSWORD);
  page.on('close', () => problems.push(...seen));
  return page;
}

/** Open the review page, wait for its event stream, and mark the document so a reload would be noticed. */
async function openLive(page: Page, path: string): Promise<void> {
  await page.goto(`${app.url}${path}`);
  await page.waitForSelector('[data-events][data-live="open"]', { state: 'attached' });
  await page.evaluate(() => {
    (window as unknown as { __samePage: boolean }).__samePage = true;
  });
}

const seg = (id: string) => `li#seg-${id}`;
const samePage = (page: Page) => page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage === true);

describe('action buttons follow other people’s changes', { timeout: 120_000 }, () => {
  it('when a translator submits segments while a reviewer has the page open, then approve appears there, typed text kept', async () => {
    await app.rig.import('offers', MARKET_ARTICLE);
    const record = (await app.rig.store.get(parseSlug('offers')))!;
    const [first, second] = [...record.segments].sort((a, b) => a.order - b.order).map((s) => s.id);
    const rita = await as('rita');
    const tina = await as('tina');
    await openLive(rita, '/review/offers/en');
    await tina.goto(`${app.url}/review/offers/en`);
    expect(await rita.locator(`${seg(first!)} [data-action="approve"]`).count()).toBe(0);
    expect(await rita.locator(`${seg(second!)} [data-action="approve"]`).count()).toBe(0);

    // The reviewer is typing in the second segment when it is submitted.
    await rita.fill(`${seg(second!)} textarea[name="text"]`, 'Rita was typing this');

    await tina.fill(`${seg(first!)} textarea[name="text"]`, 'Market prices rise again');
    expect(await settleInPlace(tina, () => tina.click(`${seg(first!)} [data-action="submit"]`))).toBe('ready');
    await tina.fill(`${seg(second!)} textarea[name="text"]`, 'Rice prices doubled');
    expect(await settleInPlace(tina, () => tina.click(`${seg(second!)} [data-action="submit"]`))).toBe('ready');

    await rita.waitForSelector(`${seg(first!)}[data-redrawn="live"] [data-action="approve"]:not([disabled])`);
    await rita.waitForSelector(`${seg(second!)}[data-redrawn="live"] [data-action="approve"]`);
    expect(await rita.inputValue(`${seg(first!)} textarea[name="text"]`)).toBe('Market prices rise again');
    expect(await rita.inputValue(`${seg(second!)} textarea[name="text"]`)).toBe('Rita was typing this');
    expect(await rita.locator(`${seg(first!)} details.reject`).count()).toBe(1);
    expect(await samePage(rita)).toBe(true);

    // The translator's own page offers no approve for what she submitted.
    expect(await tina.locator(`${seg(first!)} [data-action="approve"]`).count()).toBe(0);

    // The reviewer approves the first: the translator's page follows (an approved segment is read-only for her).
    await openLive(tina, '/review/offers/en');
    expect(await tina.locator(`${seg(first!)} [data-action="save"]`).count()).toBe(1);
    expect(await settleInPlace(rita, () => rita.click(`${seg(first!)} [data-action="approve"]`))).toBe('ready');
    await tina.waitForSelector(`${seg(first!)}[data-redrawn="live"]`);
    expect(await tina.locator(`${seg(first!)} [data-action="save"]`).count()).toBe(0);
    expect(await samePage(tina)).toBe(true);

    await rita.context().close();
    await tina.context().close();
    // No script error on either page (resource loads are not this test's subject: a lock released by beacon while a
    // page navigates away may find its mark already gone).
    expect(problems.filter((p) => !p.startsWith('console: Failed to load resource'))).toEqual([]);
  });
});
