import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xliffFormats } from '../../src/adapters/formats/index.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

const SLUG = 'market-prices';
let app: ReviewApp;
let tina: Client;
let rita: Client;

beforeAll(async () => {
  app = await startReviewApp({
    articles: { [SLUG]: MARKET_ARTICLE },
    mt: false,
    users: [
      { name: 'tina', role: 'translator', locales: ['en'] },
      { name: 'rita', role: 'reviewer', locales: ['en'] },
    ],
  });
  tina = await app.loginAs('tina');
  rita = await app.loginAs('rita');
});
afterAll(() => app.close());

const english = async () => (await app.deps.articles!.get(SLUG)).translations.filter((t) => t.locale === 'en');

/** The upload form of the review page, sent as a browser sends it (token in the action), with `xliff` as the file. */
async function upload(client: Client, xliff: string, fields: Record<string, string> = {}, lng = 'en'): Promise<Response> {
  const { text } = await client.page(`/review/${SLUG}/en`);
  const action = /<form method="post" action="([^"]*)" enctype="multipart\/form-data" class="xliff-import">/
    .exec(text)![1]!
    .replaceAll('&amp;', '&');
  const form = new FormData();
  form.set('slug', SLUG);
  form.set('locale', 'en');
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new Blob([xliff]), 'agency.xlf');
  return client.request('POST', action, { body: form, headers: { 'accept-language': lng } });
}

/** The export as an agency returns it: every unit translated (each Korean word replaced by `word`), tags kept. */
async function agencyFile(version: '1.2' | '2.0', locale = 'en', word = 'en'): Promise<string> {
  const res = await tina.request('GET', `/xliff/export.xlf?slug=${SLUG}&locale=${locale}&version=${version}`);
  const doc = await xliffFormats.parse(await res.text());
  const files = doc.files.map((f) => ({
    ...f,
    units: f.units.map((u) => ({ ...u, target: u.source.replace(/[가-힣]+/g, word), state: 'submitted' as const })),
  }));
  return xliffFormats.forVersion(version).serialize({ ...doc, files });
}

describe('XLIFF on the review page', () => {
  it('when a translator opens the review page, then it offers both downloads and the upload, approval only to reviewers', async () => {
    const { text } = await tina.page(`/review/${SLUG}/en`);
    expect(text).toContain(`href="/xliff/export.xlf?slug=${SLUG}&amp;locale=en&amp;version=1.2"`);
    expect(text).toContain(`href="/xliff/export.xlf?slug=${SLUG}&amp;locale=en&amp;version=2.0"`);
    expect(text).toMatch(/action="\/xliff\/import\?_csrf=[^"]+" enctype="multipart\/form-data"/);
    expect(text).not.toContain('name="approve"');
    expect((await rita.page(`/review/${SLUG}/en`)).text).toContain('name="approve"');
  });

  it('when the export is downloaded, then it is an XLIFF attachment named after the article and language', async () => {
    const res = await tina.request('GET', `/xliff/export.xlf?slug=${SLUG}&locale=en&version=2.0`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xliff+xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=${SLUG}.en.xlf`);
    const doc = await xliffFormats.parse(await res.text());
    expect(doc).toMatchObject({ version: '2.0', targetLocale: 'en', files: [{ slug: SLUG }] });
  });

  it.each([
    ['an unknown article', `slug=nothing-here&locale=en`, 404],
    ['a locale that is no target', `slug=${SLUG}&locale=ko`, 400],
    ['a version Tandem does not write', `slug=${SLUG}&locale=en&version=1.1`, 400],
    ['no article', 'locale=en', 400],
  ])('when the export asks for %s, then it is refused without a server error', async (_what, q, status) => {
    const res = await tina.request('GET', `/xliff/export.xlf?${q}`);
    await res.body?.cancel();
    expect(res.status).toBe(status);
  });

  it('when the agency file is uploaded, then the post redirects to a report shown once, and the units wait for review', async () => {
    const res = await upload(tina, await agencyFile('1.2'), { agency: 'Lingo Ltd' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/xliff\/report\?note=[\w-]{43}$/);
    const en = { headers: { 'accept-language': 'en' } };
    const report = { text: await (await tina.request('GET', location, en)).text() };
    expect(report.text).toMatch(/agency\.xlf \(XLIFF 1\.2, en, agency Lingo Ltd\): \d+ applied \(0 approved\), 0 unchanged, 0 refused\./);
    expect(report.text).toContain(`href="/review/${SLUG}/en"`);
    const stored = await english();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((t) => t.state === 'submitted' && t.textBy === 'agency:Lingo Ltd')).toBe(true);
    expect(await (await tina.request('GET', location, en)).text()).toContain('This report is no longer available');
  });

  it('when a file comes back after its translations changed, then the report refuses each unit with a sentence in the reader language', async () => {
    const stale = await agencyFile('2.0', 'en', 'stale');
    const fresh = await upload(tina, await agencyFile('1.2', 'en', 'fresh'));
    await (await tina.request('GET', fresh.headers.get('location')!)).body?.cancel();
    const before = await english();
    const res = await upload(tina, stale, {}, 'ko');
    expect(res.status).toBe(303);
    const report = await (await tina.request('GET', res.headers.get('location')!, { headers: { 'accept-language': 'ko' } })).text();
    const units = (await xliffFormats.parse(stale)).files[0]!.units;
    expect(report).toContain(`0개 반영(0개 승인), 0개 변경 없음, ${units.length}개 거부.`);
    for (const u of units) expect(report).toContain(`<th scope="row"><code>${u.id}</code></th>`);
    expect(report.split('내보낸 뒤 Tandem에서 번역이 바뀌어')).toHaveLength(units.length + 1);
    expect(await english()).toEqual(before);
  });

  it('when the file is not XLIFF, then the page says where, in the reader language, and nothing is stored', async () => {
    const before = await english();
    const res = await upload(
      tina,
      '<?xml version="1.0"?>\n<xliff version="1.2">\n<file original="x" source-language="ko" target-language="en"><body>\n<trans-unit><source>a</source></trans-unit></body></file></xliff>',
      {},
      'ko',
    );
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('파일을 번역 교환 파일(1.2판 또는 2.0판)로 읽을 수 없습니다(4번째 줄에 문제가 있습니다)');
    expect(text).not.toContain('without id');
    expect(await english()).toEqual(before);
  });

  it('when a translator of English uploads a Japanese file, then it is refused with 403 and a sentence', async () => {
    const res = await upload(tina, await agencyFile('2.0', 'ja'));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('You are not assigned to the language Japanese.');
  });

  it('when the upload has no file, then the form is refused with 400', async () => {
    const { text } = await tina.page(`/review/${SLUG}/en`);
    const action = /action="(\/xliff\/import\?[^"]*)"/.exec(text)![1]!.replaceAll('&amp;', '&');
    const form = new FormData();
    form.set('agency', 'Lingo');
    const res = await tina.request('POST', action, { body: form, headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Choose an XLIFF file to import.');
  });
});
