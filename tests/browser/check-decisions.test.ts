import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { launchChromium, login, navigateBy, newContext, screenshot, settleInPlace } from '../support/browser.ts';
import { startRealServer, USER_PASSWORD, type RealServer } from '../support/tandem-server.ts';
import { runInProcess } from '../cli/run-tandem.ts';

// A reviewer acts on check results in the Korean UI, then `tandem check` runs over the same data directory. The tests
// build on each other in order: results appear, a warning is dismissed, an error is overridden, the CLI agrees.
const SLUG = 'market-prices';
// The paragraph without its full stop fails end-punctuation (a warning); the corn price changed fails numbers (an error).
const WARNS = 'Rice prices at Pyongyang markets doubled in a month';
const ERRS = 'Corn 1kg: 9,999 won';

let server: RealServer;
let browser: Browser;
const problems: string[] = [];
let ids: string[] = [];

const seg = (id: string) => `li#seg-${id}`;
/** One check result on the review page: `<li data-check data-status>` inside the segment's checks aside. */
const result = (page: Page, id: string, checkId: string): Locator => page.locator(`${seg(id)} .aside.checks li[data-check="${checkId}"]`);

async function personIn(name: string): Promise<Page> {
  const { context, problems: seen } = await newContext(browser);
  const page = await context.newPage();
  page.on('close', () => problems.push(...seen));
  await login(page, server.url, name, USER_PASSWORD);
  return page;
}

async function openReview(page: Page): Promise<string[]> {
  await page.goto(`${server.url}/review/${SLUG}/en`);
  return page.$$eval('li.segment', (els) => els.map((e) => (e as HTMLElement).dataset.segment!));
}

/** Submit and approve answer in place (issue 14); dismissals are form posts that load the page again. */
async function act(page: Page, selector: string, done: RegExp): Promise<void> {
  if (/data-action="(submit|approve)"/.test(selector)) await settleInPlace(page, () => page.click(selector));
  else await navigateBy(page, done, () => page.click(selector));
}

beforeAll(async () => {
  server = await startRealServer({
    articles: { 'market-prices.md': MARKET_ARTICLE },
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
    ],
    deepl: false,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// Logging in to the real server pays the real password hashing: generous timeouts on a loaded machine.
describe('acting on check results in a real browser', { timeout: 60_000 }, () => {
  let rita: Page;

  it('when a translator submits text that fails checks, then the reviewer sees the results in the Korean UI', async () => {
    const tina = await personIn('tina');
    ids = await openReview(tina);
    for (const [id, text] of [
      [ids[1]!, WARNS],
      [ids[6]!, ERRS],
    ] as const) {
      await tina.fill(`${seg(id)} textarea[name="text"]`, text);
      await act(tina, `${seg(id)} [data-action="submit"]`, /done=submitted/);
    }
    await tina.close();

    rita = await personIn('rita');
    await openReview(rita);
    expect(await rita.getAttribute('html', 'lang')).toBe('ko');
    const warning = result(rita, ids[1]!, 'end-punctuation');
    expect(await warning.getAttribute('data-status')).toBe('open');
    expect(await warning.locator('.severity').textContent()).toBe('경고');
    const error = result(rita, ids[6]!, 'numbers');
    expect(await error.getAttribute('data-status')).toBe('open');
    expect(await error.locator('.severity').textContent()).toBe('오류');
    // The check's own text reads as a Korean sentence, never a key-value dump.
    for (const item of [warning, error]) {
      const sentence = (await item.locator('.check-detail').textContent())?.trim() ?? '';
      expect(sentence).toMatch(/[가-힣]+.*니다/);
      expect(sentence).not.toMatch(/\[object Object\]|missing|extra|source:|target:/);
    }
  });

  it('when the reviewer dismisses the warning with a reason, then it shows muted with who and why', async () => {
    const warning = result(rita, ids[1]!, 'end-punctuation');
    await warning.locator('details.check-dismiss summary').click();
    await warning.locator('input[name="reason"]').fill('원문 인용 그대로 둠');
    await act(rita, `${seg(ids[1]!)} li[data-check="end-punctuation"] [data-action="dismiss"]`, /done=dismissed/);
    const after = result(rita, ids[1]!, 'end-punctuation');
    expect(await after.getAttribute('data-status')).toBe('dismissed');
    expect(await after.locator('.check-decision').textContent()).toContain('rita 님이 이 세그먼트에서 무시함');
    expect(await after.locator('.check-reason').textContent()).toBe('원문 인용 그대로 둠');
    expect(await after.evaluate((el) => getComputedStyle(el).color)).not.toBe(
      await result(rita, ids[6]!, 'numbers').evaluate((el) => getComputedStyle(el).color),
    );
  });

  it('when the reviewer approves the other segment with an override reason, then its error shows as overridden', async () => {
    await rita.fill(`${seg(ids[6]!)} input[name="override"]`, '시장 가격표가 정정됨');
    await act(rita, `${seg(ids[6]!)} [data-action="approve"]`, /done=approved/);
    expect(await rita.textContent(`${seg(ids[6]!)} .state`)).toBe('승인');
    const error = result(rita, ids[6]!, 'numbers');
    expect(await error.getAttribute('data-status')).toBe('overridden');
    expect(await error.locator('.check-decision').textContent()).toContain('rita 님이 승인하며 예외로 인정함');
    await screenshot(rita, 'review-check-decisions');
    await rita.close();
  });

  it('when tandem check runs over the same data directory afterwards, then it exits 0 and reports both decisions', async () => {
    // The server owns the data directory; stop it (which releases the lock) as an operator would.
    await server.server.close();
    const { dataDir, contentDir, publishDir } = server.config;
    const env = { TANDEM_DATA_DIR: dataDir, TANDEM_CONTENT_DIR: contentDir, TANDEM_PUBLISH_DIR: publishDir, LOG_LEVEL: 'silent' };
    const run = await runInProcess(['check', SLUG, '--locale', 'en', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      errors: number;
      dismissed: number;
      overridden: number;
      segments: { results: { checkId: string; status: string }[] }[];
    };
    expect(report).toMatchObject({ errors: 0, dismissed: 1, overridden: 1 });
    expect(report.segments.flatMap((s) => s.results.map((r) => [r.checkId, r.status]))).toEqual([
      ['end-punctuation', 'dismissed'],
      ['numbers', 'overridden'],
    ]);
  });

  it('when every page was used, then no page logged a script error or a CSP violation', () => {
    expect(problems.filter((m) => !/Failed to load resource/.test(m))).toEqual([]);
  });
});
