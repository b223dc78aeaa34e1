import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlug } from '../../src/core/slug.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { launchChromium, login, newContext, settleInPlace } from '../support/browser.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import { PASSWORD } from '../web/helpers.ts';

// Live updates in Chromium: the real app in-process with its change feed, the MT service talking to the fake DeepL
// server (the test runs the worker's rounds with drain()), typing marks that last 1.5 s. Nothing here sleeps: every
// wait is on a DOM condition.
const TTL_MS = 1_500;
let app: ReviewApp;
let browser: Browser;
const problems: string[] = [];
/** Answers of 400 and above the pages got (lock posts, streams, assets). */
const failed: string[] = [];
const pages = new Map<string, Page>();
let articles = 0;

beforeAll(async () => {
  app = await startReviewApp({
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
      { name: 'ed', role: 'editor' },
    ],
    live: { presenceTtlMs: TTL_MS },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function as(name: string): Promise<Page> {
  const found = pages.get(name);
  if (found) return found;
  const { context, problems: seen } = await newContext(browser);
  const page = await context.newPage();
  page.on('response', (res) => {
    if (res.status() >= 400) failed.push(`${res.status()} ${new URL(res.url()).pathname}`);
  });
  await login(page, app.url, name, PASSWORD);
  pages.set(name, page);
  // Checked once at the end of each test: no script error, no CSP refusal.
  page.on('close', () => problems.push(...seen));
  return page;
}

/** A newly imported article, untranslated, and its segment ids in reading order. */
async function fresh(): Promise<{ slug: string; ids: string[] }> {
  const slug = `live-${++articles}`;
  await app.rig.import(slug, MARKET_ARTICLE);
  const record = (await app.rig.store.get(parseSlug(slug)))!;
  return { slug, ids: [...record.segments].sort((a, b) => a.order - b.order).map((s) => s.id) };
}

/** Open the review page and wait until its event stream is connected, so nothing that follows can be missed. */
async function openLive(page: Page, path: string): Promise<void> {
  await page.goto(`${app.url}${path}`);
  await page.waitForSelector('[data-events][data-live="open"]', { state: 'attached' });
  await page.evaluate(() => {
    (window as unknown as { __samePage: boolean }).__samePage = true;
  });
}

const seg = (id: string) => `li#seg-${id}`;
const samePage = (page: Page) => page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage === true);

// Two cores shared with other test files: a browser round trip can be slow, never stuck.
describe('live updates in a real browser', { timeout: 60_000 }, () => {
  it('when machine translation runs while the review page is open, then its progress and then the drafts appear without a reload', async () => {
    const { slug, ids } = await fresh();
    const tina = await as('tina');
    await openLive(tina, `/review/${slug}/en`);
    expect(await tina.inputValue(`${seg(ids[0]!)} textarea[name="text"]`)).toBe('');

    await app.rig.service.enqueue({ slugs: [slug], locales: ['en'], by: 'ed' });
    await tina.waitForSelector(`[data-live-mt] tr[data-mt-row="${slug} en"] .mt-queued:not(:empty)`);
    expect(await tina.isVisible('[data-live-mt]')).toBe(true);

    await app.rig.service.drain();
    await tina.waitForFunction(
      (sel) => (document.querySelector(sel) as HTMLTextAreaElement | null)?.value.startsWith('⟪EN-US⟫'),
      `${seg(ids[0]!)} textarea[name="text"]`,
    );
    await tina.waitForSelector(`[data-live-mt] tr[data-mt-row="${slug} en"]`, { state: 'detached' });
    expect(await tina.textContent(`${seg(ids[0]!)} .seg-meta .state`)).toBe('초안');
    expect(await tina.inputValue(`${seg(ids[1]!)} textarea[name="text"]`)).toContain('평양 장마당의 쌀값');
    expect(await samePage(tina)).toBe(true);
  });

  it('when another person approves or edits a segment, then the badge changes on the open page and typed text is kept', async () => {
    const { slug, ids } = await fresh();
    const [title, para] = ids as [string, string];
    const tina = await as('tina');
    await tina.goto(`${app.url}/review/${slug}/en`);
    await tina.fill(`${seg(title)} textarea[name="text"]`, 'Market prices rise again');
    expect(await settleInPlace(tina, () => tina.click(`${seg(title)} [data-action="submit"]`))).toBe('ready');
    await openLive(tina, `/review/${slug}/en`);
    // Tina is typing in the paragraph (unsaved) when Rita saves her own text there.
    await tina.fill(`${seg(para)} textarea[name="text"]`, 'Rice prices doubled');

    const rita = await as('rita');
    await rita.goto(`${app.url}/review/${slug}/en`);
    expect(await settleInPlace(rita, () => rita.click(`${seg(title)} [data-action="approve"]`))).toBe('ready');
    await tina.waitForSelector(`${seg(title)} .seg-meta .state.state-approved`);
    expect(await tina.textContent(`${seg(title)} .seg-meta .state`)).toBe('승인');

    await rita.fill(`${seg(para)} textarea[name="text"]`, 'The price of rice doubled in a month.');
    expect(await settleInPlace(rita, () => rita.click(`${seg(para)} [data-action="save"]`))).toBe('ready');
    await tina.waitForSelector(`${seg(para)} [data-live-notice]`);
    expect(await tina.textContent(`${seg(para)} [data-live-notice]`)).toContain('rita');
    expect(await tina.inputValue(`${seg(para)} textarea[name="text"]`)).toBe('Rice prices doubled');
    expect(await samePage(tina)).toBe(true);
  });

  it('when someone types in a segment, then others see it while they type, and not after they leave or stop', async () => {
    const { slug, ids } = await fresh();
    const [first, second, third] = ids as [string, string, string];
    const rita = await as('rita');
    await openLive(rita, `/review/${slug}/en`);
    const tina = await as('tina');
    await openLive(tina, `/review/${slug}/en`);
    const marker = (id: string) => `${seg(id)} [data-soft-lock]`;

    // Merely moving through a segment marks nothing: the first mark Rita sees is where Tina typed.
    await tina.focus(`${seg(first)} textarea[name="text"]`);
    await tina.focus(`${seg(second)} textarea[name="text"]`);
    await tina.keyboard.type('Pyongyang');
    await rita.waitForSelector(`${marker(second)}:not([hidden])`);
    expect(await rita.textContent(marker(second))).toContain('tina');
    expect(await rita.isHidden(marker(first))).toBe(true);
    expect(await tina.isHidden(marker(second))).toBe(true);

    // Leaving the field ends the mark at once (sendBeacon on blur, its token in the body).
    const released = tina.waitForEvent('requestfinished', {
      predicate: (req) => req.url().endsWith(`/${second}/lock`) && (req.postData() ?? '').includes('release=1'),
    });
    await tina.focus(`${seg(third)} textarea[name="text"]`);
    expect((await (await released).response())?.status()).toBe(200);
    await rita.waitForSelector(marker(second), { state: 'hidden' });

    // Typing and then stopping, still in the field: the mark runs out after the TTL.
    await tina.keyboard.type('Background');
    await rita.waitForSelector(`${marker(third)}:not([hidden])`);
    await rita.waitForSelector(marker(third), { state: 'hidden', timeout: TTL_MS + 10_000 });
    expect(await tina.evaluate(() => document.activeElement?.getAttribute('data-segment'))).toBe(third);
  });

  it('when the editor watches the articles page, then a queued article’s row appears and goes once it is translated', async () => {
    const { slug } = await fresh();
    const ed = await as('ed');
    await ed.goto(`${app.url}/articles`);
    await ed.waitForSelector('[data-events][data-live="open"]', { state: 'attached' });
    await app.rig.service.enqueue({ slugs: [slug], locales: ['en'], by: 'ed' });
    await ed.waitForSelector(`tr[data-mt-row="${slug} en"] a[href="/review/${slug}/en"]`);
    await app.rig.service.drain();
    await ed.waitForSelector(`tr[data-mt-row="${slug} en"]`, { state: 'detached' });
  });

  it('when the pages were used, then no script error or CSP violation was reported', async () => {
    for (const page of pages.values()) await page.close();
    // The browser's own favicon request is the only miss (Tandem serves none).
    expect(failed.filter((f) => f !== '404 /favicon.ico')).toEqual([]);
    expect(problems.filter((m) => !/Failed to load resource/.test(m))).toEqual([]);
  });
});
