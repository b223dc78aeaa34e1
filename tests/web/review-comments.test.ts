import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoneProvider } from '../../src/adapters/mt/none.ts';
import type { ArticleRecord, Translation } from '../../src/core/model.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { FakeDeepl } from '../fake-deepl/server.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

const SLUG = 'market-prices';
const PAGE = `/review/${SLUG}/en`;
const USERS = [
  { name: 'tina', role: 'translator' as const, locales: ['en'] },
  { name: 'rita', role: 'reviewer' as const, locales: ['en'] },
  { name: 'jun', role: 'translator' as const, locales: ['ja'] },
];

async function open(options: Parameters<typeof startReviewApp>[0]) {
  const app = await startReviewApp(options);
  const clients = new Map<string, Client>();
  for (const u of options.users) clients.set(u.name, await app.loginAs(u.name));
  const record = async (): Promise<ArticleRecord> => (await app.rig.store.get(parseSlug(SLUG)))!;
  const ids = async () =>
    (await record()).segments
      .filter((s) => !s.removedAt)
      .sort((a, b) => a.order - b.order)
      .map((s) => s.id);
  const row = async (id: string): Promise<Translation | undefined> =>
    (await record()).translations.find((t) => t.segmentId === id && t.locale === 'en');
  const post = async (name: string, path: string, fields: Record<string, string>) => {
    const client = clients.get(name)!;
    await client.page(PAGE);
    return client.post(path, fields);
  };
  return { app, who: (name: string) => clients.get(name)!, ids, row, post };
}

