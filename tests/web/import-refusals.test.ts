import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlug } from '../../src/core/slug.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

// Every refusal the importer knows reaches the articles page as a sentence naming the file and what is wrong with it,
// never the bare "check the details below" with nothing below, and never the importer's developer text.

let app: ReviewApp;
let editor: Client;

beforeAll(async () => {
  app = await startReviewApp({ users: [{ name: 'ed', role: 'editor' }] });
  editor = await app.loginAs('ed');
});
afterAll(() => app.close());

async function upload(
  name: string,
  content: Uint8Array<ArrayBuffer> | string,
  language: string,
): Promise<{ status: number; text: string }> {
  await editor.page('/articles');
  const form = new FormData();
  form.set('_csrf', editor.csrf);
  form.set('file', new Blob([content]), name);
  const res = await editor.request('POST', `/articles/import?_csrf=${editor.csrf}`, {
    body: form,
    headers: { 'accept-language': language },
  });
  return { status: res.status, text: await res.text() };
}

const withFrontMatter = (frontMatter: string) => `---\n${frontMatter}\n---\n\n본문이다.\n`;
// Bytes a Markdown file never holds, with a NUL byte among them, as an image or an archive would.
const RANDOM_BYTES = Uint8Array.from({ length: 600 }, (_, i) => (i * 73 + 11) % 256);
const NUL_AT_5 = new TextEncoder().encode('---\n\u0000title: x\n---\n');

const DEVELOPER_TEXT = /markdown: |import: |unsupported-extension|NUL byte at offset \d+;|Check the details below/;

describe('when an upload is refused, then the page names the file and the reason', () => {
  it.each([
    ['broken-yaml.md', withFrontMatter('title: [제목'), 'The front matter of broken-yaml.md is not valid YAML (line 2).'],
    ['nul.md', NUL_AT_5, 'nul.md looks like binary data, not text (a NUL byte at offset 4).'],
    ['photo.md', RANDOM_BYTES, 'photo.md looks like binary data, not text (a NUL byte at offset'],
    ['latin1.md', Uint8Array.from([...new TextEncoder().encode('---\ntitle: x\n---\n\ncaf'), 0xe9, 0x0a]), 'latin1.md is not UTF-8 text'],
    ['untitled.md', withFrontMatter('date: 2026-01-22'), 'untitled.md has no title.'],
    [
      'bad-date.md',
      withFrontMatter('title: 제목\ndate: yesterday'),
      'The front matter of bad-date.md gives “date” a value that is not a date.',
    ],
    ['unclosed.md', '---\ntitle: 제목\n\n본문이다.\n', 'unclosed.md opens its front matter with --- on line 1 but never closes it.'],
    ['empty.md', '\n\n', 'empty.md is empty; there is nothing to import.'],
    ['setup.exe', 'MZ', 'setup.exe is not in a format Tandem reads.'],
  ])('%s', async (name, content, sentence) => {
    const { status, text } = await upload(name, content, 'en');
    expect(status).toBe(400);
    expect(text).toContain('The article was not imported.');
    expect(text).toContain(sentence);
    expect(text).not.toMatch(DEVELOPER_TEXT);
    expect(await app.rig.store.get(parseSlug(name.replace(/\..*$/, '')))).toBeNull();
  });

  it('when the reader reads Korean, then the reason is in Korean', async () => {
    const { status, text } = await upload('broken-yaml.md', withFrontMatter('title: [제목'), 'ko');
    expect(status).toBe(400);
    expect(text).toContain('broken-yaml.md의 머리말이 올바른 YAML이 아닙니다(2번째 줄).');
    const binary = await upload('nul.md', NUL_AT_5, 'ko');
    expect(binary.text).toContain('nul.md은(는) 텍스트가 아니라 바이너리 데이터로 보입니다(오프셋 4에 값이 0인 바이트).');
  });

  it('when a file is just over the import size, then its size and the limit read differently', async () => {
    const { status, text } = await upload('bigfile.md', `---\ntitle: 큰 파일\n---\n\n${'a'.repeat(1_100_000)}\n`, 'en');
    expect(status).toBe(413);
    expect(text).toContain('bigfile.md is 1.05 MiB; Tandem imports files of up to 1 MiB.');
  });
});
