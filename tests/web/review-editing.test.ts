import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, Translation } from '../../src/core/model.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

// Issue 14, editing: legal actions only, a reviewer's correction approved in one step, refusals that keep the text,
// answers in place for the page's script (JSON), and submit-all.
let app: ReviewApp;
const clients = new Map<string, Client>();
const JSON_ACCEPT = { accept: 'application/json' };

beforeAll(async () => {
  app = await startReviewApp({
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
    ],
  });
  for (const name of ['tina', 'rita']) clients.set(name, await app.loginAs(name));
});
afterAll(() => app.close());

const who = (name: string) => clients.get(name)!;
let articles = 0;

async function fresh() {
  const slug = `editing-${++articles}`;
  await app.rig.import(slug, MARKET_ARTICLE);
  const page = `/review/${slug}/en`;
  const record = async (): Promise<ArticleRecord> => (await app.rig.store.get(parseSlug(slug)))!;
  const segments = (await record()).segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
  const row = async (id: string): Promise<Translation | undefined> =>
    (await record()).translations.find((t) => t.segmentId === id && t.locale === 'en');
  const revision = async (id: string) => String((await row(id))?.revision ?? 0);
  const post = async (name: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) => {
    await who(name).page(page);
    return who(name).post(path, fields, headers);
  };
  /** The `<li>` of one segment on `name`'s page. */
  const rowHtml = async (name: string, id: string) => {
    const { text } = await who(name).page(page);
    const start = text.indexOf(`<li class="segment`, text.indexOf(`id="seg-${id}"`) - 200);
    return text.slice(start, text.indexOf('<div class="seg-asides">', start));
  };
  return { slug, page, ids: segments.map((s) => s.id), record, row, revision, post, rowHtml };
}

const actionsIn = (html: string) =>
  [...html.matchAll(/data-action="(save|submit|approve|reject)"([^>]*)>/g)].map((m) =>
    m[2]!.includes('disabled') ? `${m[1]}:disabled` : m[1],
  );

describe('only legal actions are offered', () => {
  it.each([
    ['a translator, untranslated', 'tina', null, ['save', 'submit']],
    ['a translator, submitted', 'tina', 'tina', ['save']],
    ['a reviewer, someone else’s submission', 'rita', 'tina', ['save', 'approve', 'reject']],
    ['a reviewer, their own submission', 'rita', 'rita', ['save', 'approve:disabled', 'reject']],
  ])('when %s (%s, submitted by %s), then the row offers %j', async (_case, viewer, submitter, expected) => {
    const a = await fresh();
    const id = a.ids[1]!;
    if (submitter) await a.post(submitter, `${a.page}/${id}/submit`, { text: 'Rice prices doubled in a month.', baseRevision: '0' });
    const html = await a.rowHtml(viewer, id);
    expect(actionsIn(html)).toEqual(expected);
    if (expected.includes('approve:disabled')) {
      expect(html).toMatch(/data-action="approve"[^>]* disabled aria-describedby="fe-[^"]+" data-reason="[^"]+"/);
      expect(html).toContain('직접 쓴 번역이므로 다른 검토자가 승인해야 합니다.');
    }
  });

  it('when a translator looks at an approved segment, then it is read-only with no action at all', async () => {
    const a = await fresh();
    const id = a.ids[0]!;
    await a.post('tina', `${a.page}/${id}/submit`, { text: 'Market prices rise again', baseRevision: '0' });
    await a.post('rita', `${a.page}/${id}/approve`, { baseRevision: await a.revision(id) });
    expect(actionsIn(await a.rowHtml('tina', id))).toEqual([]);
  });
});

describe('a reviewer corrects and approves in one action', () => {
  it('when a reviewer edits a submitted segment and approves, then their correction is approved and the history says whose text they corrected', async () => {
    const a = await fresh();
    const id = a.ids[1]!;
    await a.post('tina', `${a.page}/${id}/submit`, { text: 'Rice prices doubled in a month.', baseRevision: '0' });
    const res = await a.post('rita', `${a.page}/${id}/approve`, {
      text: 'Rice prices doubled within a month.',
      baseRevision: await a.revision(id),
    });
    expect(res.status).toBe(303);
    expect(await a.row(id)).toMatchObject({ state: 'approved', text: 'Rice prices doubled within a month.' });
    const history = (await a.record()).history.filter((h) => h.segmentId === id).slice(-2);
    expect(history.map((h) => [h.action, h.by, h.correctionOf])).toEqual([
      ['save', 'rita', undefined],
      ['approve', 'rita', 'tina'],
    ]);
    const { text } = await who('rita').page(a.page);
    expect(text).toContain('tina 님이 요청한 번역을 검토자가 고쳐서');
  });

  it('when a reviewer who submitted the text corrects and approves it, then four-eyes refuses, 403, with their text kept beside the editor', async () => {
    const a = await fresh();
    const id = a.ids[1]!;
    await a.post('rita', `${a.page}/${id}/submit`, { text: 'Rice prices doubled in a month.', baseRevision: '0' });
    const res = await a.post('rita', `${a.page}/${id}/approve`, { text: 'My second thoughts.', baseRevision: await a.revision(id) });
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toMatch(new RegExp(`<textarea id="t-${id}"[^>]*aria-invalid="true"[^>]*>My second thoughts.</textarea>`));
    expect(page).toContain(`<p class="message error seg-error" id="err-${id}">직접 쓴 번역은 승인할 수 없습니다`);
    expect(await a.row(id)).toMatchObject({ state: 'submitted', text: 'Rice prices doubled in a month.' });
  });
});

