import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGE_COOKIE } from '../../src/web/i18n.ts';
import { editor, reviewer, SAMPLE_SLUG, translator } from '../services/publish-fixture.ts';
import type { Client } from './helpers.ts';
import { startReaderApp, type ReaderApp } from './reader-fixture.ts';

let app: ReaderApp;
const base = (locale: string) => `/publish/${SAMPLE_SLUG}/${locale}`;

beforeEach(async () => {
  app = await startReaderApp();
});
afterEach(() => app.close());

/** An editor whose UI speaks `lng`. */
async function editorIn(lng: 'en' | 'ko'): Promise<Client> {
  const staff = await app.loginAs('editor-park');
  staff.cookies.set(LANGUAGE_COOKIE, lng);
  return staff;
}

/** The `<article class="article">…</article>` element of a reader page. */
function articleElement(page: string): string {
  return /<article class="article">[\s\S]*<\/article>/.exec(page)?.[0] ?? '';
}

/** The publish overview row of one locale. */
function row(page: string, locale: string): string {
  return new RegExp(`<tr data-locale="${locale}"[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';
}

/** Change one approved English translation (the segment at `index`) and approve it again. */
async function reviseEnglish(index: number, text: (source: string) => string): Promise<void> {
  const record = (await app.deps.store.get(SAMPLE_SLUG as never))!;
  const segment = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order)[index]!;
  const current = record.translations.find((t) => t.segmentId === segment.id && t.locale === 'en')!;
  // Editing approved text sends it back to review.
  await app.review.saveTranslation({
    slug: SAMPLE_SLUG,
    segmentId: segment.id,
    locale: 'en',
    text: text(segment.source),
    baseRevision: current.revision,
    actor: translator,
  });
  await app.review.approve({ slug: SAMPLE_SLUG, segmentId: segment.id, locale: 'en', actor: reviewer });
}

describe('preview before publishing', () => {
  it('when an editor previews a ready locale, then it is the reader page readers get after the publish, marked and kept private', async () => {
    await app.approveAll('en');
    const staff = await editorIn('en');
    const res = await staff.request('GET', `${base('en')}/preview`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    const preview = await res.text();
    expect(preview).toContain('<html lang="en">');
    expect(preview).toContain('<meta name="robots" content="noindex">');
    expect(preview).toContain('/reader-assets/reader.css');
    expect(preview).toMatch(
      /<aside class="preview-banner" aria-labelledby="preview-banner-title" lang="en" data-preview="not-published">[\s\S]*Preview, not published/,
    );

    // Not public until published: readers get 404 for the locale.
    expect((await app.client().request('GET', `/en/articles/${SAMPLE_SLUG}`)).status).toBe(404);
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    const reader = await (await app.client().request('GET', `/en/articles/${SAMPLE_SLUG}`)).text();
    expect(articleElement(preview)).not.toBe('');
    expect(articleElement(preview)).toBe(articleElement(reader));
    expect(reader).not.toContain('preview-banner');
  });

  it.each([
    ['translator-kim', 403],
    [null, 401],
  ])('when %s asks for a preview, then it is refused with %i', async (name, status) => {
    await app.approveAll('en');
    const client = name ? await app.loginAs(name) : app.client();
    const res = await client.request('GET', `${base('en')}/preview`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(status);
  });

  it('when the locale is not ready, then the preview lists what blocks it instead', async () => {
    const staff = await editorIn('en');
    const res = await staff.request('GET', `${base('ja')}/preview`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('untranslated');
  });
});

describe('publishing with a confirmation', () => {
  it('when a ready locale is published for the first time, then the confirmation sums it up and the publish ends on a success notice', async () => {
    await app.approveAll('en');
    const staff = await editorIn('en');
    const live = (await app.deps.store.get(SAMPLE_SLUG as never))!.segments.filter((s) => !s.removedAt).length;
    const confirm = await staff.page(`${base('en')}/confirm`);
    expect(confirm.res.status).toBe(200);
    expect(confirm.text).toContain(`${live} segments, all approved`);
    expect(confirm.text).toContain('First publication: this becomes v1.');
    expect(confirm.text).toContain('Readers see it as soon as you publish.');
    expect(confirm.text).toContain(`<form method="post" action="${base('en')}" class="publish-confirm">`);
    expect(confirm.text).toContain('Publish v1 now');

    const res = await staff.post(base('en'));
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toBe(`/publish/${SAMPLE_SLUG}?done=published&locale=en&version=1`);
    const done = await staff.page(location);
    expect(done.text).toMatch(/<p class="message notice" role="status">Published v1 in English\. <a href="\/en\/articles\/[^"]+">/);
  });

  it('when a translation changed since the last version, then the confirmation counts and shows only that change, word by word', async () => {
    await app.approveAll('en');
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    await reviseEnglish(3, (source) => `[en] revised wording ${source}`);
    const staff = await editorIn('en');
    const { text } = await staff.page(`${base('en')}/confirm`);
    expect(text).toMatch(/This becomes v2; v1 was published on .+ by editor-park\./);
    expect(text).toContain('The source is unchanged since v1.');
    expect(text).toContain('1 block differs from v1:');
    expect(text).toContain('<ins><span class="visually-hidden">inserted: </span>revised wording ');
    expect(text.match(/class="diff-row /g)).toHaveLength(1);
  });

  it('when a release time is given, then the confirmation says when readers see it and the notice says it is scheduled', async () => {
    await app.approveAll('en');
    const staff = await editorIn('en');
    const at = '2026-12-01T09:00:00Z';
    const confirm = await staff.page(`${base('en')}/confirm?at=${encodeURIComponent(at)}`);
    expect(confirm.text).toMatch(/Readers see it from .*2026.* UTC; until then they keep what they see now\./);
    expect(confirm.text).toContain(`<input type="hidden" name="at" value="${at}">`);
    expect(confirm.text).toContain('Schedule v1');
    const res = await staff.post(base('en'), { at });
    expect(res.headers.get('location')).toBe(
      `/publish/${SAMPLE_SLUG}?done=scheduled&locale=en&version=1&at=${encodeURIComponent('2026-12-01T09:00:00.000Z')}`,
    );
    const done = await staff.page(res.headers.get('location')!);
    expect(done.text).toMatch(/Scheduled v1 in English: readers see it from .*2026.* UTC\./);
    expect((await app.client().request('GET', `/en/articles/${SAMPLE_SLUG}`)).status).toBe(404);
  });

  it('when the release time is not a future ISO 8601 time, then the confirmation asks again with the typed value and the reason', async () => {
    await app.approveAll('en');
    const staff = await editorIn('en');
    const { res, text } = await staff.page(`${base('en')}/confirm?at=tomorrow`);
    expect(res.status).toBe(400);
    expect(text).toContain('value="tomorrow"');
    expect(text).toContain('aria-invalid="true"');
    expect(text).toContain('The release time must be ahead of now');

    const posted = await staff.post(base('en'), { at: '2026-01-01T00:00:00Z' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`${base('en')}/confirm?at=2026-01-01T00%3A00%3A00Z`);
    expect((await staff.page(posted.headers.get('location')!)).text).toContain('value="2026-01-01T00:00:00Z"');
  });

  it('when a locale that is not ready is posted anyway, then the answer redirects to the confirmation, which lists the blockers', async () => {
    const staff = await editorIn('ko');
    await staff.page(`/publish/${SAMPLE_SLUG}`);
    const res = await staff.post(base('ja'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base('ja')}/confirm`);
    const blocked = await staff.request('GET', `${base('ja')}/confirm`);
    expect(blocked.status).toBe(409);
    const text = await blocked.text();
    expect(text).toContain('아직 일본어로 게시할 수 없습니다');
    expect(text).toContain('untranslated');
    expect(text).not.toContain('class="publish-confirm"');
  });

  it('when a translator posts a publish, then it is refused with 403', async () => {
    await app.approveAll('en');
    const translatorClient = await app.loginAs('translator-kim');
    await translatorClient.page(`/publish/${SAMPLE_SLUG}`);
    expect((await translatorClient.post(base('en'))).status).toBe(403);
    expect((await translatorClient.request('GET', `${base('en')}/confirm`)).status).toBe(403);
  });
});

