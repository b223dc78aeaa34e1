import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

let app: ReviewApp;
let editor: Client;
let reviewer: Client;

beforeAll(async () => {
  app = await startReviewApp({
    articles: { 'market-prices': MARKET_ARTICLE },
    users: [
      { name: 'ed', role: 'editor' },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
    ],
  });
  editor = await app.loginAs('ed');
  reviewer = await app.loginAs('rita');
  await app.rig.service.enqueue({ locales: ['en', 'ja'], by: 'ed' });
  await app.rig.service.drain();
});
afterAll(() => app.close());

const get = async (client: Client, path: string, lng = 'en') => client.request('GET', path, { headers: { 'accept-language': lng } });

describe('MT usage page', () => {
  it('when an editor opens it, then the characters sent today are drawn per day and locale, with tables of the same figures', async () => {
    const report = await app.deps.usage!.report();
    const today = new Date().toISOString().slice(0, 10);
    const res = await get(editor, '/usage');
    expect(res.status).toBe(200);
    const text = await res.text();
    const number = new Intl.NumberFormat('en');
    expect(text).toContain(`<svg class="usage-chart" aria-hidden="true"`);
    expect(text).toContain(`<tr><th scope="row">${today}</th>`);
    for (const row of report.byLocale) {
      expect(text).toContain(`<th scope="row">${row.key}</th><td class="num">${number.format(row.requests)}</td>`);
    }
    expect(report.byLocale.map((r) => r.key)).toEqual(['en', 'ja']);
    expect(text).toContain(`<th scope="row">market-prices</th>`);
    expect(text).toContain(`${number.format(report.total.characters)} characters sent`);
  });

  it('when the first day is not a day, then the page says so in the reader’s language', async () => {
    const res = await get(editor, '/usage?since=yesterday', 'ko');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('“yesterday”은(는) 날짜가 아닙니다.');
  });

  it('when a day after every request is chosen, then the page says nothing was sent', async () => {
    const text = await (await get(editor, '/usage?since=2999-01-01')).text();
    expect(text).toContain('Nothing was sent to machine translation in this period.');
  });

  it('when an editor sets the re-run budget from the page, then it comes back to the page saying so', async () => {
    await editor.page('/usage');
    const res = await editor.post('/mt/budget', { characters: '1234', back: 'usage' }, { 'accept-language': 'en' });
    expect(res.headers.get('location')).toBe('/usage?done=budget&n=1234');
    const text = await (await get(editor, res.headers.get('location')!)).text();
    expect(text).toContain('The daily re-run budget is now 1234 characters per person.');
    const budget = await app.rig.service.rerunBudget();
    expect(budget.charactersPerDay).toBe(1234);
    // The moment it was set, to the minute on a 24-hour UTC clock: not the day alone.
    const setAt = new Date(budget.setAt!);
    const day = setAt.toLocaleDateString('en', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    const minute = setAt.toISOString().slice(11, 16);
    expect(text).toContain(`Set by ed on ${day}, ${minute} UTC.`);
  });

  it('when a reviewer opens it, then it is refused and the nav does not offer it', async () => {
    expect((await get(reviewer, '/usage')).status).toBe(403);
    expect(await (await get(reviewer, '/queue')).text()).not.toContain('href="/usage"');
    expect(await (await get(editor, '/queue')).text()).toContain('href="/usage"');
  });
});
