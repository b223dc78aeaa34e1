import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, Translation } from '../../src/core/model.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

let app: ReviewApp;
const clients = new Map<string, Client>();
const SLUG = 'market-prices';
const PAGE = `/review/${SLUG}/en`;

beforeAll(async () => {
  app = await startReviewApp({
    articles: { [SLUG]: MARKET_ARTICLE },
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
      { name: 'rob', role: 'reviewer', locales: ['en'] },
      { name: 'jun', role: 'translator', locales: ['ja'] },
    ],
  });
  for (const name of ['tina', 'rita', 'rob', 'jun']) clients.set(name, await app.loginAs(name));
});
afterAll(() => app.close());

const who = (name: string) => clients.get(name)!;
const record = async (): Promise<ArticleRecord> => (await app.rig.store.get(parseSlug(SLUG)))!;
const ids = async () => (await record()).segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order).map((s) => s.id);
const row = async (id: string): Promise<Translation> => (await record()).translations.find((t) => t.segmentId === id && t.locale === 'en')!;

async function post(name: string, path: string, fields: Record<string, string>): Promise<Response> {
  const client = who(name);
  await client.page(PAGE);
  return client.post(path, fields);
}

describe('article review page', () => {
  it('when the page opens, then source and target stand side by side in reading order with lang attributes and kinds', async () => {
    const { res, text } = await who('tina').page(PAGE);
    expect(res.status).toBe(200);
    const kinds = [...text.matchAll(/<li class="segment kind-([\w-]+)/g)].map((m) => m[1]);
    expect(kinds).toEqual(['title', 'paragraph', 'heading', 'paragraph', 'quote', 'list-item', 'list-item', 'paragraph']);
    expect(text).toContain('<div class="seg-source" lang="ko" dir="auto">장마당 물가 다시 올라</div>');
    expect(text.match(/<textarea id="t-[^"]+" name="text" lang="en"/g)).toHaveLength(8);
    expect(text).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('when a translator saves, then the text is a draft by them and the answer returns to the segment', async () => {
    const [title] = await ids();
    const res = await post('tina', `${PAGE}/${title}/save`, { text: 'Market prices rise again', baseRevision: '0' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${PAGE}?done=saved&focus=${title}#seg-${title}`);
    expect(await row(title!)).toMatchObject({ state: 'draft', text: 'Market prices rise again', textBy: 'tina', revision: 1 });
  });

  it('when a save asks to advance, then the answer focuses the next segment that needs work', async () => {
    const [title, para] = await ids();
    const res = await post('tina', `${PAGE}/${title}/save`, { text: 'Market prices rise again!', baseRevision: '1', advance: '1' });
    expect(res.headers.get('location')).toContain(`focus=${para}#seg-${para}`);
  });

  it('when a save starts from an old revision, then it is refused with a conflict view holding both texts and nothing changes', async () => {
    const [title] = await ids();
    const res = await post('rob', `${PAGE}/${title}/save`, { text: 'Prices climb again', baseRevision: '1' });
    expect(res.status).toBe(409);
    const body = await res.text();
    expect(body).toContain('Market prices rise again!');
    expect(body).toContain('Prices climb again');
    expect(body).toMatch(/name="baseRevision" value="2"/);
    expect(await row(title!)).toMatchObject({ text: 'Market prices rise again!', revision: 2 });
  });

  it('when the writer approves their own submitted text, then the four-eyes rule refuses it; another reviewer may approve', async () => {
    const [, para] = await ids();
    await post('rita', `${PAGE}/${para}/submit`, { text: 'Rice prices doubled in a month.', baseRevision: '0' });
    const own = await post('rita', `${PAGE}/${para}/approve`, { baseRevision: '2' });
    expect(own.status).toBe(403);
    expect(await own.text()).toContain('role="alert"');
    expect((await row(para!)).state).toBe('submitted');
    const other = await post('rob', `${PAGE}/${para}/approve`, { baseRevision: '2' });
    expect(other.status).toBe(303);
    expect((await row(para!)).state).toBe('approved');
  });

  it('when a translator edits approved text, then it is refused; a reviewer edit sends it back to review', async () => {
    const [, para] = await ids();
    expect((await post('tina', `${PAGE}/${para}/save`, { text: 'Changed', baseRevision: '3' })).status).toBe(403);
    expect((await post('rob', `${PAGE}/${para}/save`, { text: 'Rice prices doubled within a month.', baseRevision: '3' })).status).toBe(303);
    expect(await row(para!)).toMatchObject({ state: 'submitted', textBy: 'rob' });
  });

  it('when an approval carries changed text, then it is refused so the edit is not lost', async () => {
    const [, para] = await ids();
    const res = await post('rita', `${PAGE}/${para}/approve`, { baseRevision: '4', text: 'Something else' });
    expect(res.status).toBe(400);
    expect((await row(para!)).state).toBe('submitted');
  });

  it('when check errors are stored, then approval needs an override reason', async () => {
    const [, para] = await ids();
    await app.rig.store.update(parseSlug(SLUG), (r) => ({
      ...r!,
      translations: r!.translations.map((t) => (t.segmentId === para && t.locale === 'en' ? { ...t, checks: [{ checkId: 'numbers', severity: 'error', detail: { missing: ['2'] } }] } : t)),
    }));
    const page = await who('rita').page(PAGE);
    expect(page.text).toContain('name="override"');
    expect((await post('rita', `${PAGE}/${para}/approve`, { baseRevision: '4' })).status).toBe(400);
    const ok = await post('rita', `${PAGE}/${para}/approve`, { baseRevision: '4', override: 'the number is spelled out' });
    expect(ok.status, (await ok.text()).match(/<code>([^<]*)/)?.[1]).toBe(303);
    expect((await row(para!)).state).toBe('approved');
  });

  it('when a reviewer rejects, then a comment is required and the translator sees it on a draft', async () => {
    const [, , heading] = await ids();
    await post('tina', `${PAGE}/${heading}/submit`, { text: 'Backgrond', baseRevision: '0' });
    expect((await post('rita', `${PAGE}/${heading}/reject`, { baseRevision: '2', comment: ' ' })).status).toBe(400);
    expect((await post('rita', `${PAGE}/${heading}/reject`, { baseRevision: '2', comment: 'Typo: Background' })).status).toBe(303);
    expect(await row(heading!)).toMatchObject({ state: 'draft', comments: [expect.objectContaining({ by: 'rita', text: 'Typo: Background' })] });
    expect((await who('tina').page(PAGE)).text).toContain('Typo: Background');
  });

  it('when several segments are submitted, then approve-all approves those without errors and not written by the reviewer', async () => {
    const all = await ids();
    const [q, l1, l2] = [all[4]!, all[5]!, all[6]!];
    for (const [id, text] of [[q, 'Quote'], [l1, 'Rice 1kg: 8,000 won'], [l2, 'Corn 1kg: 3,500 won']] as const) {
      await post('tina', `${PAGE}/${id}/submit`, { text, baseRevision: '0' });
    }
    await post('rob', `${PAGE}/${all[7]}/submit`, { text: 'Crackdown announced.', baseRevision: '0' });
    const page = await who('rob').page(PAGE);
    expect(page.text).toContain('data-confirm=');
    expect(page.text).toMatch(/name="expected" value="3"/);
    const res = await who('rob').post(`${PAGE}/approve-all`, { expected: '3' });
    expect(res.headers.get('location')).toContain('done=approved-all&n=3&skipped=0');
    for (const id of [q, l1, l2]) expect((await row(id)).state).toBe('approved');
    expect((await row(all[7]!)).state).toBe('submitted');
  });

  it('when a translator of another locale opens the page, then it is read-only and saves are refused', async () => {
    const { text } = await who('jun').page(PAGE);
    expect(text).not.toContain('name="text"');
    const [title] = await ids();
    expect((await who('jun').post(`${PAGE}/${title}/save`, { text: 'x', baseRevision: '2' })).status).toBe(403);
  });

  it('when someone marks a segment as being edited, then others see it and they do not', async () => {
    const [, , heading] = await ids();
    await who('tina').page(PAGE);
    const res = await who('tina').request('POST', `${PAGE}/${heading}/lock`, {
      headers: { 'x-csrf-token': who('tina').csrf, accept: 'application/json', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await res.json()).toEqual({ others: [] });
    const locks = await who('rita').request('GET', `${PAGE}/locks`, { headers: { accept: 'application/json' } });
    expect(await locks.json()).toEqual({ segments: { [heading!]: ['tina'] } });
    expect((await who('rita').page(PAGE)).text).toMatch(/data-soft-lock>[^<]*tina/);
    expect((await who('tina').page(PAGE)).text).not.toMatch(/data-soft-lock>[^<]*tina/);
  });

  it('when machine translation is re-run for a segment, then the draft arrives and its word diff shows after an edit', async () => {
    const [, , heading] = await ids();
    const before = await row(heading!);
    // The heading is a person's draft: the re-run is queued anyway and its draft waits beside the text.
    const rerun = await post('tina', `${PAGE}/${heading}/mt`, {});
    expect(rerun.headers.get('location')).toContain('done=mt-queued');
    await app.rig.import(SLUG, MARKET_ARTICLE.replace('당국은 가격 단속을 예고했다.', '당국은 가격 단속을 예고했다.\n\n시장 상인들은 반발했다.'));
    const added = (await ids()).at(-1)!;
    const queued = await post('tina', `${PAGE}/${added}/mt`, {});
    expect(queued.headers.get('location')).toContain('done=mt-queued');
    await app.rig.service.drain();
    const draft = await row(added);
    expect(draft).toMatchObject({ state: 'draft', origin: 'machine' });
    await post('tina', `${PAGE}/${added}/save`, { text: `${draft.text} Edited`, baseRevision: String(draft.revision) });
    const { text } = await who('tina').page(PAGE);
    expect(text).toContain('<ins> Edited</ins>');
    expect(await row(heading!)).toMatchObject({ text: before.text, revision: before.revision, suggestion: expect.objectContaining({ origin: 'machine' }) });
  });

  it('when an approved segment\'s source changes, then the page shows the source diff since approval beside the old translation', async () => {
    const [title] = await ids();
    await post('tina', `${PAGE}/${title}/submit`, { baseRevision: '2' });
    await post('rita', `${PAGE}/${title}/approve`, { baseRevision: '3' });
    await app.rig.import(SLUG, MARKET_ARTICLE.replace('장마당 물가 다시 올라', '장마당 쌀값 다시 올라').replace('당국은 가격 단속을 예고했다.', '당국은 가격 단속을 예고했다.\n\n시장 상인들은 반발했다.'));
    expect((await row(title!)).state).toBe('stale');
    const { text } = await who('tina').page(PAGE);
    const item = text.slice(text.indexOf(`id="seg-${title}"`));
    expect(item).toContain('class="aside stale-diff"');
    expect(item).toMatch(/<del>물가<\/del>/);
    expect(item).toMatch(/<ins>쌀값<\/ins>/);
    expect(item).toContain('Market prices rise again!');
  });
});

describe('review page with translation memory and quality checks', () => {
  it('when a translation was approved, then the same source in another article offers it as a memory match to accept', async () => {
    const other = MARKET_ARTICLE.replace('slug: market-prices', 'slug: market-prices-2').replace('장마당 물가 다시 올라', '장마당 물가 또 올라');
    await app.rig.import('market-prices-2', other);
    const page2 = '/review/market-prices-2/en';
    const { text } = await who('tina').page(page2);
    const list = [...(await app.rig.store.get(parseSlug('market-prices-2')))!.segments].sort((a, b) => a.order - b.order);
    const listItem = list[5]!.id;
    const item = text.slice(text.indexOf(`id="seg-${listItem}"`), text.indexOf('</li>', text.indexOf(`id="seg-${listItem}"`)));
    expect(item).toContain('class="aside memory"');
    expect(item).toContain('100%');
    expect(item).toContain('Rice 1kg: 8,000 won');
    const res = await who('tina').post(`${page2}/${listItem}/memory`, { match: '0', baseRevision: '0' });
    expect(res.status).toBe(303);
    const t = (await app.rig.store.get(parseSlug('market-prices-2')))!.translations.find((x) => x.segmentId === listItem && x.locale === 'en')!;
    expect(t).toMatchObject({ state: 'draft', text: 'Rice 1kg: 8,000 won' });
  });

  it('when a save breaks a quality check, then the page lists the failure and approving needs a reason', async () => {
    const page2 = '/review/market-prices-2/en';
    const list = [...(await app.rig.store.get(parseSlug('market-prices-2')))!.segments].sort((a, b) => a.order - b.order);
    const corn = list[6]!.id;
    await who('tina').page(page2);
    await who('tina').post(`${page2}/${corn}/submit`, { text: 'Corn 1kg: 9,999 won', baseRevision: '0' });
    const { text } = await who('rita').page(page2);
    const item = text.slice(text.indexOf(`id="seg-${corn}"`), text.indexOf('</li>', text.indexOf(`id="seg-${corn}"`)));
    expect(item).toContain('class="aside checks"');
    expect(item).toContain('class="check-error"');
    expect(item).toContain('name="override"');
    expect((await who('rita').post(`${page2}/${corn}/approve`, { baseRevision: '2' })).status).toBe(400);
  });
});