describe('one readiness state per locale', () => {
  it('when locales are blocked, ready and up to date, then each row says exactly one of them and only a ready one can be published', async () => {
    await app.approveAll('en');
    await app.approveAll('zh-Hans');
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'zh-Hans', actor: editor });
    const staff = await editorIn('en');
    const { text } = await staff.page(`/publish/${SAMPLE_SLUG}`);

    const upToDate = row(text, 'zh-Hans');
    expect(upToDate).toContain('data-state="up-to-date"');
    expect(upToDate).toContain('Up to date');
    expect(upToDate).not.toContain('Ready to publish');
    expect(upToDate).toContain('<button type="submit" disabled aria-describedby="readiness-zh-Hans">Publish…</button>');

    const ready = row(text, 'en');
    expect(ready).toContain('Ready to publish');
    expect(ready).not.toContain('Up to date');
    expect(ready).toMatch(/<button type="submit">Publish…<\/button>/);
    expect(ready).toContain(`href="${base('en')}/preview"`);

    const blocked = row(text, 'ja');
    expect(blocked).toContain('data-state="blocked"');
    expect(blocked).toMatch(/<span class="publish-readiness" id="readiness-ja">\d+ segments not approved<\/span>/);
    expect(blocked).toContain('disabled aria-describedby="readiness-ja"');
    expect(blocked).not.toContain('/preview');
  });

  it('when an up-to-date locale gets a revised translation, then it is ready again and no longer up to date', async () => {
    await app.approveAll('en');
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    expect((await app.publish.overview(SAMPLE_SLUG)).locales.find((l) => l.locale === 'en')?.state).toBe('up-to-date');
    await reviseEnglish(2, (source) => `[en] better ${source}`);
    expect((await app.publish.overview(SAMPLE_SLUG)).locales.find((l) => l.locale === 'en')?.state).toBe('ready');
  });

  it('when an up-to-date locale is confirmed anyway, then the page says there is nothing to publish and offers no form', async () => {
    await app.approveAll('en');
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    const staff = await editorIn('en');
    const { text } = await staff.page(`${base('en')}/confirm`);
    expect(text).toContain('Nothing to publish: v1 is live and already says exactly this.');
    expect(text).toContain('disabled aria-describedby="publish-reason"');
    expect(text).not.toContain('class="publish-confirm"');
  });
});

