import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editor, reviewer, SAMPLE_FILE, SAMPLE_SLUG, translator } from '../services/publish-fixture.ts';
import { SECOND_SLUG, startReaderApp, type ReaderApp } from './reader-fixture.ts';

// The fixture's clock starts at 2026-10-05T09:00:00Z and moves one second per reading; tests set it, never wait.
const articleUrl = (locale: string, slug: string) => `/${locale}/articles/${slug}`;
const UNKNOWN = 'no-such-article';

let source: string;

/** The sample article under another slug, with `frontMatter` in place of its date line. */
function variant(slug: string, frontMatter: string): string {
  return source.replace('date: 2026-09-14', frontMatter).replace(`slug: ${SAMPLE_SLUG}`, `slug: ${slug}`);
}

async function get(app: ReaderApp, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(new URL(path, app.url), { headers: { accept: 'text/html' }, redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

/** Everything an anonymous reader can reach that could name an article: lists and feeds in every language given. */
async function publicListings(app: ReaderApp, locales: readonly string[]): Promise<string> {
  const pages = await Promise.all(locales.flatMap((l) => [get(app, `/${l}/`), get(app, `/${l}/feed.xml`)]));
  return pages.map((p) => p.text).join('\n');
}

/** Readers get exactly the page of an unknown slug, in every language. */
async function expectSameAsUnknown(app: ReaderApp, slug: string, locales: readonly string[]): Promise<void> {
  for (const locale of locales) {
    const page = await get(app, articleUrl(locale, slug));
    const unknown = await get(app, articleUrl(locale, UNKNOWN));
    expect(page.status, `${locale}/${slug}`).toBe(404);
    expect(page.text, `${locale}/${slug}`).toBe(unknown.text);
  }
}

beforeAll(async () => {
  source = await readFile(SAMPLE_FILE, 'utf8');
});

describe('Hugo front matter embargo on the reader site', () => {
  let app: ReaderApp;
  const EMBARGOED = {
    'embargo-draft': 'date: 2026-09-14\ndraft: true',
    'embargo-publish-date': 'date: 2026-09-14\npublishDate: 2026-10-10T06:00:00Z',
    'embargo-date': 'date: 2026-10-20',
    'embargo-expired': 'date: 2026-09-14\nexpiryDate: 2026-10-01T00:00:00+09:00',
  } as const;

  beforeAll(async () => {
    app = await startReaderApp();
    for (const [slug, frontMatter] of Object.entries(EMBARGOED)) {
      await app.importSource(variant(slug, frontMatter), `${slug}.md`);
      // A translation published during the embargo is held back with its article.
      await app.approveAll('en', slug);
      await app.publish.publish({ slug, locale: 'en', actor: editor });
    }
  });
  afterAll(() => app.close());

  it.each(Object.keys(EMBARGOED))(
    'when %s is embargoed, then every language answers the 404 of an unknown slug and no list or feed names it',
    async (slug) => {
      app.clock.now = new Date('2026-10-06T00:00:00Z');
      await expectSameAsUnknown(app, slug, ['ko', 'en', 'ja']);
      const listings = await publicListings(app, ['ko', 'en']);
      expect(listings).not.toContain(slug);
      expect(listings).toContain(SAMPLE_SLUG);
    },
  );

  it('when the publish date passes, then the article is read, listed and syndicated in every language without a restart', async () => {
    const slug = 'embargo-publish-date';
    app.clock.now = new Date('2026-10-10T05:59:00Z');
    await expectSameAsUnknown(app, slug, ['ko', 'en']);

    app.clock.now = new Date('2026-10-10T06:00:00Z');
    expect((await get(app, articleUrl('ko', slug))).status).toBe(200);
    const en = await get(app, articleUrl('en', slug));
    expect(en.status).toBe(200);
    expect(en.text).toContain('<link rel="alternate" hreflang="ko"');
    expect((await get(app, '/ko/')).text).toContain(articleUrl('ko', slug));
    expect((await get(app, '/en/')).text).toContain(articleUrl('en', slug));
    // Readable since the publish date, not since the import or the translation's publish.
    const feed = (await get(app, '/ko/feed.xml')).text;
    const item = feed.split('<item>').find((i) => i.includes(slug)) ?? '';
    expect(item).toContain('<pubDate>Sat, 10 Oct 2026 06:00:00 GMT</pubDate>');
  });

  it('when an article has only a date and it is in the future, then the date is its publish date', async () => {
    app.clock.now = new Date('2026-10-19T23:59:00Z');
    await expectSameAsUnknown(app, 'embargo-date', ['ko', 'en']);
    app.clock.now = new Date('2026-10-20T00:00:00Z');
    expect((await get(app, articleUrl('ko', 'embargo-date'))).status).toBe(200);
    expect((await get(app, articleUrl('en', 'embargo-date'))).status).toBe(200);
  });

  it('when the expiry date passes, then the article leaves every language', async () => {
    app.clock.now = new Date('2026-09-30T14:59:00Z');
    expect((await get(app, articleUrl('ko', 'embargo-expired'))).status).toBe(200);
    expect((await get(app, '/en/feed.xml')).text).toContain('embargo-expired');
    app.clock.now = new Date('2026-09-30T15:00:00Z');
    await expectSameAsUnknown(app, 'embargo-expired', ['ko', 'en']);
    expect(await publicListings(app, ['ko', 'en'])).not.toContain('embargo-expired');
  });

  it('when an editor opens the articles and review pages, then the embargo is shown with its reason and time', async () => {
    app.clock.now = new Date('2026-10-06T00:00:00Z');
    const staff = await app.loginAs('editor-park');
    const articles = (await staff.page('/articles')).text;
    expect(articles).toContain('data-embargo="draft"');
    expect(articles).toContain('data-embargo="scheduled" data-at="2026-10-10T06:00:00.000Z"');
    expect(articles).toContain('data-embargo="expired"');
    const review = (await staff.page('/review/embargo-publish-date/en')).text;
    expect(review).toMatch(
      /<p class="review-embargo"><span class="embargo embargo-scheduled" data-embargo="scheduled" data-at="2026-10-10T06:00:00.000Z">[^<]*2026[^<]*UTC[^<]*<\/span>/,
    );
    const publishPage = (await staff.page('/publish/embargo-draft')).text;
    expect(publishPage).toContain('data-embargo="draft"');
  });
});

describe('a scheduled release of a locale', () => {
  let app: ReaderApp;
  const RELEASE = '2026-10-07T09:00:00.000Z';

  beforeAll(async () => {
    app = await startReaderApp();
    await app.approveAll('en');
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor, at: RELEASE });
    // The second article is live in English (v1); a revised title is scheduled as v2.
    await app.approveAll('en', SECOND_SLUG);
    await app.publish.publish({ slug: SECOND_SLUG, locale: 'en', actor: editor });
    const record = (await app.deps.store.get(SECOND_SLUG as never))!;
    const title = record.segments.find((s) => s.kind === 'title')!;
    const current = record.translations.find((t) => t.segmentId === title.id && t.locale === 'en')!;
    const saved = await app.review.saveTranslation({
      slug: SECOND_SLUG,
      segmentId: title.id,
      locale: 'en',
      text: 'REVISED HEADLINE',
      baseRevision: current.revision,
      actor: translator,
    });
    if (saved.state !== 'submitted') await app.review.submit({ slug: SECOND_SLUG, segmentId: title.id, locale: 'en', actor: translator });
    await app.review.approve({ slug: SECOND_SLUG, segmentId: title.id, locale: 'en', actor: reviewer });
    await app.publish.publish({ slug: SECOND_SLUG, locale: 'en', actor: editor, at: RELEASE });
  });
  afterAll(() => app.close());

  it('when its time has not come, then readers see no English version: no page, list entry, feed item or hreflang link', async () => {
    app.clock.now = new Date('2026-10-07T08:59:00Z');
    const en = await get(app, articleUrl('en', SAMPLE_SLUG));
    expect(en.status).toBe(404);
    expect(en.text).not.toContain('[en]');
    expect(await publicListings(app, ['en'])).not.toContain(SAMPLE_SLUG);
    const ko = (await get(app, articleUrl('ko', SAMPLE_SLUG))).text;
    expect(ko).not.toContain('<link rel="alternate" hreflang="en"');
    expect(ko).not.toContain('data-locale="en"');
    expect(ko).toContain('<link rel="alternate" hreflang="x-default"');
  });

  it('when its time has come, then the English version is read, listed, syndicated at the release time and linked', async () => {
    app.clock.now = new Date(RELEASE);
    const en = await get(app, articleUrl('en', SAMPLE_SLUG));
    expect(en.status).toBe(200);
    expect(en.text).toContain('[en]');
    expect(en.text).toContain('October 7, 2026');
    expect((await get(app, '/en/')).text).toContain(articleUrl('en', SAMPLE_SLUG));
    const feed = (await get(app, '/en/feed.xml')).text;
    const item = feed.split('<item>').find((i) => i.includes(SAMPLE_SLUG)) ?? '';
    expect(item).toContain('<pubDate>Wed, 07 Oct 2026 09:00:00 GMT</pubDate>');
    expect((await get(app, articleUrl('ko', SAMPLE_SLUG))).text).toContain(
      `<link rel="alternate" hreflang="en" href="${app.publicUrl}${articleUrl('en', SAMPLE_SLUG)}">`,
    );
  });

  it('when a new version is scheduled over a live one, then readers keep the live one until the release', async () => {
    app.clock.now = new Date('2026-10-07T08:59:00Z');
    const before = (await get(app, articleUrl('en', SECOND_SLUG))).text;
    expect(before).not.toContain('REVISED HEADLINE');
    expect((await get(app, '/en/')).text).not.toContain('REVISED HEADLINE');
    expect((await get(app, articleUrl('ko', SECOND_SLUG))).text).toContain('<link rel="alternate" hreflang="en"');

    app.clock.now = new Date(RELEASE);
    expect((await get(app, articleUrl('en', SECOND_SLUG))).text).toContain('<h1>REVISED HEADLINE</h1>');
    expect((await get(app, '/en/')).text).toContain('REVISED HEADLINE');
  });

  it('when an editor opens the publish page, then the scheduled release is shown and a release time can be given', async () => {
    app.clock.now = new Date('2026-10-07T08:59:00Z');
    const staff = await app.loginAs('editor-park');
    const page = (await staff.page(`/publish/${SAMPLE_SLUG}`)).text;
    // The time as an editor reads it (UTC written out), the exact instant in data-at.
    expect(page).toMatch(new RegExp(`<span class="publish-state" data-at="${RELEASE}">[^<]*2026[^<]*UTC[^<]*</span>`));
    expect(page).toContain('name="at"');
  });
});

describe('TANDEM_SOURCE_RELEASE=manual', () => {
  let app: ReaderApp;

  beforeAll(async () => {
    app = await startReaderApp({}, { sourceRelease: 'manual' });
  });
  afterAll(() => app.close());

  it('when the original was never released, then it is the 404 of an unknown slug and is not listed', async () => {
    app.clock.now = new Date('2026-10-06T00:00:00Z');
    await expectSameAsUnknown(app, SECOND_SLUG, ['ko', 'en']);
    expect(await publicListings(app, ['ko'])).not.toContain(SECOND_SLUG);
  });

  it('when an editor releases the original from the publish page at a time, then readers see it from that time on', async () => {
    app.clock.now = new Date('2026-10-06T00:00:00Z');
    const staff = await app.loginAs('editor-park');
    const page = (await staff.page(`/publish/${SAMPLE_SLUG}`)).text;
    // The publish button asks for a confirmation first; the confirmation's form posts here.
    expect(page).toContain(`action="/publish/${SAMPLE_SLUG}/ko/confirm"`);
    const res = await staff.post(`/publish/${SAMPLE_SLUG}/ko`, { at: '2026-10-06T12:00:00Z' });
    expect(res.status).toBe(303);

    app.clock.now = new Date('2026-10-06T11:59:00Z');
    await expectSameAsUnknown(app, SAMPLE_SLUG, ['ko']);
    app.clock.now = new Date('2026-10-06T12:00:00Z');
    expect((await get(app, articleUrl('ko', SAMPLE_SLUG))).status).toBe(200);
    expect((await get(app, '/ko/')).text).toContain(articleUrl('ko', SAMPLE_SLUG));

    await app.publish.unpublish({ slug: SAMPLE_SLUG, locale: 'ko', actor: editor });
    await expectSameAsUnknown(app, SAMPLE_SLUG, ['ko']);
  });
});
