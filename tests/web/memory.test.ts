import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

let app: ReviewApp;
let editor: Client;
let translator: Client;

/** A TMX 1.4b file of `units` ko → en pairs, as another CAT tool writes it. */
function tmx(units: readonly [string, string][]): string {
  const body = units
    .map(([ko, en]) => `<tu><tuv xml:lang="ko-KR"><seg>${ko}</seg></tuv><tuv xml:lang="en-US"><seg>${en}</seg></tuv></tu>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="OtherTool" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ko-KR" datatype="plaintext"/>
<body>
${body}
</body></tmx>`;
}

beforeAll(async () => {
  app = await startReviewApp({
    users: [
      { name: 'ed', role: 'editor' },
      { name: 'tina', role: 'translator', locales: ['en'] },
    ],
  });
  editor = await app.loginAs('ed');
  translator = await app.loginAs('tina');
});
afterAll(() => app.close());

async function upload(client: Client, text: string | Uint8Array<ArrayBuffer>, lng = 'en'): Promise<Response> {
  const { text: page } = await client.page('/memory?to=en');
  const action = /<form method="post" action="([^"]*)" enctype="multipart\/form-data"/.exec(page)![1]!.replaceAll('&amp;', '&');
  const form = new FormData();
  form.set('from', 'ko');
  form.set('to', 'en');
  form.set('file', new Blob([text]), 'other.tmx');
  return client.request('POST', action, { body: form, headers: { 'accept-language': lng } });
}

const get = async (client: Client, path: string, lng = 'en') =>
  (await client.request('GET', path, { headers: { 'accept-language': lng } })).text();

