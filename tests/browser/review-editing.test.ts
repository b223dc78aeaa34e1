import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { launchChromium, login, newContext, screenshot, settleInPlace } from '../support/browser.ts';
import { startRealServer, USER_PASSWORD, type RealServer } from '../support/tandem-server.ts';

// Issue 14, editing, in Chromium against the real server: a reviewer's correction approved in one action, Ctrl+Enter
// moving on without a page load, tags inserted from the source and by shortcut, the live preview.
let server: RealServer;
let browser: Browser;
const people = new Map<string, { context: BrowserContext; page: Page; problems: string[] }>();

async function as(name: string): Promise<Page> {
  const found = people.get(name);
  if (found) return found.page;
  const { context, problems } = await newContext(browser);
  const page = await context.newPage();
  await login(page, server.url, name, USER_PASSWORD);
  people.set(name, { context, page, problems });
  return page;
}

async function openReview(page: Page): Promise<string[]> {
  await page.goto(`${server.url}/review/market-prices/en`);
  return page.$$eval('li.segment', (els) => els.map((e) => (e as HTMLElement).dataset.segment!));
}

const seg = (id: string) => `li#seg-${id}`;
const editor = (id: string) => `${seg(id)} textarea[name="text"]`;
/** Page loads of this document so far, plus a marker set on the window: both survive only if the page never reloads. */
const loadsAndMarker = (page: Page) =>
  page.evaluate(() => [performance.getEntriesByType('navigation').length, (window as unknown as { marker?: string }).marker]);

beforeAll(async () => {
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

describe('editing on the review page', () => {
  it('when a translator presses Ctrl+Enter, then the segment is submitted in place and the next one needing them is focused', async () => {
    const tina = await as('tina');
    const ids = await openReview(tina);
    await tina.evaluate(() => {
      (window as unknown as { marker?: string }).marker = 'still here';
    });
    for (const [k, text] of ['Market prices rise again', 'Rice prices at Pyongyang markets doubled in a month.'].entries()) {
      await tina.fill(editor(ids[k]!), text);
      expect(await settleInPlace(tina, () => tina.keyboard.press('Control+Enter'))).toBe('ready');
      expect(await tina.textContent(`${seg(ids[k]!)} .state`)).toBe('검토 요청');
      expect(await tina.evaluate(() => document.activeElement?.id)).toBe(`t-${ids[k + 1]}`);
    }
    expect(await loadsAndMarker(tina)).toEqual([1, 'still here']);
  });

  it('when a translator presses Ctrl+S, then the draft is saved in place and the editor keeps focus', async () => {
    const tina = await as('tina');
    const ids = await openReview(tina);
    await tina.fill(editor(ids[2]!), 'Background');
    expect(await settleInPlace(tina, () => tina.keyboard.press('Control+KeyS'))).toBe('ready');
    expect(await tina.textContent(`${seg(ids[2]!)} .state`)).toBe('초안');
    expect(await tina.evaluate(() => document.activeElement?.id)).toBe(`t-${ids[2]}`);
    expect((await loadsAndMarker(tina))[0]).toBe(1);
  });

  it('when a reviewer corrects a submitted segment and approves, then it is approved with the correction, in place, and the history says so', async () => {
    const rita = await as('rita');
    const ids = await openReview(rita);
    const para = ids[1]!;
    expect(await rita.isVisible(`${seg(para)} [data-action="submit"]`)).toBe(false);
    await rita.fill(editor(para), 'Rice prices at Pyongyang markets doubled within a month.');
    expect(await settleInPlace(rita, () => rita.click(`${seg(para)} [data-action="approve"]`))).toBe('ready');
    expect(await rita.textContent(`${seg(para)} .state`)).toBe('승인');
    expect(await rita.inputValue(editor(para))).toBe('Rice prices at Pyongyang markets doubled within a month.');
    await rita.click(`${seg(para)} details.history summary`);
    expect(await rita.textContent(`${seg(para)} details.history`)).toContain('tina 님이 요청한 번역을 검토자가 고쳐서');
    expect((await loadsAndMarker(rita))[0]).toBe(1);
    await screenshot(rita, 'review-corrected');
  });

  it('when a tag in the source is clicked, then it is inserted at the cursor; Alt+T inserts the next missing one', async () => {
    const tina = await as('tina');
    const ids = await openReview(tina);
    const para = ids[3]!; // 주민들은 **환율** 변동을 원인으로 꼽는다.
    expect(await tina.textContent(`${seg(para)} .seg-source .inline-tag >> nth=0`)).toBe('<g1>');
    await tina.fill(editor(para), 'Residents blame  swings.');
    await tina.evaluate((selector) => (document.querySelector(selector) as HTMLTextAreaElement).setSelectionRange(16, 16), editor(para));
    await tina.click(`${seg(para)} .seg-source .inline-tag[data-tag="<g1>"]`);
    await tina.keyboard.type('exchange rate');
    await tina.keyboard.press('Alt+KeyT');
    expect(await tina.inputValue(editor(para))).toBe('Residents blame <g1>exchange rate</g1> swings.');
    await tina.keyboard.press('Alt+KeyT');
    expect(await tina.textContent(`${seg(para)} .seg-error`)).toContain('원문의 태그가 모두 있습니다');
    expect(await tina.inputValue(editor(para))).toBe('Residents blame <g1>exchange rate</g1> swings.');
  });

  it('when a translation is typed, then the preview under the editor renders it as readers see it, text as text', async () => {
    const tina = await as('tina');
    const ids = await openReview(tina);
    const para = ids[3]!;
    await tina.fill(editor(para), 'Residents blame <g1>exchange rate</g1> swings <img src=x onerror="window.__pwned=1">.');
    const preview = `${seg(para)} [data-preview]`;
    expect(await tina.isVisible(preview)).toBe(true);
    expect(await tina.innerHTML(preview)).toBe(
      'Residents blame <strong>exchange rate</strong> swings &lt;img src=x onerror="window.__pwned=1"&gt;.',
    );
    expect(await tina.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('when every page was used, then no page logged a script error or a CSP violation', () => {
    const problems = [...people.values()].flatMap((p) => p.problems).filter((m) => !/Failed to load resource/.test(m));
    expect(problems).toEqual([]);
  });
});