describe('no refusal loses typed text', () => {
  it('when a reviewer presses submit on a segment already in review (an old page), then the refusal is beside the editor with the text kept', async () => {
    const a = await fresh();
    const id = a.ids[1]!;
    await a.post('tina', `${a.page}/${id}/submit`, { text: 'Rice prices doubled in a month.', baseRevision: '0' });
    const res = await a.post('rita', `${a.page}/${id}/submit`, {
      text: 'Rice prices doubled within a month.',
      baseRevision: await a.revision(id),
    });
    expect(res.status).toBe(409);
    expect(await res.text()).toMatch(new RegExp(`<textarea id="t-${id}"[^>]*>Rice prices doubled within a month.</textarea>`));
  });

  it.each([
    ['a conflict', 'conflict', 409],
    ['a markup error', 'markup', 400],
    ['four-eyes', 'four-eyes', 403],
  ])(
    'when the page’s script meets %s, then the JSON answer carries the sentence, the status and the typed text',
    async (_case, kind, status) => {
      const a = await fresh();
      const id = a.ids[1]!;
      const typed = kind === 'markup' ? 'Rice <b>doubled</b>.' : 'Rice prices doubled within a month.';
      let path = `${a.page}/${id}/save`;
      let base = '0';
      if (kind === 'conflict') await a.post('tina', `${a.page}/${id}/save`, { text: 'Someone else first.', baseRevision: '0' });
      if (kind === 'four-eyes') {
        await a.post('rita', `${a.page}/${id}/submit`, { text: 'Rice prices doubled in a month.', baseRevision: '0' });
        path = `${a.page}/${id}/approve`;
        base = await a.revision(id);
      }
      const res = await a.post('rita', path, { text: typed, baseRevision: base }, JSON_ACCEPT);
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { message: string; current?: { text: string } }; text: string; segmentId: string };
      expect(body).toMatchObject({ text: typed, segmentId: id });
      expect(body.error.message).not.toBe('');
      if (kind === 'conflict') expect(body.error.current?.text).toBe('Someone else first.');
    },
  );
});

describe('actions answer in place for the page’s script', () => {
  it('when a translator submits with JSON, then the answer is the redrawn row, the state and the next segment needing them', async () => {
    const a = await fresh();
    const [first, second] = a.ids;
    const res = await a.post('tina', `${a.page}/${first}/submit`, { text: 'Market prices rise again', baseRevision: '0' }, JSON_ACCEPT);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { state: string; next: string; row: string; done: string; notice: string };
    expect(body).toMatchObject({ done: 'submitted', state: 'submitted', next: second, notice: '검토를 요청했습니다.' });
    expect(body.row).toMatch(new RegExp(`^<li class="segment kind-title seg-state-submitted" id="seg-${first}"`));
    expect(body.row).toContain('>Market prices rise again</textarea>');
  });
});

describe('submitting all finished drafts', () => {
  it('when a translator has drafts, then the page offers submit-all and it sends exactly theirs to review', async () => {
    const a = await fresh();
    const [first, second, third] = a.ids;
    await a.post('tina', `${a.page}/${first}/save`, { text: 'Market prices rise again', baseRevision: '0' });
    await a.post('tina', `${a.page}/${second}/save`, { text: 'Rice prices doubled in a month.', baseRevision: '0' });
    await a.post('rita', `${a.page}/${third}/save`, { text: 'Background', baseRevision: '0' });
    expect((await who('tina').page(a.page)).text).toContain('완료한 내 초안 모두 검토 요청 (2)');
    const res = await a.post('tina', `${a.page}/submit-all`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('done=submitted-all&n=2&skipped=0');
    expect((await a.row(first!))?.state).toBe('submitted');
    expect((await a.row(second!))?.state).toBe('submitted');
    expect((await a.row(third!))?.state).toBe('draft');
    expect((await who('tina').page(a.page)).text).not.toContain('data-action="submit-all"');
  });
});

describe('one tag notation', () => {
  it('when a segment has inline formatting, then the source shows its tags as typed, titled in the UI language, with the tag table for the preview', async () => {
    const a = await fresh();
    const { text } = await who('tina').page(a.page);
    expect(text).toContain('<span class="inline-tag tag-open" data-tag="&lt;g1&gt;" title="굵게">&lt;g1&gt;</span>환율');
    expect(text).toContain('data-tags="{&quot;1&quot;:{&quot;type&quot;:&quot;g&quot;,&quot;node&quot;:&quot;strong&quot;}}"');
    expect(text).not.toContain('⟨');
    expect(text).toContain('class="tag-help"');
  });
});
