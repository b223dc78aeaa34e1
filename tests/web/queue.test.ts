import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlug } from '../../src/core/slug.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

let app: ReviewApp;
const clients = new Map<string, Client>();
const second = MARKET_ARTICLE.replace('slug: market-prices', 'slug: fuel-prices').replace('장마당 물가 다시 올라', '연료값 급등');
const third = MARKET_ARTICLE.replace('slug: market-prices', 'slug: bus-fares').replace('장마당 물가 다시 올라', '버스 요금 인상');

beforeAll(async () => {
  app = await startReviewApp({
    articles: { 'market-prices': MARKET_ARTICLE, 'fuel-prices': second, 'bus-fares': third },
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'jun', role: 'translator', locales: ['ja'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
    ],
  });
  for (const name of ['tina', 'jun', 'rita']) clients.set(name, await app.loginAs(name));
});
afterAll(() => app.close());

const rows = (html: string) =>
  [...html.matchAll(/<tr>\s*<td><a href="\/review\/([\w-]+)\/([\w-]+)\?focus=([\w-]+)/g)].map((m) => ({
    slug: m[1],
    locale: m[2],
    segment: m[3],
  }));
const countRow = (html: string, locale: string) => new RegExp(`<tr><th scope="row">${locale}[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';

describe('queue page', () => {
  it('when a translator opens it, then their locale comes first in the counts and is the only one listed, with every segment of it', async () => {
    const { res, text } = await clients.get('jun')!.page('/queue');
    expect(res.status).toBe(200);
    const counted = [...text.matchAll(/<tr><th scope="row">([^<]+)/g)].map((m) => m[1]!.trim());
    expect(counted[0]).toBe('일본어');
    expect(new Set(rows(text).map((r) => r.locale))).toEqual(new Set(['ja']));
    expect(rows(text)).toHaveLength(24);
    expect(text).toMatch(/<input type="checkbox" name="locale" value="ja" checked>/);
    expect(text).toMatch(/<input type="checkbox" name="locale" value="en">/);
  });

  it('when a translator chooses other locales, then those are listed, their own no more than any other', async () => {
    const { text } = await clients.get('jun')!.page('/queue?locale=en&locale=zh-Hans');
    expect(new Set(rows(text).map((r) => r.locale))).toEqual(new Set(['en', 'zh-Hans']));
    expect(text).toMatch(/<input type="checkbox" name="locale" value="en" checked>/);
    expect(text).toMatch(/<input type="checkbox" name="locale" value="ja">/);
  });

  it('when there are more waiting segments than a page holds, then the queue is paginated', async () => {
    const first = await clients.get('tina')!.page('/queue?locale=en&locale=ja&locale=zh-Hans');
    expect(rows(first.text)).toHaveLength(50);
    expect(first.text).toContain('rel="next"');
    const href = /href="([^"]+)" rel="next"/.exec(first.text)![1]!.replaceAll('&amp;', '&');
    const next = await clients.get('tina')!.page(href);
    expect(rows(next.text)).toHaveLength(22);
    expect(next.text).toContain('rel="first"');
    expect(next.text).not.toContain('rel="next"');
    const seen = new Set([...rows(first.text), ...rows(next.text)].map((r) => `${r.slug}/${r.locale}/${r.segment}`));
    expect(seen.size).toBe(72);
  });

  it('when filtered by locale, state, article and writer, then only matching segments are listed, in reading order', async () => {
    const tina = clients.get('tina')!;
    const record = (await app.rig.store.get(parseSlug('fuel-prices')))!;
    const [a, b] = record.segments.map((s) => s.id);
    await tina.page('/review/fuel-prices/en');
    await tina.post(`/review/fuel-prices/en/${b}/submit`, { text: 'Second', baseRevision: '0' });
    await tina.page('/review/fuel-prices/en');
    await tina.post(`/review/fuel-prices/en/${a}/submit`, { text: 'First', baseRevision: '0' });
    const { text } = await tina.page('/queue?locale=en&state=submitted&article=fuel-prices&assignee=tina');
    // b was submitted first, but within an article the queue follows the reading order.
    expect(rows(text).map((r) => r.segment)).toEqual([a, b]);
    const none = await tina.page('/queue?locale=en&state=submitted&assignee=-');
    expect(rows(none.text)).toEqual([]);
    expect(countRow(none.text, '영어')).toContain('>0</a>');
  });

  it('when filtered by check results, then only segments whose stored checks failed are listed', async () => {
    const record = (await app.rig.store.get(parseSlug('bus-fares')))!;
    const target = record.segments[2]!.id;
    await app.rig.store.update(parseSlug('bus-fares'), (r) => ({
      ...r!,
      translations: r!.translations.map((t) =>
        t.segmentId === target && t.locale === 'en' ? { ...t, checks: [{ checkId: 'spacing', severity: 'warning', detail: {} }] } : t,
      ),
    }));
    const warnings = await clients.get('rita')!.page('/queue?issues=warnings&article=bus-fares');
    expect(rows(warnings.text)).toEqual([{ slug: 'bus-fares', locale: 'en', segment: target }]);
    const errors = await clients.get('rita')!.page('/queue?issues=errors&article=bus-fares');
    expect(rows(errors.text)).toEqual([]);
  });

  it('when a filter value is not valid, then the page answers 400 saying which', async () => {
    const res = await clients.get('rita')!.request('GET', '/queue?state=approved');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('상태: ');
  });

  it.each([
    ['is not base64url', '/queue?cursor=%2E%2E%2Fetc'],
    ['was not made by this queue', `/queue?cursor=${Buffer.from('{"s":"x"}').toString('base64url')}`],
    ['is too long', `/queue?cursor=${'A'.repeat(401)}`],
  ])('when the page cursor %s, then the queue answers 400', async (_, url) => {
    expect((await clients.get('rita')!.request('GET', url)).status).toBe(400);
  });

  it('when the article filter is shown, then it is a search box whose suggestions are limited, not a list of the archive', async () => {
    const { text } = await clients.get('rita')!.page('/queue');
    expect(text).toContain('<input id="q-article" name="article" list="q-articles"');
    expect(text).not.toContain('<select id="q-article"');
  });
});
