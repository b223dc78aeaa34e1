import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGE_COOKIE } from '../../src/web/i18n.ts';
import { SAMPLE_SLUG } from '../services/publish-fixture.ts';
import { MARKET_ARTICLE } from '../support/articles.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';
import { startReaderApp, type ReaderApp } from './reader-fixture.ts';

// Developer messages start with the component that threw them; none may reach a person.
const DEVELOPER_TEXT = /publish: |glossary: |translate: |tandem |--merge|--locale/;

describe('publish refusals in Korean', () => {
  let app: ReaderApp;
  let staff: Client;
  beforeAll(async () => {
    app = await startReaderApp();
    staff = await app.loginAs('editor-park');
    staff.cookies.set(LANGUAGE_COOKIE, 'ko');
  });
  afterAll(() => app.close());

  it('when a locale that is not ready is confirmed, then the page leads with the Korean sentence of publish.refused', async () => {
    const res = await staff.request('GET', `/publish/${SAMPLE_SLUG}/ja/confirm`);
    const text = await res.text();
    expect(res.status).toBe(409);
    expect(text).toMatch(/<p class="publish-refusal">일본어은\(는\) 아직 게시할 수 없습니다\. 승인되지 않은 구간이 \d+개 있습니다\./);
    expect(text).not.toMatch(DEVELOPER_TEXT);
  });

  it('when a publish asked for in JSON is refused, then its message is the Korean sentence and its reason the code', async () => {
    await staff.page(`/publish/${SAMPLE_SLUG}`);
    const res = await staff.post(`/publish/${SAMPLE_SLUG}/ja`, {}, { accept: 'application/json' });
    const body = (await res.json()) as { error: { reason: string; message: string } };
    expect(res.status).toBe(409);
    expect(body.error.reason).toBe('publish.refused');
    expect(body.error.message).toMatch(/^일본어은\(는\) 아직 게시할 수 없습니다/);
  });

  it('when a version that does not exist is asked for, then the error page says so in Korean', async () => {
    const { res, text } = await staff.page(`/publish/${SAMPLE_SLUG}/en/versions/99`);
    expect(res.status).toBe(404);
    expect(text).toContain('영어에는 버전 99이(가) 없습니다.');
    expect(text).not.toMatch(DEVELOPER_TEXT);
  });
});

describe('glossary refusals in Korean', () => {
  let app: ReviewApp;
  beforeAll(async () => {
    app = await startReviewApp({ articles: { 'market-prices': MARKET_ARTICLE }, users: [{ name: 'ed', role: 'editor' }] });
  });
  afterAll(() => app.close());

  async function upload(client: Client, csv: string): Promise<Response> {
    const { text } = await client.page('/glossary?to=en');
    const action = /<form method="post" action="([^"]*)" enctype="multipart\/form-data"/.exec(text)![1]!.replaceAll('&amp;', '&');
    const form = new FormData();
    form.set('from', 'ko');
    form.set('to', 'en');
    form.set('mode', 'merge');
    form.set('file', new Blob([csv]), 'terms.csv');
    return client.request('POST', action, { body: form });
  }

  it.each([
    [
      'a file with refused lines',
      'source,target\n평양,Pyongyang\n,nothing\n쌀값,\n',
      '쓸 수 없는 줄이 2개 있어 아무것도 가져오지 않았습니다.',
    ],
  ])('when %s is imported in Korean, then the page leads with the Korean sentence of its message code', async (_what, csv, sentence) => {
    const editor = await app.loginAs('ed');
    editor.cookies.set(LANGUAGE_COOKIE, 'ko');
    const res = await upload(editor, csv);
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).toContain(sentence);
    expect(text).not.toMatch(DEVELOPER_TEXT);
  });
});
