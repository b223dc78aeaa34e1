import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlug } from '../../src/core/slug.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

let app: ReviewApp;
const clients = new Map<string, Client>();

beforeAll(async () => {
  app = await startReviewApp({
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
      { name: 'jun', role: 'translator', locales: ['ja'] },
    ],
    mt: false,
  });
  for (const name of ['tina', 'rita', 'jun']) clients.set(name, await app.loginAs(name));
});
afterAll(() => app.close());

const who = (name: string) => clients.get(name)!;
let articles = 0;

// The second segment of MARKET_ARTICLE without its full stop fails end-punctuation (a warning); the corn price list
// item with another price fails numbers (an error).
const WARNS = 'Rice prices at Pyongyang markets doubled in a month';
const ERRS = 'Corn 1kg: 9,999 won';

/** A fresh copy of the market article with a warning on its paragraph and an error on the corn item, both submitted by tina. */
async function withResults() {
  const slug = `decide-${++articles}`;
  await app.rig.import(slug, MARKET_ARTICLE);
  const page = `/review/${slug}/en`;
  const record = async () => (await app.rig.store.get(parseSlug(slug)))!;
  const ids = [...(await record()).segments].sort((a, b) => a.order - b.order).map((s) => s.id);
  const [para, corn] = [ids[1]!, ids[6]!];
  await who('tina').page(page);
  for (const [id, text] of [
    [para, WARNS],
    [corn, ERRS],
  ] as const) {
    expect((await who('tina').post(`${page}/${id}/submit`, { text, baseRevision: '0' })).status).toBe(303);
  }
  const row = async (id: string) => (await record()).translations.find((t) => t.segmentId === id && t.locale === 'en')!;
  const item = async (name: string, id: string) => {
    const { text } = await who(name).page(page);
    const start = text.indexOf(`id="seg-${id}"`);
    const next = text.indexOf('<li class="segment', start);
    return text.slice(start, next === -1 ? undefined : next);
  };
  return { page, para, corn, row, item };
}

describe('dismissing a warning on the review page', () => {
  it('when a translator dismisses a warning with a reason, then it shows muted with who and why, and undo brings it back', async () => {
    const a = await withResults();
    const before = await a.item('tina', a.para);
    expect(before).toContain(`action="${a.page}/${a.para}/dismiss"`);
    expect(before).toMatch(/data-check="end-punctuation" data-status="open"/);

    const res = await who('tina').post(`${a.page}/${a.para}/dismiss`, {
      checkId: 'end-punctuation',
      reason: 'Quoted as the source writes it',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${a.page}?done=dismissed&focus=${a.para}#seg-${a.para}`);
    expect((await a.row(a.para)).dismissals).toEqual([expect.objectContaining({ checkId: 'end-punctuation', by: 'tina' })]);

    const after = await a.item('rita', a.para);
    expect(after).toMatch(/data-check="end-punctuation" data-status="dismissed"/);
    expect(after).toContain('tina 님이 이 세그먼트에서 무시함');
    expect(after).toContain('Quoted as the source writes it');
    expect(after).toContain(`action="${a.page}/${a.para}/undismiss"`);
    expect(after).toMatch(/경고 무시 \[[^\]]+\]: <q>Quoted as the source writes it<\/q>/);

    expect((await who('rita').post(`${a.page}/${a.para}/undismiss`, { checkId: 'end-punctuation' })).status).toBe(303);
    expect(await a.item('rita', a.para)).toMatch(/data-check="end-punctuation" data-status="open"/);
  });

  it('when an error is dismissed or the reason is blank, then the page says why and nothing changes', async () => {
    const a = await withResults();
    await who('tina').page(a.page);
    const error = await who('tina').post(`${a.page}/${a.corn}/dismiss`, { checkId: 'numbers', reason: 'fine' });
    expect(error.status).toBe(400);
    expect(await error.text()).toContain('role="alert"');
    const blank = await who('tina').post(`${a.page}/${a.para}/dismiss`, { checkId: 'end-punctuation', reason: '  ' });
    expect(blank.status).toBe(400);
    expect((await a.row(a.para)).dismissals ?? []).toEqual([]);
    expect((await a.row(a.corn)).dismissals ?? []).toEqual([]);
  });

  it('when a translator of another locale or a form without its token posts a dismissal, then it is refused with 403', async () => {
    const a = await withResults();
    await who('jun').page('/queue');
    expect((await who('jun').post(`${a.page}/${a.para}/dismiss`, { checkId: 'end-punctuation', reason: 'no' })).status).toBe(403);
    await who('tina').page(a.page);
    expect((await who('tina').post(`${a.page}/${a.para}/dismiss`, { _csrf: '', checkId: 'end-punctuation', reason: 'no' })).status).toBe(
      403,
    );
    expect((await who('tina').post(`${a.page}/${a.para}/undismiss`, { _csrf: 'forged', checkId: 'end-punctuation' })).status).toBe(403);
    expect((await a.row(a.para)).dismissals ?? []).toEqual([]);
  });

  it('when a reviewer overrides an error at approval, then the page shows it muted with who and why, and no dismiss form for errors', async () => {
    const a = await withResults();
    expect(await a.item('rita', a.corn)).not.toContain('/dismiss"');
    await who('rita').page(a.page);
    const revision = String((await a.row(a.corn)).revision);
    const res = await who('rita').post(`${a.page}/${a.corn}/approve`, {
      baseRevision: revision,
      override: 'The market list was corrected',
    });
    expect(res.status).toBe(303);
    const item = await a.item('rita', a.corn);
    expect(item).toMatch(/data-check="numbers" data-status="overridden"/);
    expect(item).toContain('rita 님이 승인하며 예외로 인정함');
    expect(item).toContain('The market list was corrected');
    expect(item).not.toContain('/undismiss"');
  });
});