describe('comments on the review page', () => {
  let ctx: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    ctx = await open({ articles: { [SLUG]: MARKET_ARTICLE }, users: USERS });
  });
  afterAll(() => ctx.app.close());

  it('when a translator opens the page, then each segment offers a comment form with a form token', async () => {
    const [title] = await ctx.ids();
    const { text } = await ctx.who('tina').page(PAGE);
    const item = text.slice(text.indexOf(`id="seg-${title}"`), text.indexOf('</li>', text.indexOf(`id="seg-${title}"`)));
    expect(item).toContain(`action="${PAGE}/${title}/comment"`);
    expect(item).toMatch(/<textarea id="cm-[^"]+" name="comment"[^>]*maxlength="2000"/);
    expect(item).toMatch(/name="_csrf"/);
  });

  it("when a reviewer comments while the translator's editor is open, then the comment shows and the translator's save still goes through", async () => {
    const [title] = await ctx.ids();
    await ctx.post('tina', `${PAGE}/${title}/save`, { text: 'Market prices up again', baseRevision: '0' });
    const opened = (await ctx.row(title!))!;
    const res = await ctx.post('rita', `${PAGE}/${title}/comment`, { comment: 'Say <b>which</b> market.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${PAGE}?done=commented&focus=${title}#seg-${title}`);
    expect(await ctx.row(title!)).toMatchObject({
      state: 'draft',
      revision: opened.revision,
      comments: [expect.objectContaining({ by: 'rita', text: 'Say <b>which</b> market.' })],
    });

    const { text } = await ctx.who('tina').page(PAGE);
    expect(text).toContain('Say &lt;b&gt;which&lt;/b&gt; market.');
    expect(text).not.toContain('<b>which</b>');
    const saved = await ctx.post('tina', `${PAGE}/${title}/save`, {
      text: 'Jangmadang prices up again',
      baseRevision: String(opened.revision),
    });
    expect(saved.status).toBe(303);
    expect((await ctx.row(title!))!.text).toBe('Jangmadang prices up again');
  });

  it('when a comment is blank, then the page says why and nothing is stored', async () => {
    const [, para] = await ctx.ids();
    const res = await ctx.post('tina', `${PAGE}/${para}/comment`, { comment: '   ' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('role="alert"');
    expect((await ctx.row(para!))?.comments ?? []).toEqual([]);
  });

  it('when a comment is longer than the limit, then it is refused at the edge', async () => {
    const [, para] = await ctx.ids();
    const res = await ctx.post('tina', `${PAGE}/${para}/comment`, { comment: 'x'.repeat(2001) });
    expect(res.status).toBe(400);
    expect((await ctx.row(para!))?.comments ?? []).toEqual([]);
  });

  it('when a translator of another locale or a post without the form token comments, then it is refused', async () => {
    const [, para] = await ctx.ids();
    expect((await ctx.post('jun', `${PAGE}/${para}/comment`, { comment: 'Not my language.' })).status).toBe(403);
    const noToken = await ctx.who('tina').request('POST', `${PAGE}/${para}/comment`, {
      body: new URLSearchParams({ comment: 'No token' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(noToken.status).toBe(403);
    expect((await ctx.row(para!))?.comments ?? []).toEqual([]);
  });

  it('when a comment is added, then the history lists it in the UI language (Korean by default)', async () => {
    const [title] = await ctx.ids();
    const { text } = await ctx.who('rita').page(PAGE);
    const start = text.indexOf(`id="seg-${title}"`);
    const item = text.slice(start, text.indexOf('<li class="segment', start + 1));
    expect(item).toMatch(/rita · 의견: <q>Say &lt;b&gt;which&lt;\/b&gt; market.<\/q>/);
  });
});

describe('re-running machine translation from the review page', () => {
  it('when a translator re-runs MT on their own draft, then the draft arrives from DeepL as a suggestion and the text stays', async () => {
    const ctx = await open({ articles: { [SLUG]: MARKET_ARTICLE }, users: USERS });
    try {
      const [, para] = await ctx.ids();
      await ctx.post('tina', `${PAGE}/${para}/save`, { text: 'Rice doubled.', baseRevision: '0' });
      const res = await ctx.post('tina', `${PAGE}/${para}/mt`, {});
      expect(res.headers.get('location')).toBe(`${PAGE}?done=mt-queued&focus=${para}#seg-${para}`);
      expect((await ctx.post('tina', `${PAGE}/${para}/mt`, {})).headers.get('location')).toContain('done=mt-already');
      await ctx.app.rig.service.drain();
      const source = '평양 장마당의 쌀값이 한 달 사이 두 배로 뛰었다.';
      expect(ctx.app.rig.fake.textsReceived.filter((t) => t === source)).toHaveLength(1);
      expect(await ctx.row(para!)).toMatchObject({
        text: 'Rice doubled.',
        revision: 1,
        suggestion: { origin: 'machine', text: FakeDeepl.translation(source, 'EN-US') },
      });
      const { text } = await ctx.who('tina').page(PAGE);
      expect(text).toContain(`action="${PAGE}/${para}/suggestion"`);
    } finally {
      await ctx.app.close();
    }
  });

  it('when machine translation is off, then the page and the re-run say plainly that it is off and name the provider’s variable', async () => {
    // A made-up provider's hint: the variable comes from the provider, never from the UI strings; its English
    // description has no Korean string (mt:configHints), so the Korean page names the variable alone.
    const hint = 'ACME_MT_KEY (your Acme MT key)';
    const ctx = await open({ articles: { [SLUG]: MARKET_ARTICLE }, users: USERS, provider: new NoneProvider([hint]) });
    try {
      const [, para] = await ctx.ids();
      const page = await ctx.who('tina').page(PAGE);
      expect(page.text).toContain('기계 번역이 꺼져 있습니다. 켜려면 다음을 설정하고 Tandem을 다시 시작하세요: ACME_MT_KEY');
      expect(page.text).not.toContain('your Acme MT key');
      expect(page.text).not.toContain(`${para}/mt"`);
      const res = await ctx.post('tina', `${PAGE}/${para}/mt`, {});
      expect(res.headers.get('location')).toContain('done=mt-off');
      const after = await ctx.who('tina').page(res.headers.get('location')!);
      expect(after.text).toContain(
        'role="status">대기열에 넣은 것이 없습니다. 기계 번역이 꺼져 있습니다. 켜려면 다음을 설정하고 Tandem을 다시 시작하세요: ACME_MT_KEY<',
      );
      expect(after.text).not.toMatch(/DeepL|DEEPL_AUTH_KEY/);
      expect(await ctx.app.rig.mt.queue.items()).toEqual([]);
    } finally {
      await ctx.app.close();
    }
  });
});
