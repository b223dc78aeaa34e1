import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, Translation } from '../../src/core/model.ts';
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
      { name: 'rob', role: 'reviewer', locales: ['en'] },
      { name: 'jun', role: 'translator', locales: ['ja'] },
    ],
  });
  for (const name of ['tina', 'rita', 'rob', 'jun']) clients.set(name, await app.loginAs(name));
});
afterAll(() => app.close());

const who = (name: string) => clients.get(name)!;
let articles = 0;

/**
 * A newly imported copy of `markdown` under its own slug, so every test starts from untranslated segments and never
 * depends on what another test did. Revisions are read from the store, never assumed.
 */
async function fresh(markdown = MARKET_ARTICLE) {
  const slug = `market-${++articles}`;
  await app.rig.import(slug, markdown);
  const page = `/review/${slug}/en`;
  const record = async (): Promise<ArticleRecord> => (await app.rig.store.get(parseSlug(slug)))!;
  const ids = async () =>
    (await record()).segments
      .filter((s) => !s.removedAt)
      .sort((a, b) => a.order - b.order)
      .map((s) => s.id);
  const row = async (id: string): Promise<Translation> =>
    (await record()).translations.find((t) => t.segmentId === id && t.locale === 'en')!;
  const revision = async (id: string) => String((await row(id)).revision);
  /** POST a review form as `name`, with the form token of the page they just opened. */
  const post = async (name: string, path: string, fields: Record<string, string>): Promise<Response> => {
    await who(name).page(page);
    return who(name).post(path, fields);
  };
  return { slug, page, ids, row, revision, post, segments: await ids(), import: (md: string) => app.rig.import(slug, md) };
}

