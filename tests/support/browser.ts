import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it (with fonts-nanum for Korean glyphs) when missing. */
export const CHROMIUM = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results');

/** One headless Chromium per test file; tests open contexts (one per person) on it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A fresh context (own cookies and localStorage) that collects page errors and CSP violations for the test to assert on. */
export async function newContext(browser: Browser, locale = 'ko-KR'): Promise<{ context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  context.on('page', (page) => watch(page, problems));
  return { context, problems };
}

function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
}

/** Log in through the real login form. */
export async function login(page: Page, base: string, name: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name="name"]', name);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('form.login-form button[type="submit"], form[action="/login"] button[type="submit"]'),
  ]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Runs `trigger` (a click or key press that submits a form or follows a link) and waits until the navigation it causes
 * has loaded at a URL matching `url`. `waitForURL` alone resolves at once when the page is already at a matching URL
 * (the second `?done=saved` in a row), so the test would race ahead of the request it just sent.
 */
export async function navigateBy(page: Page, url: RegExp, trigger: () => Promise<unknown>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame() && url.test(frame.url()),
  });
  await trigger();
  await navigated;
  await page.waitForLoadState('load');
}

/**
 * Runs `trigger` (a click or key press on a segment's save, submit or approve, which the review page sends without
 * leaving the page) and waits until review-edit.js has answered it: the row redrawn and focus moved on
 * (`tandem:segment-ready`, resolves to "ready") or the refusal shown beside the editor ("refused").
 */
export async function settleInPlace(page: Page, trigger: () => Promise<unknown>): Promise<'ready' | 'refused'> {
  await page.evaluate(() => {
    const w = window as unknown as { __settled?: Promise<string> };
    w.__settled = new Promise((resolve) => {
      document.addEventListener('tandem:segment-ready', () => resolve('ready'), { once: true });
      document.addEventListener('tandem:segment-refused', () => resolve('refused'), { once: true });
    });
  });
  await trigger();
  return page.evaluate(() => (window as unknown as { __settled: Promise<'ready' | 'refused'> }).__settled);
}