describe('version diff', () => {
  it('when a Korean word changes inside a line, then only that word is deleted and inserted, and the Korean UI labels them', async () => {
    await app.approveAll('en', SAMPLE_SLUG, (source) => `[en] ${source}`);
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    await reviseEnglish(0, (source) => `[en] ${source.replace('쌀값', '옥수수값')}`);
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    const staff = await editorIn('ko');
    const { text } = await staff.page(`${base('en')}/diff?from=1&to=2`);
    expect(text).toContain('<del><span class="visually-hidden">삭제: </span>쌀값<span class="visually-hidden"> (삭제 끝)</span></del>');
    expect(text).toContain('<ins><span class="visually-hidden">추가: </span>옥수수값<span class="visually-hidden"> (추가 끝)</span></ins>');
    expect(text).toContain('<span>이전: v1</span><span>이후: v2</span>');
  });

  it('when a paragraph with bold text changes, then the diff compares the rendered text readers see, not the Markdown', async () => {
    await app.approveAll('en');
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    const record = (await app.deps.store.get(SAMPLE_SLUG as never))!;
    const live = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
    // The first paragraph with inline markup (bold 장마당): its Markdown has ** around the word, its rendering not.
    await reviseEnglish(
      live.findIndex((s) => s.source.includes('<g1>')),
      (source) => `Now, ${source}`,
    );
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    const staff = await editorIn('en');
    const { text } = await staff.page(`${base('en')}/diff?from=1&to=2`);
    const diff = /<div class="version-diff">[\s\S]*<\/div>/.exec(text)![0];
    expect(diff).toContain('<ins><span class="visually-hidden">inserted: </span>Now,');
    expect(diff).toContain('장마당');
    expect(diff).not.toMatch(/\*\*|<g1>|title: |subtitle: |^---$/m);
    expect(diff.match(/class="diff-row diff-changed"/g)).toHaveLength(1);
  });

  it('when two versions differ in one paragraph, then the diff page shows both sides with word-level del and ins and readable labels', async () => {
    await app.approveAll('en');
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    await reviseEnglish(3, (source) => `[en] The rice price ${source}`);
    await app.publish.publish({ slug: SAMPLE_SLUG, locale: 'en', actor: editor });
    const staff = await editorIn('en');
    const { res, text } = await staff.page(`${base('en')}/diff?from=1&to=2`);
    expect(res.status).toBe(200);
    expect(text).toContain('<span>Before: v1</span><span>After: v2</span>');
    expect(text).toContain('<ins><span class="visually-hidden">inserted: </span>The rice price ');
    expect(text).toContain('<span class="visually-hidden"> (end of insertion)</span></ins>');
    expect(text).not.toContain('<pre class="version-diff"');
    expect(text).toContain('href="/assets/publish.css"');
  });
});