describe('translation memory page', () => {
  it('when an editor imports a TMX file, then the page counts what was added and a translator finds it by concordance', async () => {
    const res = await upload(
      editor,
      tmx([
        ['평양 장마당의 쌀값', 'Rice prices at the Pyongyang jangmadang'],
        ['환율 변동', 'Exchange rate swings'],
      ]),
    );
    expect(res.status).toBe(303);
    expect(await get(editor, res.headers.get('location')!)).toContain('Imported: 2 pairs added, 0 already known, 0 skipped.');
    const found = await get(translator, '/memory?to=en&q=%EC%9E%A5%EB%A7%88%EB%8B%B9');
    expect(found).toContain('<td lang="en">Rice prices at the Pyongyang jangmadang</td>');
    expect(found).not.toContain('Exchange rate swings');
    const byTarget = await get(translator, '/memory?to=en&q=EXCHANGE%20rate&in=target');
    expect(byTarget).toContain('<td lang="ko">환율 변동</td>');
  });

  it('when the memory is exported and imported again, then every pair is already known', async () => {
    const res = await editor.request('GET', '/memory/export.tmx?from=ko&to=en');
    expect(res.headers.get('content-type')).toContain('application/x-tmx+xml');
    const exported = await res.text();
    const again = await upload(editor, exported);
    expect(again.headers.get('location')).toContain('done=imported&added=0&duplicates=2&skipped=0');
    expect((await app.memory.entries('en', 'ko')).map((e) => e.target).sort()).toEqual([
      'Exchange rate swings',
      'Rice prices at the Pyongyang jangmadang',
    ]);
  });

  it('when a UTF-16 TMX from a Windows tool is imported, then it is read like UTF-8', async () => {
    const text = tmx([['홍수 경보', 'Flood warning']]).replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect((await upload(editor, bytes)).headers.get('location')).toContain('added=1');
  });

  it.each([
    ['en', '<tmx><body><tu>', 'The file could not be read'],
    ['ko', '<tmx><body><tu>', '파일을 읽을 수 없습니다'],
    ['en', new Uint8Array([0x3c, 0xc3, 0x28]), 'The file is not UTF-8 or UTF-16 text'],
  ])('when a broken file is imported (%s), then the page says so inline and the memory is unchanged', async (lng, file, sentence) => {
    const before = await app.memory.size();
    const res = await upload(editor, file, lng);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(sentence);
    expect(await app.memory.size()).toBe(before);
  });

  it('when there are more hits than a page holds, then the page shows 50 and links to the next', async () => {
    const units = Array.from({ length: 60 }, (_, i) => [`물가 ${i}번`, `prices ${i}`] as [string, string]);
    await upload(editor, tmx(units));
    const first = await get(translator, '/memory?to=en&q=%EB%AC%BC%EA%B0%80');
    expect(first.match(/<tr id="tm-/g)).toHaveLength(50);
    expect(first).toContain('rel="next"');
    const second = await get(translator, '/memory?to=en&q=%EB%AC%BC%EA%B0%80&page=2');
    expect(second.match(/<tr id="tm-/g)).toHaveLength(10);
    expect(second).not.toContain('rel="next"');
  });

  it('when a search has nothing to look for, then the page asks for a word', async () => {
    expect(await get(translator, '/memory?to=en&q=%20%20', 'ko')).toContain('찾을 단어나 구절을 입력하세요.');
  });

  it('when a translator imports, then it is refused; a form without the page’s token is refused too', async () => {
    const before = await app.memory.size();
    expect(await get(translator, '/memory?to=en')).not.toContain('enctype="multipart/form-data"');
    const form = new FormData();
    form.set('file', new Blob([tmx([['간첩', 'spy']])]), 'x.tmx');
    await translator.page('/memory');
    expect((await translator.request('POST', `/memory/import?_csrf=${translator.csrf}`, { body: form })).status).toBe(403);
    await editor.page('/memory');
    expect((await editor.request('POST', '/memory/import?_csrf=forged', { body: form })).status).toBe(403);
    expect(await app.memory.size()).toBe(before);
  });

  it('when a file names the wrong srclang, then the notice counts per language pair and the units without Korean', async () => {
    const file = tmx([['국경 경비 강화', 'Border guards reinforced']])
      .replace('srclang="ko-KR"', 'srclang="en"')
      .replace('</body>', '<tu><tuv xml:lang="en"><seg>English only</seg></tuv><tuv xml:lang="ja"><seg>英語のみ</seg></tuv></tu></body>');
    const res = await upload(editor, file, 'ko');
    const page = await get(editor, res.headers.get('location')!, 'ko');
    expect(page).toContain('ko → en: 1쌍 추가, 0쌍은 이미 있음, 0개 비어 있음.');
    expect(page).toContain('ko 텍스트가 없는 단위 1개를 건너뛰었습니다.');
    expect((await app.memory.lookup('국경 경비 강화', { targetLocale: 'en' }))[0]?.text).toBe('Border guards reinforced');
  });

  it('when the notice query is forged, then the page refuses it as bad input, never a server error', async () => {
    for (const forged of ['pairs=en:1:2', 'pairs=%3Cscript%3E:1:1:1', `pairs=${'en:1:0:0,'.repeat(60)}en:1:0:0`, 'nosource=-1']) {
      const res = await editor.request('GET', `/memory?to=en&done=imported&${forged}`);
      await res.body?.cancel();
      expect(res.status, forged).toBe(400);
    }
  });

  it('when an editor deletes an entry, then it leaves the search with a notice; a second delete of it says it is gone', async () => {
    await upload(editor, tmx([['밀수 단속', 'Smuggling crackdown (wrong)']]));
    const search = '/memory?to=en&q=%EB%B0%80%EC%88%98';
    const page = await get(editor, search);
    const id = /<tr id="(tm-[^"]+)"><td lang="ko">밀수 단속<\/td>/.exec(page)![1]!;
    expect(page).toContain('data-confirm="Delete this entry from the memory?');
    const res = await editor.post('/memory/delete', { id, from: 'ko', to: 'en', q: '밀수', in: 'both', page: '1' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toBe('/memory?from=ko&to=en&q=%EB%B0%80%EC%88%98&in=both&page=1&done=deleted');
    const after = await get(editor, location);
    expect(after).toContain('The entry was deleted');
    expect(after).not.toContain('Smuggling crackdown (wrong)');
    expect(await app.memory.lookup('밀수 단속', { targetLocale: 'en' })).toEqual([]);
    const again = await editor.post('/memory/delete', { id, to: 'en' });
    expect(await get(editor, again.headers.get('location')!, 'ko')).toContain('이미 삭제되었거나 대체된 항목입니다.');
  });

  it('when a translator tries to delete, then there is no button and the post is refused; a post without the token is refused too', async () => {
    await upload(editor, tmx([['외화 사용', 'Use of foreign currency']]));
    const page = await get(translator, '/memory?to=en&q=%EC%99%B8%ED%99%94');
    const id = /<tr id="(tm-[^"]+)">/.exec(page)![1]!;
    expect(page).not.toContain('action="/memory/delete"');
    expect((await translator.post('/memory/delete', { id, to: 'en' })).status).toBe(403);
    expect((await editor.post('/memory/delete', { id, to: 'en', _csrf: 'forged' })).status).toBe(403);
    expect((await app.memory.lookup('외화 사용', { targetLocale: 'en' }))[0]?.text).toBe('Use of foreign currency');
  });
});
