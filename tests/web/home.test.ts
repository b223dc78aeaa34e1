import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoneProvider } from '../../src/adapters/mt/none.ts';
import type { ArticleRecord } from '../../src/core/model.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

const SLUG = 'market-prices';
const OTHER = 'fuel-prices';
const other = MARKET_ARTICLE.replace('slug: market-prices', `slug: ${OTHER}`).replace('장마당 물가 다시 올라', '연료값 급등');
const COMMENT = '공식 명칭을 쓰세요: "Jangmadang"';

let app: ReviewApp;
const clients = new Map<string, Client>();
const record = async (slug = SLUG): Promise<ArticleRecord> => (await app.rig.store.get(parseSlug(slug)))!;
const ids = async (slug = SLUG) =>
  (await record(slug)).segments
    .filter((s) => !s.removedAt)
    .sort((a, b) => a.order - b.order)
    .map((s) => s.id);
const revision = async (id: string) => (await record()).translations.find((t) => t.segmentId === id && t.locale === 'en')?.revision ?? 0;
const post = async (name: string, path: string, fields: Record<string, string>) => {
  const client = clients.get(name)!;
  await client.page(`/review/${SLUG}/en`);
  const res = await client.post(path, fields);
  expect(res.status).toBe(303);
};
/** The section of the home page whose heading id is `work-<id>`, or '' when the page has none. */
const section = (html: string, id: string) =>
  new RegExp(`<section class="work" aria-labelledby="work-${id}">[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

beforeAll(async () => {
  app = await startReviewApp({
    articles: { [SLUG]: MARKET_ARTICLE, [OTHER]: other },
    provider: new NoneProvider(),
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
      { name: 'jun', role: 'translator', locales: ['ja'] },
      { name: 'eddie', role: 'editor' },
      { name: 'ada', role: 'admin' },
    ],
  });
  for (const name of ['tina', 'rita', 'jun', 'eddie', 'ada']) clients.set(name, await app.loginAs(name));
  const [draft, rejected, submitted] = await ids();
  const base = `/review/${SLUG}/en`;
  await post('tina', `${base}/${draft}/save`, { text: 'Market prices', baseRevision: '0' });
  await post('tina', `${base}/${rejected}/submit`, { text: 'Jangmadang prises', baseRevision: '0' });
  await post('tina', `${base}/${submitted}/submit`, { text: 'Rice is dear', baseRevision: '0' });
  await post('rita', `${base}/${rejected}/reject`, { comment: COMMENT, baseRevision: String(await revision(rejected!)) });
  // The other article: every segment approved in English, one Japanese translation outdated by a source change.
  const [first] = await ids(OTHER);
  await app.rig.store.update(parseSlug(OTHER), (r) => ({
    ...r!,
    translations: [
      ...r!.translations.filter((t) => t.locale !== 'en' && !(t.locale === 'ja' && t.segmentId === first)),
      ...r!.segments.map((s) => ({
        segmentId: s.id,
        locale: 'en',
        state: 'approved' as const,
        text: `EN ${s.order}`,
        approvedText: `EN ${s.order}`,
        origin: 'human' as const,
        machineDraft: null,
        revision: 3,
        updatedAt: '2026-01-02T00:00:00.000Z',
        updatedBy: 'rita',
        textBy: 'tina',
        comments: [],
      })),
      {
        segmentId: first!,
        locale: 'ja',
        state: 'stale' as const,
        text: 'JA',
        origin: 'human' as const,
        machineDraft: null,
        revision: 2,
        updatedAt: '2026-01-02T00:00:00.000Z',
        updatedBy: 'jun',
        textBy: 'jun',
        comments: [],
      },
    ],
  }));
});
afterAll(() => app.close());

describe('home page: my work', () => {
  it("when a translator opens it, then their rejected segment shows the reviewer's comment and links to the segment", async () => {
    const [, rejected] = await ids();
    const { res, text } = await clients.get('tina')!.page('/');
    expect(res.status).toBe(200);
    const part = section(text, 'rejected');
    expect(part).toContain(`href="/review/${SLUG}/en?focus=${rejected}#seg-${rejected}"`);
    expect(part).toContain('공식 명칭을 쓰세요: &quot;Jangmadang&quot;');
    expect(part).toContain('rita');
    expect(part).toContain('state-rejected');
  });

  it('when a translator opens it, then their drafts and submissions waiting for review are listed with links', async () => {
    const { text } = await clients.get('tina')!.page('/');
    const drafts = section(text, 'drafts');
    expect(drafts).toContain(`href="/review/${SLUG}/en"`);
    expect(drafts).toContain('<span class="work-count">1</span>');
    expect(drafts).toContain('state=draft&amp;assignee=tina');
    expect(section(text, 'mySubmitted')).toContain('<span class="work-count">1</span>');
    // Translators are not offered the editor's lists.
    expect(section(text, 'ready')).toBe('');
    expect(section(text, 'users')).toBe('');
  });

  it("when a translator of another locale opens it, then nothing of the first translator's work is theirs", async () => {
    const { text } = await clients.get('jun')!.page('/');
    expect(section(text, 'rejected')).toContain('<span class="work-count">0</span>');
    expect(section(text, 'drafts')).toContain('<span class="work-count">0</span>');
    expect(section(text, 'myStale')).toContain('<span class="work-count">1</span>');
  });

  it('when a reviewer opens it, then the submissions waiting in their locale are listed', async () => {
    const { text } = await clients.get('rita')!.page('/');
    const part = section(text, 'toReview');
    expect(part).toContain(`href="/review/${SLUG}/en"`);
    expect(part).toContain('<span class="work-count">1</span>');
  });

  it('when an editor opens it, then articles ready to publish and outdated translations are listed', async () => {
    const { text } = await clients.get('eddie')!.page('/');
    const ready = section(text, 'ready');
    expect(ready).toContain(`href="/publish/${OTHER}"`);
    expect(ready).not.toContain(`/publish/${SLUG}`);
    expect(section(text, 'stale')).toContain(`href="/review/${OTHER}/ja"`);
    expect(section(text, 'scheduled')).toContain('class="hint"');
    expect(section(text, 'users')).toBe('');
  });

  it('when an admin opens it, then users per role and the machine translation state are shown as well', async () => {
    const { text } = await clients.get('ada')!.page('/');
    expect(section(text, 'users')).toContain('href="/users"');
    expect(section(text, 'users')).toContain('<span class="work-count">5</span>');
    expect(section(text, 'mt')).toContain('mt-status');
    expect(section(text, 'ready')).toContain(`/publish/${OTHER}`);
  });
});

describe('queue: rejected segments', () => {
  it('when a reviewer rejected a draft, then its queue row is marked rejected with the comment and links to the segment', async () => {
    const [, rejected] = await ids();
    const { text } = await clients.get('tina')!.page(`/queue?article=${SLUG}`);
    const row =
      new RegExp(`<tr>\\s*<td><a href="/review/${SLUG}/en\\?focus=${rejected}#seg-${rejected}"[\\s\\S]*?</tr>`).exec(text)?.[0] ?? '';
    expect(row).toContain('state-rejected');
    expect(row).toContain('공식 명칭을 쓰세요: &quot;Jangmadang&quot;');
    const others = text.split('state-rejected').length - 1;
    expect(others).toBe(1);
  });
});

describe('articles page', () => {
  it("when an article is listed, then its title links to its review page in the viewer's locale", async () => {
    const { text } = await clients.get('jun')!.page('/articles');
    expect(text).toMatch(new RegExp(`<th scope="row"><a href="/review/${SLUG}/ja" lang="ko">장마당 물가 다시 올라</a>`));
    const editor = await clients.get('eddie')!.page('/articles');
    expect(editor.text).toMatch(new RegExp(`<th scope="row"><a href="/review/${SLUG}/en" lang="ko">`));
  });
});
