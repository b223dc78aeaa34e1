import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMIT_NAMES, LIMITS } from '../../src/core/limits.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { cpuTime, HOSTILE_BUDGET_MS, HOSTILE_SHAPES } from '../support/hostile-inputs.ts';
import { DEFAULT_LOCALES_DIR, flattenKeys, loadLocaleResources, UI_LANGUAGES } from '../../src/web/i18n.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';
import type { Client } from './helpers.ts';

let app: ReviewApp;
let editor: Client;

beforeAll(async () => {
  app = await startReviewApp({ users: [{ name: 'ed', role: 'editor' }] });
  editor = await app.loginAs('ed');
});
afterAll(() => app.close());

function upload(client: Client, name: string, content: string, headers: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('file', new Blob([content]), name);
  return client.request('POST', `/articles/import?_csrf=${client.csrf}`, { body: form, headers });
}

const shape = (file: string) => HOSTILE_SHAPES.find((s) => s.file === file)!;

describe('importing from the web past a limit', () => {
  it.each([
    ['emphasis.md', 'nests lists, quotes, emphasis or links more than 32 levels deep'],
    ['alias-bomb.md', 'expands YAML aliases (*name) more than 20 times'],
    ['divs.html', 'nests HTML elements more than 256 levels deep'],
    ['many-paragraphs.md', `an article may have at most ${LIMITS.segments.toLocaleString('en')}`],
  ])(
    'when %s is uploaded, then the answer is 413 naming the limit in the reader’s language, and nothing is stored',
    async (file, sentence) => {
      await editor.page('/articles');
      let res: Response | undefined;
      const { ms } = await cpuTime(async () => {
        res = await upload(editor, file, shape(file).build(shape(file).test.size), { 'accept-language': 'en' });
      });
      const text = await res!.text();
      expect(res!.status).toBe(413);
      expect(text).toContain(sentence);
      expect(text).toContain(file);
      // Client and server run in this process: the budget covers both.
      expect(ms).toBeLessThan(HOSTILE_BUDGET_MS);
      expect(await app.rig.store.get(parseSlug('hostile'))).toBeNull();
      const health = await fetch(new URL('/healthz', app.url));
      expect(health.status).toBe(200);
    },
  );

  it('when the reader reads Korean, then the refusal is in Korean', async () => {
    await editor.page('/articles');
    const res = await upload(editor, 'quotes.md', shape('quotes.md').build(shape('quotes.md').test.size), { 'accept-language': 'ko' });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('quotes.md에 목록, 인용, 강조 또는 링크가 32단계보다 깊게 중첩되어 있습니다.');
  });

  it('when a file is over the import size, then the refusal gives its size and the limit', async () => {
    await editor.page('/articles');
    const res = await upload(editor, 'huge.md', `---\ntitle: 제목\n---\n\n${'가'.repeat(LIMITS.importBytes / 3 + 10)}\n`, {
      'accept-language': 'en',
    });
    expect(res.status).toBe(413);
    const text = await res.text();
    // Just over the limit: a size in MiB would read the same as the limit, so both are given in bytes.
    expect(text).toMatch(/huge\.md is 1,048,\d{3} B; Tandem imports files of up to 1,048,576 B\./);
  });

  it('when pasted text starts with a byte-order mark and names its slug in the front matter, then it is imported', async () => {
    await editor.page('/articles');
    const res = await editor.post('/articles/import', {
      content: '\uFEFF---\ntitle: 비\nslug: bom-paste\n---\n\n비가 왔다.\n',
      format: 'markdown',
    });
    expect(res.status).toBe(303);
    expect(await app.rig.store.get(parseSlug('bom-paste'))).not.toBeNull();
  });

  it('when pasted text is thousands of front matter fences without a slug, then it is refused at once', async () => {
    await editor.page('/articles');
    let res: Response | undefined;
    const { ms } = await cpuTime(async () => {
      res = await editor.post('/articles/import', { content: '---\n'.repeat(100_000), format: 'markdown' });
    });
    expect(res!.status).toBe(400);
    expect(ms).toBeLessThan(HOSTILE_BUDGET_MS);
  });
});

describe('limit sentences', () => {
  it('when a limit is refused, then every UI language has its sentence', () => {
    const resources = loadLocaleResources(DEFAULT_LOCALES_DIR);
    for (const lng of UI_LANGUAGES) {
      const keys = flattenKeys(resources[lng]?.common);
      expect({ lng, missing: LIMIT_NAMES.filter((name) => !keys.includes(`errors.limits.${name}`)) }).toEqual({ lng, missing: [] });
    }
  });
});
