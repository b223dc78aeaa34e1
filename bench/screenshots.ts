// npm run bench:screenshots — issue 14: PNG screenshots of every staff page (as the roles that use it) and every reader
// page, at desktop (1280 wide) and phone (390 wide) width, from the real server with the sample newsroom (one article
// translated, approved and published through the web; tests/support/sample-site.ts). Saved to test-results/screenshots/
// (gitignored) and listed on stdout. Staff pages come from the app's own route table, so pages added later are taken
// too; a page answering an error is still shot (its file name says the status).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Express } from 'express';
import { chromium, type Browser } from 'playwright-core';
import { listRoutes } from '../src/web/route-table.ts';
import { SAMPLE_SLUG, startSampleSite } from '../tests/support/sample-site.ts';
import { ADMIN_PASSWORD, USER_PASSWORD } from '../tests/support/tandem-server.ts';
import { REPO } from './servers.ts';

const CHROMIUM = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';
const OUT = join(REPO, 'test-results/screenshots');
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
/** Route parameters of the sample newsroom. */
const PARAMS: Readonly<Record<string, string>> = { slug: SAMPLE_SLUG, locale: 'en', version: '1' };
/** GET routes that are no page: event streams, downloads, the review row fragment (JSON), the locks list (JSON). */
const NOT_PAGES = /^\/events\/|\.\w+$|\/row$|\/locks$/;
/** Who is shown each page: the admin sees every staff page; the other roles their daily pages. */
const ROLES: readonly { readonly name: string; readonly password: string; readonly pages: RegExp }[] = [
  { name: 'admin', password: ADMIN_PASSWORD, pages: /.*/ },
  { name: 'tina', password: USER_PASSWORD, pages: /^\/(?:|queue|review\/.*)$/ },
  { name: 'rita', password: USER_PASSWORD, pages: /^\/(?:|queue|review\/.*)$/ },
  { name: 'ed', password: USER_PASSWORD, pages: /^\/(?:|articles|publish\/.*|glossary|memory)$/ },
];
const READER_PAGES = ['/ko/', '/en/', `/ko/articles/${SAMPLE_SLUG}`, `/en/articles/${SAMPLE_SLUG}`, '/en/articles/nothing'];
const log = (line: string) => process.stdout.write(`${line}\n`);

function fileName(who: string, path: string, width: string, status: number): string {
  const slug =
    path
      .replace(/\?.*$/, '')
      .replace(/^\/|\/$/g, '')
      .replace(/[^\w-]+/g, '_') || 'home';
  return `${who}--${slug}--${width}${status >= 400 ? `--${status}` : ''}.png`;
}

async function shoot(browser: Browser, base: string, who: string, paths: readonly string[], password?: string): Promise<string[]> {
  const saved: string[] = [];
  for (const [width, viewport] of Object.entries(WIDTHS)) {
    const context = await browser.newContext({ viewport, locale: 'ko-KR' });
    const page = await context.newPage();
    if (password !== undefined) {
      await page.goto(`${base}/login`);
      await page.fill('input[name="name"]', who);
      await page.fill('input[name="password"]', password);
      await Promise.all([
        page.waitForURL((url) => !url.pathname.startsWith('/login')),
        page.click('form[action="/login"] button[type="submit"]'),
      ]);
    }
    for (const path of paths) {
      const res = await page.goto(`${base}${path}`, { waitUntil: 'domcontentloaded' });
      await page.waitForLoadState('load');
      const file = join(OUT, fileName(who, path, width, res?.status() ?? 0));
      await page.screenshot({ path: file, fullPage: true });
      saved.push(file);
    }
    await context.close();
  }
  return saved;
}

const server = await startSampleSite();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  await mkdir(OUT, { recursive: true });
  const routes = listRoutes(server.server.server.listeners('request')[0] as Express);
  const staff = routes
    .filter((r) => r.method === 'get' && r.permission !== null && !NOT_PAGES.test(r.path))
    .map((r) => r.path.replace(/:(\w+)/g, (_m, name: string) => PARAMS[name] ?? name))
    // The diff page compares two versions; the sample has one, compared with itself.
    .map((p) => (p.endsWith('/diff') ? `${p}?from=1&to=1` : p));
  const saved: string[] = [];
  for (const role of ROLES) {
    saved.push(...(await shoot(browser, server.url, role.name, [...new Set(staff.filter((p) => role.pages.test(p)))], role.password)));
  }
  saved.push(...(await shoot(browser, server.url, 'reader', READER_PAGES)));
  for (const file of saved) log(file);
  log(`${saved.length} screenshots in ${OUT}`);
} finally {
  await browser.close();
  await server.close();
}
