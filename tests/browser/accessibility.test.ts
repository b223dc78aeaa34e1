import type { Express } from 'express';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../src/web/route-table.ts';
import { UI_LANGUAGES } from '../../src/web/i18n.ts';
import { axeViolations, describeViolations, installAxe } from '../support/axe.ts';
import { launchChromium, login, navigateBy, screenshot } from '../support/browser.ts';
import { startSampleSite, SAMPLE_SLUG } from '../support/sample-site.ts';
import { ADMIN_PASSWORD, type RealServer } from '../support/tandem-server.ts';

/**
 * Every staff page the real app serves (its own route table, so pages added later are walked too) and the reader
 * site, in each UI language, on a phone-sized screen: axe-core finds no critical or serious violation anywhere and no
 * moderate one on the daily work pages, and no page scrolls sideways.
 */

const PHONE = { width: 390, height: 844 };
/** The pages people work on all day: not even a moderate violation there. */
const WORK_PAGES = /^\/(?:review|queue|articles|publish)(?:\/|$)/;
/** Values for route parameters; a route with a parameter not named here fails the walk (add its sample value). */
const PARAMS: Readonly<Record<string, string>> = { slug: SAMPLE_SLUG, locale: 'en', version: '1' };

let server: RealServer;
let browser: Browser;
let staff: BrowserContext;
let page: Page;
let staffPaths: string[];
/**
 * GET routes that answer no page: event streams (they never finish loading), file downloads (`…/export.csv`) and the
 * JSON API (`/api/v1/…`; its public documentation page is added to the walk below) and the review page's row fragment
 * for its script (JSON).
 */
const NOT_PAGES = /^\/events\/|^\/api\/v1\/|\.\w+$|^\/review\/[^/]+\/[^/]+\/row$/;

beforeAll(async () => {
  server = await startSampleSite();
  browser = await launchChromium();
  staff = await browser.newContext({ viewport: PHONE, locale: 'ko-KR' });
  await installAxe(staff);
  page = await staff.newPage();
  await login(page, server.url, 'admin', ADMIN_PASSWORD);
  const routes = listRoutes(server.server.server.listeners('request')[0] as Express);
  staffPaths = routes
    .filter((r) => r.method === 'get' && r.permission !== null && !NOT_PAGES.test(r.path))
    .map((r) =>
      r.path.replace(/:(\w+)/g, (_m, name: string) => {
        const value = PARAMS[name];
        if (!value) throw new Error(`accessibility: no sample value for :${name} in ${r.path}; add it to PARAMS`);
        return value;
      }),
    );
  // The API's documentation page is public (no guard), yet a page people read.
  staffPaths.push('/api/docs');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Finding {
  readonly path: string;
  readonly problems: string[];
}

/** Open `path`, run axe and measure the width; HTML pages only (the scripts' JSON endpoints are no pages). */
async function check(path: string): Promise<Finding | null> {
  const res = await page.goto(`${server.url}${path}`);
  if (!res?.headers()['content-type']?.startsWith('text/html')) return null;
  const found = await axeViolations(page);
  const problems = describeViolations([...found.critical, ...found.serious, ...(WORK_PAGES.test(path) ? found.moderate : [])]);
  problems.push(...(await sideways(page)));
  return { path, problems };
}

/** Nothing when the page fits the phone's width; otherwise its width and the outermost elements that stick out. */
async function sideways(on: Page): Promise<string[]> {
  const width = await on.evaluate(() => document.documentElement.scrollWidth);
  if (width <= PHONE.width) return [];
  const culprits = await on.evaluate((limit) => {
    const wide = Array.from(document.querySelectorAll('body *')).filter((el) => el.getBoundingClientRect().right > limit + 0.5);
    return wide
      .filter((el) => !wide.includes(el.parentElement as Element))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`);
  }, PHONE.width);
  return [`scrolls sideways: ${width} px wide at ${PHONE.width} px (${culprits.join(', ')})`];
}

// axe takes a second or more per page on a loaded two-core machine; a walk is one test.
const WALK_TIMEOUT_MS = 120_000;

describe.each(UI_LANGUAGES)('accessibility in %s', (lng) => {
  it(
    'when every staff page is opened on a phone, then axe finds nothing serious and nothing scrolls sideways',
    async () => {
      await page.goto(`${server.url}/`);
      if ((await page.locator('html').getAttribute('lang')) !== lng) {
        await navigateBy(page, /\/$/, () => page.click(`form.language-switcher button[value="${lng}"]`));
      }
      expect(await page.locator('html').getAttribute('lang')).toBe(lng);
      const findings: Finding[] = [];
      for (const path of staffPaths) {
        const finding = await check(path);
        if (finding) findings.push(finding);
      }
      expect(findings.length).toBeGreaterThan(5);
      expect(findings.filter((f) => f.problems.length > 0)).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );
});

describe('accessibility of the reader site', () => {
  it(
    'when each reader page is opened on a phone, then axe finds nothing serious and nothing scrolls sideways',
    async () => {
      const reader = await browser.newContext({ viewport: PHONE, locale: 'ko-KR' });
      const readerPage = await reader.newPage();
      const findings: Finding[] = [];
      for (const path of [
        '/ko/',
        '/en/',
        '/ja/',
        `/ko/articles/${SAMPLE_SLUG}`,
        `/en/articles/${SAMPLE_SLUG}`,
        `/ja/articles/${SAMPLE_SLUG}`,
        '/en/articles/nothing',
      ]) {
        await readerPage.goto(`${server.url}${path}`);
        const found = await axeViolations(readerPage);
        const problems = describeViolations([...found.critical, ...found.serious]);
        problems.push(...(await sideways(readerPage)));
        findings.push({ path, problems });
      }
      await reader.close();
      expect(findings.filter((f) => f.problems.length > 0)).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );
});

describe('on a phone', () => {
  it('when the review page opens, then the first segment starts within the first screen', async () => {
    await page.goto(`${server.url}/review/${SAMPLE_SLUG}/en`);
    await screenshot(page, 'review-phone');
    const top = await page
      .locator('li.segment')
      .first()
      .evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeLessThan(PHONE.height);
  });

  it('when the UI language is switched on an error page, then it lands on a page that exists in that language', async () => {
    // As when a link on the articles page leads nowhere: the browser sends where it came from.
    await page.goto(`${server.url}/no-such-page`, { referer: `${server.url}/articles` });
    const target = (await page.locator('html').getAttribute('lang')) === 'ko' ? 'en' : 'ko';
    await navigateBy(page, /\/articles$/, () => page.click(`form.language-switcher button[value="${target}"]`));
    expect(await page.locator('html').getAttribute('lang')).toBe(target);
    expect(await page.locator('h1').count()).toBe(1);
  });
});
