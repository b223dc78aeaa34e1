import { describe, expect, it } from 'vitest';
import { markdownRebuilder } from '../../src/adapters/formats/index.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { testDeps } from './support.ts';

const TOML =
  '+++\ntitle = "쌀값"\ndate = 2026-12-01\npublishDate = 2026-12-01T09:00:00+09:00\nconfidential = ["김철민"]\n+++\n\n쌀값이 올랐다.\n';
const JSON_MD = '{\n  "title": "쌀값",\n  "date": "2026-12-01",\n  "draft": true\n}\n\n쌀값이 올랐다.\n';

describe('importArticle with TOML and JSON front matter', () => {
  it('when the front matter is TOML, then the article is imported with its dates as ISO 8601 and its confidential names', async () => {
    const deps = testDeps();
    const result = await importArticle(deps, { file: 'rice.md', content: TOML, by: 'editor' });
    expect(result.status).not.toBe('unchanged');
    const record = await deps.store.get(parseSlug('rice'));
    expect(record?.article.frontMatter).toMatchObject({
      title: '쌀값',
      date: '2026-12-01',
      publishDate: '2026-12-01T09:00:00.000+09:00',
      confidential: ['김철민'],
    });
    expect(record?.article.document.startsWith('+++\n')).toBe(true);
  });

  it('when the front matter is JSON, then the article is imported and its document keeps JSON', async () => {
    const deps = testDeps();
    await importArticle(deps, { file: 'rice.md', content: JSON_MD, by: 'editor' });
    const record = await deps.store.get(parseSlug('rice'));
    expect(record?.article.frontMatter).toMatchObject({ title: '쌀값', date: '2026-12-01', draft: true });
    expect(record?.article.document.startsWith('{\n')).toBe(true);
    const segments = record?.segments ?? [];
    expect(
      markdownRebuilder
        .rebuild(
          record!.article.document,
          segments.map((s) => s.source),
        )
        .startsWith('{\n  "title": "쌀값"'),
    ).toBe(true);
  });

  it('when the same TOML file is imported twice, then nothing changes and segment ids stay', async () => {
    const deps = testDeps();
    await importArticle(deps, { file: 'rice.md', content: TOML, by: 'editor' });
    const first = await deps.store.get(parseSlug('rice'));
    const again = await importArticle(deps, { file: 'rice.md', content: TOML, by: 'editor' });
    expect(again.status).toBe('unchanged');
    expect((await deps.store.get(parseSlug('rice')))?.segments.map((s) => s.id)).toEqual(first?.segments.map((s) => s.id));
  });
});

describe('re-importing after more front matter keys became translatable', () => {
  it('when an article imported with title-only front matter segments is re-imported unchanged with the defaults, then old ids stay and the byline and tags are added', async () => {
    const { createMarkdownFormat } = await import('../../src/adapters/formats/index.ts');
    const { decodeInput, formatForFile } = await import('../../src/adapters/formats/index.ts');
    const content = '---\ntitle: 쌀값\nauthor: 한지우 기자\ntags: [경제]\n---\n\n쌀값이 올랐다.\n';
    const titleOnly = createMarkdownFormat({ translatedFrontMatterKeys: ['title'] });
    const old = testDeps({
      formats: {
        forFile: (file) => (formatForFile(file).id === 'markdown' ? titleOnly : formatForFile(file)),
        decode: (c, f) => decodeInput(c, f),
      },
    });
    await importArticle(old, { file: 'rice.md', content, by: 'editor' });
    const before = (await old.store.get(parseSlug('rice')))!.segments;
    expect(before.map((s) => s.kind)).toEqual(['title', 'paragraph']);

    const now = { ...testDeps(), store: old.store };
    const result = await importArticle(now, { file: 'rice.md', content, by: 'editor' });
    const after = (await now.store.get(parseSlug('rice')))!.segments.filter((s) => !s.removedAt);
    expect(after.map((s) => [s.kind, s.source])).toEqual([
      ['title', '쌀값'],
      ['byline', '한지우 기자'],
      ['tag', '경제'],
      ['paragraph', '쌀값이 올랐다.'],
    ]);
    expect(after.find((s) => s.kind === 'title')?.id).toBe(before[0]?.id);
    expect(after.find((s) => s.kind === 'paragraph')?.id).toBe(before[1]?.id);
    expect(result.counts).toMatchObject({ unchanged: 2, added: 2, removed: 0 });
  });
});
