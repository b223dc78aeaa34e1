import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editor, reviewer, SAMPLE_SLUG, translator } from '../services/publish-fixture.ts';
import { launchChromium, login, navigateBy, newContext, screenshot } from '../support/browser.ts';
import { PASSWORD } from '../web/helpers.ts';
import { startReaderApp, type ReaderApp } from '../web/reader-fixture.ts';

let app: ReaderApp;
let browser: Browser;
let context: BrowserContext;
let problems: string[];
let page: Page;

/** Change one approved English translation and approve it again (editing approved text sends it back to review). */
async function reviseEnglish(index: number, text: (source: string) => string): Promise<void> {
  const record = (await app.deps.store.get(SAMPLE_SLUG as never))!;
  const segment = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order)[index]!;
  const current = record.translations.find((t) => t.segmentId === segment.id && t.locale === 'en')!;
  const ref = { slug: SAMPLE_SLUG, segmentId: segment.id, locale: 'en' };
  await app.review.saveTranslation({ ...ref, text: text(segment.source), baseRevision: current.revision, actor: translator });
  await app.review.approve({ ...ref, actor: reviewer });
}

beforeAll(async () => {
  app = await startReaderApp();
  await app.approveAll('en');
  browser = await launchChromium();
  ({ context, problems } = await newContext(browser, 'en-US'));
  page = await context.newPage();
  await login(page, app.url, 'editor-park', PASSWORD);
  // The login page's /favicon.ico 404 (the app serves none) is not about publishing; what follows must be clean.
  problems.length = 0;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('publishing in a real browser', () => {
  it('when an editor previews English, then the reader page shows under a "not published" banner', async () => {
    await page.goto(`${app.url}/publish/${SAMPLE_SLUG}`);
    const japanese = page.locator('tr[data-locale="ja"]');
    expect(await japanese.getByRole('button', { name: 'Publish…' }).isDisabled()).toBe(true);
    expect(await japanese.locator('.publish-readiness').textContent()).toMatch(/segments? not approved/);

    const english = page.locator('tr[data-locale="en"]');
    await navigateBy(page, /\/preview$/, () => english.getByRole('link', { name: 'Preview' }).click());
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('complementary').first().textContent()).toContain('Preview, not published');
    expect(await page.locator('h1').textContent()).toContain('[en]');
    await screenshot(page, 'publish-preview-desktop');
  });

  it('when they go on to publish from the preview, then a confirmation sums it up and a notice confirms the publish', async () => {
    await navigateBy(page, /\/confirm$/, () => page.getByRole('link', { name: 'Publish…' }).click());
    const summary = page.locator('.publish-summary');
    expect(await summary.textContent()).toContain('First publication: this becomes v1.');
    await screenshot(page, 'publish-confirm-desktop');
    await navigateBy(page, /done=published/, () => page.getByRole('button', { name: 'Publish v1 now' }).click());
    expect(await page.getByRole('status').textContent()).toContain('Published v1 in English.');
    const english = page.locator('tr[data-locale="en"]');
    expect(await english.locator('.publish-readiness').textContent()).toContain('Up to date');
    expect(await english.getByRole('button', { name: 'Publish…' }).isDisabled()).toBe(true);
    expect((await page.request.get(`${app.url}/en/articles/${SAMPLE_SLUG}`)).status()).toBe(200);
  });

  it('when a phone opens the diff of two versions, then it wraps and never scrolls sideways', async () => {
    // An unbroken run (a pasted link) is the hardest case for wrapping.
    await reviseEnglish(3, (source) => `[en] See https://example.org/${'rice-prices-'.repeat(20)}report ${source}`);
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/publish/${SAMPLE_SLUG}/en/diff?from=1&to=2`);
    expect(await page.locator('.version-diff ins').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'publish-diff-phone');
    expect(problems).toEqual([]);
  });
});
