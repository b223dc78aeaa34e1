import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, REVIEW_PAGE_SEGMENTS } from '../../src/core/limits.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';
import { cpuTime } from '../support/hostile-inputs.ts';

// Issue 12: a 10,000-segment article took 18 s and 25 MB of HTML per opening of its review page. Long articles are
// now shown REVIEW_PAGE_SEGMENTS segments at a time, and the number of segments is limited.
const LONG = 'long-feature';
const PARAGRAPHS = 2 * REVIEW_PAGE_SEGMENTS + 50;
const longArticle = (count: number) =>
  `---\ntitle: 긴 기사\n---\n\n${Array.from({ length: count }, (_, i) => `${i + 1}번째 문단: 쌀값이 올랐다.`).join('\n\n')}\n`;

let app: ReviewApp;
let tina: Client;

beforeAll(async () => {
  app = await startReviewApp({
    articles: { [LONG]: longArticle(PARAGRAPHS), short: longArticle(3), longest: longArticle(LIMITS.segments - 1) },
    users: [{ name: 'tina', role: 'translator', locales: ['en'] }],
  });
  tina = await app.loginAs('tina');
});
afterAll(() => app.close());

const rowIds = (html: string) => [...html.matchAll(/<li class="segment [^"]*" id="seg-([^"]+)"/g)].map((m) => m[1]);

async function segmentIds(slug: string): Promise<string[]> {
  const record = (await app.rig.store.get(parseSlug(slug)))!;
  return record.segments
    .filter((s) => !s.removedAt)
    .sort((a, b) => a.order - b.order)
    .map((s) => s.id);
}

describe('review page of a long article', () => {
  it('when it is opened, then it shows the first page of segments and links to the others by segment number', async () => {
    const ids = await segmentIds(LONG);
    const { res, text } = await tina.page(`/review/${LONG}/en`);
    expect(res.status).toBe(200);
    expect(rowIds(text)).toEqual(ids.slice(0, REVIEW_PAGE_SEGMENTS));
    expect(text).toContain(`전체 ${ids.length}개 중 1–${REVIEW_PAGE_SEGMENTS}번 세그먼트`);
    expect(text).toContain(`<a href="/review/${LONG}/en?page=2">${REVIEW_PAGE_SEGMENTS + 1}–${2 * REVIEW_PAGE_SEGMENTS}</a>`);
    expect(text).toContain(`<a href="/review/${LONG}/en?page=3">${2 * REVIEW_PAGE_SEGMENTS + 1}–${ids.length}</a>`);
    expect(text).toContain(`<a href="/review/${LONG}/en?page=1" aria-current="page">`);
  });

  it('when a page is asked for, then that page is shown; past the last one, the last one', async () => {
    const ids = await segmentIds(LONG);
    expect(rowIds((await tina.page(`/review/${LONG}/en?page=3`)).text)).toEqual(ids.slice(2 * REVIEW_PAGE_SEGMENTS));
    expect(rowIds((await tina.page(`/review/${LONG}/en?page=99`)).text)).toEqual(ids.slice(2 * REVIEW_PAGE_SEGMENTS));
  });

  it('when a segment is linked with ?focus= (queue, redirects after an action), then its page is shown', async () => {
    const ids = await segmentIds(LONG);
    const target = ids[REVIEW_PAGE_SEGMENTS + 20]!;
    const { text } = await tina.page(`/review/${LONG}/en?focus=${target}#seg-${target}`);
    expect(rowIds(text)).toEqual(ids.slice(REVIEW_PAGE_SEGMENTS, 2 * REVIEW_PAGE_SEGMENTS));
    expect(text).toContain(`id="seg-${target}"`);
  });

  it('when a segment on the second page is saved, then the redirect leads back to the page holding it', async () => {
    const ids = await segmentIds(LONG);
    const target = ids[REVIEW_PAGE_SEGMENTS + 5]!;
    await tina.page(`/review/${LONG}/en?page=2`);
    const res = await tina.post(`/review/${LONG}/en/${target}/save`, { text: 'Rice prices rose.', baseRevision: '0' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toContain(`focus=${target}`);
    expect(rowIds((await tina.page(location)).text)).toContain(target);
  });

  it('when an article fits on one page, then it has no page links', async () => {
    const { text } = await tina.page('/review/short/en');
    expect(rowIds(text)).toHaveLength(4);
    expect(text).not.toContain('review-pager');
  });

  it('when the longest article allowed is opened, then one page holds one window of rows and opens quickly', async () => {
    let page: Awaited<ReturnType<typeof tina.page>> | undefined;
    // CPU time (the server runs in this process), generous: the 10,000-segment page took 18 s.
    const { ms } = await cpuTime(async () => {
      page = await tina.page('/review/longest/en?page=7');
    });
    expect(page!.res.status).toBe(200);
    expect(rowIds(page!.text)).toHaveLength(REVIEW_PAGE_SEGMENTS);
    expect(ms).toBeLessThan(3_000);
  });
});