describe('article review page', () => {
  it('when the page opens, then source and target stand side by side in reading order with lang attributes and kinds', async () => {
    const a = await fresh();
    const { res, text } = await who('tina').page(a.page);
    expect(res.status).toBe(200);
    const kinds = [...text.matchAll(/<li class="segment kind-([\w-]+)/g)].map((m) => m[1]);
    expect(kinds).toEqual(['title', 'paragraph', 'heading', 'paragraph', 'quote', 'list-item', 'list-item', 'paragraph']);
    expect(text).toContain('<div class="seg-source" lang="ko" dir="auto">장마당 물가 다시 올라</div>');
    expect(text.match(/<textarea id="t-[^"]+" name="text" lang="en"/g)).toHaveLength(8);
    expect(text).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('when a translator saves, then the text is a draft by them and the answer returns to the segment', async () => {
    const a = await fresh();
    const [title] = a.segments;
    const res = await a.post('tina', `${a.page}/${title}/save`, { text: 'Market prices rise again', baseRevision: '0' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${a.page}?done=saved&focus=${title}#seg-${title}`);
    expect(await a.row(title!)).toMatchObject({ state: 'draft', text: 'Market prices rise again', textBy: 'tina', revision: 1 });
  });

  it('when a save asks to advance, then the answer focuses the next segment that needs work', async () => {
    const a = await fresh();
    const [title, para] = a.segments;
    const res = await a.post('tina', `${a.page}/${title}/save`, { text: 'Market prices rise again!', baseRevision: '0', advance: '1' });
    expect(res.headers.get('location')).toContain(`focus=${para}#seg-${para}`);
  });

  it('when a save starts from an old revision, then it is refused with a conflict view holding both texts and nothing changes', async () => {
    const a = await fresh();
    const [title] = a.segments;
    await a.post('tina', `${a.page}/${title}/save`, { text: 'Market prices rise again', baseRevision: '0' });
    const opened = await a.revision(title!);
    await a.post('tina', `${a.page}/${title}/save`, { text: 'Market prices rise again!', baseRevision: opened });
    const current = await a.row(title!);
    const res = await a.post('rob', `${a.page}/${title}/save`, { text: 'Prices climb again', baseRevision: opened });
    expect(res.status).toBe(409);
    const body = await res.text();
    expect(body).toContain('Market prices rise again!');
    expect(body).toContain('Prices climb again');
    expect(body).toMatch(new RegExp(`name="baseRevision" value="${current.revision}"`));
    expect(await a.row(title!)).toMatchObject({ text: 'Market prices rise again!', revision: current.revision });
  });

  it('when the writer approves their own submitted text, then the four-eyes rule refuses it; another reviewer may approve', async () => {
    const a = await fresh();
    const [, para] = a.segments;
    await a.post('rita', `${a.page}/${para}/submit`, { text: 'Rice prices doubled in a month.', baseRevision: '0' });
    const own = await a.post('rita', `${a.page}/${para}/approve`, { baseRevision: await a.revision(para!) });
    expect(own.status).toBe(403);
    expect(await own.text()).toContain('role="alert"');
    expect((await a.row(para!)).state).toBe('submitted');
    const other = await a.post('rob', `${a.page}/${para}/approve`, { baseRevision: await a.revision(para!) });
    expect(other.status).toBe(303);
    expect((await a.row(para!)).state).toBe('approved');
  });

  it('when a translator edits approved text, then it is refused; a reviewer edit sends it back to review', async () => {
    const a = await fresh();
    const [, para] = a.segments;
    await a.post('tina', `${a.page}/${para}/submit`, { text: 'Rice prices doubled in a month.', baseRevision: '0' });
    await a.post('rob', `${a.page}/${para}/approve`, { baseRevision: await a.revision(para!) });
    const approved = await a.revision(para!);
    expect((await a.post('tina', `${a.page}/${para}/save`, { text: 'Changed', baseRevision: approved })).status).toBe(403);
    expect(
      (await a.post('rob', `${a.page}/${para}/save`, { text: 'Rice prices doubled within a month.', baseRevision: approved })).status,
    ).toBe(303);
    expect(await a.row(para!)).toMatchObject({ state: 'submitted', textBy: 'rob' });
  });

  // Issue 14: an approval with changed text is the reviewer's correction, approved in one step (it was refused before).
  it('when an approval carries changed text, then the correction is saved and approved together, nothing lost', async () => {
    const a = await fresh();
    const [, para] = a.segments;
    await a.post('tina', `${a.page}/${para}/submit`, { text: 'Rice prices doubled in a month.', baseRevision: '0' });
    const res = await a.post('rita', `${a.page}/${para}/approve`, {
      baseRevision: await a.revision(para!),
      text: 'Rice prices doubled within a month.',
    });
    expect(res.status).toBe(303);
    expect(await a.row(para!)).toMatchObject({ state: 'approved', text: 'Rice prices doubled within a month.', textBy: 'rita' });
  });

  it('when a check error is open, then the page shows it as a sentence and approval needs an override reason', async () => {
    const a = await fresh();
    const [, para] = a.segments;
    await a.post('tina', `${a.page}/${para}/submit`, { text: 'Rice prices doubled in 30 days.', baseRevision: '0' });
    const page = await who('rita').page(a.page);
    expect(page.text).toContain('name="override"');
    expect(page.text).toMatch(/<strong>숫자<\/strong>\s*<span class="check-detail">원문에 없는 숫자\(30\)가 번역문에 있습니다<\/span>/);
    expect(page.text).not.toContain('extra: 30');
    const revision = await a.revision(para!);
    expect((await a.post('rita', `${a.page}/${para}/approve`, { baseRevision: revision })).status).toBe(400);
    const ok = await a.post('rita', `${a.page}/${para}/approve`, { baseRevision: revision, override: 'the month had 30 days' });
    expect(ok.status, (await ok.text()).match(/<code>([^<]*)/)?.[1]).toBe(303);
    expect((await a.row(para!)).state).toBe('approved');
  });

  it('when stored check results are out of date, then opening the page runs the checks again and approval goes by the fresh ones', async () => {
    const a = await fresh();
    const [, para] = a.segments;
    await a.post('tina', `${a.page}/${para}/submit`, { text: 'Rice prices doubled in a month.', baseRevision: '0' });
    // As if the error had been found under an earlier glossary (another context stamp): the text no longer fails it.
    await app.rig.store.update(parseSlug(a.slug), (r) => ({
      ...r!,
      translations: r!.translations.map((t) =>
        t.segmentId === para && t.locale === 'en'
          ? {
              ...t,
              checks: [{ checkId: 'numbers', severity: 'error', detail: { missing: ['2'] } }],
              checkedFor: { ...t.checkedFor!, context: 'an earlier glossary' },
            }
          : t,
      ),
    }));
    const page = await who('rita').page(a.page);
    expect(page.text).not.toContain('name="override"');
    expect((await a.row(para!)).checks?.filter((c) => c.severity === 'error')).toEqual([]);
    const ok = await a.post('rita', `${a.page}/${para}/approve`, { baseRevision: await a.revision(para!) });
    expect(ok.status, (await ok.text()).match(/<code>([^<]*)/)?.[1]).toBe(303);
    expect((await a.row(para!)).state).toBe('approved');
  });

  it('when a reviewer rejects, then a comment is required and the translator sees it on a draft', async () => {
    const a = await fresh();
    const [, , heading] = a.segments;
    await a.post('tina', `${a.page}/${heading}/submit`, { text: 'Backgrond', baseRevision: '0' });
    const submitted = await a.revision(heading!);
    expect((await a.post('rita', `${a.page}/${heading}/reject`, { baseRevision: submitted, comment: ' ' })).status).toBe(400);
    expect((await a.post('rita', `${a.page}/${heading}/reject`, { baseRevision: submitted, comment: 'Typo: Background' })).status).toBe(
      303,
    );
    expect(await a.row(heading!)).toMatchObject({
      state: 'draft',
      comments: [expect.objectContaining({ by: 'rita', text: 'Typo: Background' })],
    });
    expect((await who('tina').page(a.page)).text).toContain('Typo: Background');
  });

  it('when several segments are submitted, then approve-all approves those without errors and not written by the reviewer', async () => {
    const a = await fresh();
    const all = a.segments;
    const [q, l1, l2] = [all[4]!, all[5]!, all[6]!];
    for (const [id, text] of [
      [q, 'Quote'],
      [l1, 'Rice 1kg: 8,000 won'],
      [l2, 'Corn 1kg: 3,500 won'],
    ] as const) {
      await a.post('tina', `${a.page}/${id}/submit`, { text, baseRevision: '0' });
    }
    await a.post('rob', `${a.page}/${all[7]}/submit`, { text: 'Crackdown announced.', baseRevision: '0' });
    const page = await who('rob').page(a.page);
    expect(page.text).toContain('data-confirm=');
    expect(page.text).toMatch(/name="expected" value="3"/);
    const res = await who('rob').post(`${a.page}/approve-all`, { expected: '3' });
    expect(res.headers.get('location')).toContain('done=approved-all&n=3&skipped=0');
    for (const id of [q, l1, l2]) expect((await a.row(id)).state).toBe('approved');
    expect((await a.row(all[7]!)).state).toBe('submitted');
  });

  it('when a translator of another locale opens the page, then it is read-only and saves are refused', async () => {
    const a = await fresh();
    const { text } = await who('jun').page(a.page);
    expect(text).not.toContain('name="text"');
    const [title] = a.segments;
    expect((await who('jun').post(`${a.page}/${title}/save`, { text: 'x', baseRevision: '0' })).status).toBe(403);
    expect((await a.row(title!)).state).toBe('untranslated');
  });

  it('when someone marks a segment as being edited, then others see it and they do not', async () => {
    const a = await fresh();
    const [, , heading] = a.segments;
    await who('tina').page(a.page);
    const res = await who('tina').request('POST', `${a.page}/${heading}/lock`, {
      headers: { 'x-csrf-token': who('tina').csrf, accept: 'application/json', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await res.json()).toEqual({ others: [] });
    const locks = await who('rita').request('GET', `${a.page}/locks`, { headers: { accept: 'application/json' } });
    expect(await locks.json()).toEqual({ segments: { [heading!]: ['tina'] } });
    expect((await who('rita').page(a.page)).text).toMatch(/data-soft-lock>[^<]*tina/);
    expect((await who('tina').page(a.page)).text).not.toMatch(/data-soft-lock>[^<]*tina/);
  });

  it('when machine translation is re-run for a segment, then the draft arrives and its word diff shows after an edit', async () => {
    const a = await fresh();
    const [, , heading] = a.segments;
    await a.post('tina', `${a.page}/${heading}/save`, { text: 'Background', baseRevision: '0' });
    const before = await a.row(heading!);
    // The heading is a person's draft: the re-run is queued anyway and its draft waits beside the text.
    const rerun = await a.post('tina', `${a.page}/${heading}/mt`, {});
    expect(rerun.headers.get('location')).toContain('done=mt-queued');
    await a.import(MARKET_ARTICLE.replace('당국은 가격 단속을 예고했다.', '당국은 가격 단속을 예고했다.\n\n시장 상인들은 반발했다.'));
    const added = (await a.ids()).at(-1)!;
    const queued = await a.post('tina', `${a.page}/${added}/mt`, {});
    expect(queued.headers.get('location')).toContain('done=mt-queued');
    await app.rig.service.drain();
    const draft = await a.row(added);
    expect(draft).toMatchObject({ state: 'draft', origin: 'machine' });
    await a.post('tina', `${a.page}/${added}/save`, { text: `${draft.text} Edited`, baseRevision: String(draft.revision) });
    const { text } = await who('tina').page(a.page);
    expect(text).toContain('<ins> Edited</ins>');
    expect(await a.row(heading!)).toMatchObject({
      text: before.text,
      revision: before.revision,
      suggestion: expect.objectContaining({ origin: 'machine' }),
    });
  });

  it("when an approved segment's source changes, then the page shows the source diff since approval beside the old translation", async () => {
    const a = await fresh();
    const [title] = a.segments;
    await a.post('tina', `${a.page}/${title}/submit`, { text: 'Market prices rise again!', baseRevision: '0' });
    await a.post('rita', `${a.page}/${title}/approve`, { baseRevision: await a.revision(title!) });
    expect((await a.row(title!)).state).toBe('approved');
    await a.import(MARKET_ARTICLE.replace('장마당 물가 다시 올라', '장마당 쌀값 다시 올라'));
    expect((await a.row(title!)).state).toBe('stale');
    const { text } = await who('tina').page(a.page);
    const item = text.slice(text.indexOf(`id="seg-${title}"`));
    expect(item).toContain('class="aside stale-diff"');
    expect(item).toMatch(/<del>물가<\/del>/);
    expect(item).toMatch(/<ins>쌀값<\/ins>/);
    expect(item).toContain('Market prices rise again!');
  });
});

describe('review page with translation memory and quality checks', () => {
  /** The segment of `markdown`'s second list item, whose source only the memory test uses. */
  const UNIQUE = MARKET_ARTICLE.replace('쌀 1kg: 8,000원', '쌀 2kg: 16,000원');
  const listItem = (ids: readonly string[]) => ids[5]!;
  const itemOf = (text: string, id: string) =>
    text.slice(text.indexOf(`id="seg-${id}"`), text.indexOf('</li>', text.indexOf(`id="seg-${id}"`)));

  it('when a translation was approved, then the same source in another article offers it as a memory match to accept', async () => {
    const first = await fresh(UNIQUE);
    const approvedId = listItem(first.segments);
    await first.post('tina', `${first.page}/${approvedId}/submit`, { text: 'Rice 2kg: 16,000 won', baseRevision: '0' });
    await first.post('rob', `${first.page}/${approvedId}/approve`, { baseRevision: await first.revision(approvedId) });
    expect((await first.row(approvedId)).state).toBe('approved');

    const second = await fresh(UNIQUE.replace('장마당 물가 다시 올라', '장마당 물가 또 올라'));
    const id = listItem(second.segments);
    const { text } = await who('tina').page(second.page);
    const item = itemOf(text, id);
    expect(item).toContain('class="aside memory"');
    expect(item).toContain('100%');
    expect(item).toContain('Rice 2kg: 16,000 won');
    const res = await who('tina').post(`${second.page}/${id}/memory`, { match: '0', baseRevision: '0' });
    expect(res.status).toBe(303);
    expect(await second.row(id)).toMatchObject({ state: 'draft', text: 'Rice 2kg: 16,000 won' });
  });

  it('when a memory match is offered, then its button posts the segment form (no form or token of its own) and the page has no ETag', async () => {
    const first = await fresh(UNIQUE);
    const approvedId = listItem(first.segments);
    await first.post('tina', `${first.page}/${approvedId}/submit`, { text: 'Rice 2kg: 16,000 won', baseRevision: '0' });
    await first.post('rob', `${first.page}/${approvedId}/approve`, { baseRevision: await first.revision(approvedId) });
    const second = await fresh(UNIQUE.replace('장마당 물가 다시 올라', '장마당 물가 한번 더 올라'));
    const id = listItem(second.segments);
    const { res, text } = await who('tina').page(second.page);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('etag')).toBeNull();
    const start = text.indexOf(`id="seg-${id}"`);
    const item = text.slice(start, text.indexOf('<li class="segment', start + 1));
    expect(item).toContain(`<form method="post" action="${second.page}/${id}/save" class="seg-form" id="f-${id}"`);
    expect(item).toMatch(
      new RegExp(`<button type="submit" form="f-${id}" formaction="${second.page}/${id}/memory" name="match" value="0"`),
    );
    expect(item).not.toContain('/memory">');
    expect(item.match(/<form /g)).toHaveLength(2); // the segment's form and its comment form
    const res2 = await who('tina').post(`${second.page}/${id}/memory`, { match: '0', baseRevision: '0', text: 'typed', advance: '' });
    expect(res2.status).toBe(303);
    expect(await second.row(id)).toMatchObject({ state: 'draft', text: 'Rice 2kg: 16,000 won' });
  });

  it('when a save breaks a quality check, then the page lists the failure and approving needs a reason', async () => {
    const a = await fresh();
    const corn = a.segments[6]!;
    await a.post('tina', `${a.page}/${corn}/submit`, { text: 'Corn 1kg: 9,999 won', baseRevision: '0' });
    const { text } = await who('rita').page(a.page);
    const item = itemOf(text, corn);
    expect(item).toContain('class="aside checks"');
    expect(item).toContain('class="check-error"');
    expect(item).toContain('name="override"');
    expect((await who('rita').post(`${a.page}/${corn}/approve`, { baseRevision: await a.revision(corn) })).status).toBe(400);
  });
});
