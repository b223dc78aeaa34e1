// npm run bench:ctrl-enter — issue 14: in a real Chromium against one real `tandem serve` (on the cached archive of
// BENCH_CTRL_ENTER_ARTICLES, default 100, generated articles; bench/archive-data.ts), the time from Ctrl+Enter in a
// segment's editor to the next segment being ready: the row redrawn with its new state and the next segment's editor
// focused, with no page load. On the 25-segment review article, whose English segments are all drafts: one pass of
// Ctrl+Enter submits each (a translator's flow), a second pass approves each (a reviewer's). Median of each pass.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { archive, copyArchive, EDITOR, PASSWORD, REVIEW_SEGMENTS, REVIEW_SLUG, ROOT } from './archive-data.ts';
import { median, startTandem } from './servers.ts';

const SIZE = Number(process.env.BENCH_CTRL_ENTER_ARTICLES ?? 100);
const CHROMIUM = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';
const TARGET_MS = 100;
const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Press Ctrl+Enter in the focused editor and measure, inside the page, until review-edit.js reports the next segment
 * ready (`tandem:segment-ready`) with focus on its editor. Resolves to milliseconds and the id now focused.
 */
async function ctrlEnter(page: Page): Promise<{ ms: number; dom: number; focus: string; state: string }> {
  const ready = page.evaluate(
    () =>
      new Promise<{ ms: number; dom: number; focus: string; state: string }>((resolve) => {
        // From the key event itself (its timeStamp is on the performance clock), not from the bench's own call.
        let started = performance.now();
        window.addEventListener(
          'keydown',
          (event) => {
            started = event.timeStamp;
          },
          { once: true, capture: true },
        );
        document.addEventListener(
          'tandem:segment-ready',
          (event) => {
            const { segment, focus } = (event as CustomEvent<{ segment: string; focus: string }>).detail;
            const row = document.getElementById(`seg-${segment}`);
            const editor = document.activeElement as HTMLElement | null;
            const answered = performance.getEntriesByName('tandem:answer').at(-1)?.startTime ?? started;
            performance.clearMarks('tandem:answer');
            resolve({
              ms: performance.now() - started,
              dom: performance.now() - answered,
              focus: editor?.closest('li.segment')?.getAttribute('data-segment') === focus ? focus : '',
              state: row?.querySelector('.seg-meta .state')?.className ?? '',
            });
          },
          { once: true },
        );
      }),
  );
  await page.keyboard.press('Control+Enter');
  return ready;
}

/** Milliseconds from the answer to the next segment ready (the row redrawn, focus moved), over every press. */
const domTimes: number[] = [];

async function pass(page: Page, label: string, expectedState: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REVIEW_SEGMENTS - 1; i++) {
    const { ms, dom, focus, state } = await ctrlEnter(page);
    if (!focus || !state.includes(expectedState)) throw new Error(`bench: ${label} ${i + 1}: next segment not ready (${state})`);
    times.push(ms);
    domTimes.push(dom);
  }
  return times;
}

async function main(): Promise<void> {
  const data = await archive(SIZE, log);
  const work = join(ROOT, `ctrl-enter-${process.pid}`);
  await mkdir(work, { recursive: true });
  const server = await startTandem(await copyArchive(data, join(work, 'data')));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${server.url}/login`);
    await page.fill('input[name="name"]', EDITOR);
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/login')),
      page.click('form[action="/login"] button[type="submit"]'),
    ]);
    await page.goto(`${server.url}/review/${REVIEW_SLUG}/en`);
    const loads = () => page.evaluate(() => performance.getEntriesByType('navigation').length + (window as { marker?: number }).marker!);
    await page.evaluate(() => {
      (window as { marker?: number }).marker = 0;
    });
    await page.focus('li.segment textarea[name="text"]');
    const submits = await pass(page, 'submit', 'state-submitted');
    await page.focus('li.segment textarea[name="text"]');
    const approvals = await pass(page, 'approve', 'state-approved');
    if ((await loads()) !== 1) throw new Error('bench: the page was reloaded');
    const all = [...submits, ...approvals];
    // The share of it the request takes (sent to answer read), from the browser's resource timing.
    const requests = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'fetch' && /\/(submit|approve)$/.test(e.name))
        .map((e) => (e as PerformanceResourceTiming).responseEnd - e.startTime),
    );
    log(`bench:ctrl-enter — ${REVIEW_SEGMENTS}-segment article, Chromium headless, archive of ${SIZE} articles`);
    log(`Ctrl+Enter → next segment ready, submit: median ${median(submits).toFixed(1)} ms (${submits.length} presses)`);
    log(`Ctrl+Enter → next segment ready, approve: median ${median(approvals).toFixed(1)} ms (${approvals.length} presses)`);
    log(
      `of which the request (POST to JSON answer): median ${median(requests).toFixed(1)} ms; answer to ready (row redrawn, focus moved): median ${median(domTimes).toFixed(1)} ms`,
    );
    log(
      `overall median ${median(all).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms (target < ${TARGET_MS} ms): ${median(all) < TARGET_MS ? 'PASS' : 'FAIL'}`,
    );
  } finally {
    await browser.close();
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
