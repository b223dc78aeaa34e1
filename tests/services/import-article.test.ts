import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatParseError, ValidationError } from '../../src/core/errors.ts';
import type { ArticleRecord } from '../../src/core/model.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { importArticle, importMany } from '../../src/services/import-article.ts';
import { ReviewService } from '../../src/services/review.ts';
import type { ImportResult } from '../../src/services/types.ts';
import { article, NEW, P1, P2, P2_EDITED, P3, testDeps } from './support.ts';

const slug = parseSlug('rice-prices');
const by = 'editor';

function segmentBySource(record: ArticleRecord, source: string) {
  const s = record.segments.find((x) => x.source === source && !x.removedAt);
  if (!s) throw new Error(`no live segment ${source}`);
  return s;
}

function row(record: ArticleRecord, segmentId: string, locale: string) {
  const t = record.translations.find((x) => x.segmentId === segmentId && x.locale === locale);
  if (!t) throw new Error(`no translation ${segmentId}/${locale}`);
  return t;
}

describe('importArticle', () => {
  it('when a new article is imported, then every segment has an untranslated row per target locale', async () => {
    const deps = testDeps();
    const result = await importArticle(deps, { file: 'content/ko/rice-prices.md', content: article('쌀값', [P1, P2]), by });
    expect(result).toMatchObject({ slug: 'rice-prices', status: 'new', sourceRevision: 1 });
    expect(result.counts).toEqual({ unchanged: 0, changed: 0, added: 3, removed: 0 });
    const record = (await deps.store.get(slug))!;
    expect(record.segments.map((s) => s.kind)).toEqual(['title', 'paragraph', 'paragraph']);
    expect(record.translations).toHaveLength(6);
    expect(new Set(record.translations.map((t) => t.state))).toEqual(new Set(['untranslated']));
    expect(record.article).toMatchObject({ sourceLocale: 'ko', format: 'markdown', frontMatter: { title: '쌀값' } });
    expect(record.history.filter((h) => h.action === 'segment-added')).toHaveLength(3);
  });

  it('when the same file is imported again, then nothing is written and the revision stays', async () => {
    const deps = testDeps();
    const content = new TextEncoder().encode(article('쌀값', [P1, P2]));
    await importArticle(deps, { file: 'rice-prices.md', content, by });
    const before = await deps.store.get(slug);
    let writes = 0;
    const update = deps.store.update.bind(deps.store);
    deps.store.update = (s, change) =>
      update(s, async (current) => {
        const next = await change(current);
        if (next !== null) writes++;
        return next;
      });
    const result = await importArticle(deps, { file: 'rice-prices.md', content, by });
    expect(result.status).toBe('unchanged');
    expect(result.sourceRevision).toBe(1);
    expect(writes).toBe(0);
    expect(await deps.store.get(slug)).toEqual(before);
  });

  it('when a paragraph is edited, then its translations go stale keeping their text and the old source', async () => {
    const deps = testDeps();
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, P2, P3]), by });
    const first = (await deps.store.get(slug))!;
    const p2 = segmentBySource(first, P2);
    const review = new ReviewService(deps);
    await review.saveTranslation({
      slug,
      segmentId: p2.id,
      locale: 'en',
      text: 'The rate was 8,000 won.',
      baseRevision: 0,
      actor: { name: 'tina' },
    });
    await review.submit({ slug, segmentId: p2.id, locale: 'en', actor: { name: 'tina' } });
    await review.approve({ slug, segmentId: p2.id, locale: 'en', actor: { name: 'rex' } });

    const result = await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, P2_EDITED, P3]), by });
    expect(result).toMatchObject({ status: 'updated', sourceRevision: 2, changedSegmentIds: [p2.id], addedSegmentIds: [] });
    expect(result.counts).toEqual({ unchanged: 3, changed: 1, added: 0, removed: 0 });
    const record = (await deps.store.get(slug))!;
    expect(row(record, p2.id, 'en')).toMatchObject({
      state: 'stale',
      text: 'The rate was 8,000 won.',
      staleSource: P2,
      approvedText: 'The rate was 8,000 won.',
    });
    expect(row(record, p2.id, 'ja').state).toBe('untranslated');
    expect(record.segments.find((s) => s.id === p2.id)).toMatchObject({
      source: P2_EDITED,
      sourceRevision: 2,
      previousSources: [{ revision: 1, source: P2 }],
    });
    expect(record.history.at(-1)).toMatchObject({ action: 'segment-edited', textBefore: P2, textAfter: P2_EDITED, locale: null });
  });

  it('when paragraphs are inserted, moved and deleted, then unchanged ones keep their translations', async () => {
    const deps = testDeps();
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, P2, P3]), by });
    const first = (await deps.store.get(slug))!;
    const p1 = segmentBySource(first, P1);
    const p2 = segmentBySource(first, P2);
    const p3 = segmentBySource(first, P3);
    const review = new ReviewService(deps);
    await review.saveTranslation({ slug, segmentId: p3.id, locale: 'ja', text: '脱北者団体', baseRevision: 0, actor: { name: 'tina' } });

    const result = await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P3, NEW, P1]), by });
    expect(result.counts).toEqual({ unchanged: 3, changed: 0, added: 1, removed: 1 });
    const record = (await deps.store.get(slug))!;
    const live = record.segments.filter((s) => !s.removedAt);
    expect(live.map((s) => s.id)).toEqual([first.segments[0]!.id, p3.id, result.addedSegmentIds[0], p1.id]);
    expect(row(record, p3.id, 'ja')).toMatchObject({ state: 'draft', text: '脱北者団体' });
    expect(row(record, result.addedSegmentIds[0]!, 'en').state).toBe('untranslated');
    const removed = record.segments.find((s) => s.id === p2.id);
    expect(removed).toMatchObject({ source: P2, removedAt: expect.any(String) });
    expect(record.translations.filter((t) => t.segmentId === p2.id)).toHaveLength(2);
    expect(record.history.some((h) => h.action === 'segment-removed' && h.segmentId === p2.id && h.textBefore === P2)).toBe(true);
  });

  it('when the slug comes from front matter, then it wins over the file name; an explicit slug wins over both', async () => {
    const deps = testDeps();
    const fromFm = await importArticle(deps, { file: 'draft.md', content: article('쌀값', [P1], 'slug: from-front-matter\n'), by });
    expect(fromFm.slug).toBe('from-front-matter');
    const explicit = await importArticle(deps, { file: 'draft.md', content: article('쌀값', [P1], 'slug: x\n'), slug: 'given', by });
    expect(explicit.slug).toBe('given');
  });

  it.each([
    ['a front matter slug that climbs out of its directory', 'ok.md', 'slug: ../../etc/passwd\n'],
    ['a file name that is not a slug', 'Rice Prices.md', ''],
  ])('when the input has %s, then a ValidationError names the file', async (_case, file, extra) => {
    const deps = testDeps();
    await expect(importArticle(deps, { file, content: article('쌀값', [P1], extra), by })).rejects.toThrow(ValidationError);
    await expect(importArticle(deps, { file, content: article('쌀값', [P1], extra), by })).rejects.toThrow(file);
    expect(await deps.store.list()).toEqual([]);
  });

  it.each([
    ['binary data', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])],
    ['invalid UTF-8', new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a])],
    ['broken front matter', '---\ntitle: [쌀값\n---\n\n본문\n'],
  ])('when a stored article is re-imported from %s, then the error names the file and the record is untouched', async (_case, content) => {
    const deps = testDeps();
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, P2]), by });
    const before = await deps.store.get(slug);
    const error = await importArticle(deps, { file: 'rice-prices.md', content, by }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FormatParseError);
    expect((error as Error).message).toContain('rice-prices.md');
    expect(await deps.store.get(slug)).toEqual(before);
  });

  it('when the after-import hook is set, then it gets the result and the stored record, but not for unchanged files', async () => {
    const seen: ImportResult[] = [];
    const deps = testDeps({
      afterImport: async (result, record) => {
        expect(record.article.sourceRevision).toBe(result.sourceRevision);
        seen.push(result);
      },
    });
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1]), by });
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1]), by });
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, NEW]), by });
    expect(seen.map((r) => [r.status, r.addedSegmentIds.length])).toEqual([
      ['new', 2],
      ['updated', 1],
    ]);
  });

  it('when a target locale is added to the installation, then an unchanged re-import adds its rows without a new revision', async () => {
    const deps = testDeps();
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1]), by });
    const wider = { ...deps, targetLocales: ['en', 'ja', 'zh-Hans'] };
    const result = await importArticle(wider, { file: 'rice-prices.md', content: article('쌀값', [P1]), by });
    expect(result).toMatchObject({ status: 'unchanged', sourceRevision: 1 });
    const record = (await deps.store.get(slug))!;
    expect(record.translations.filter((t) => t.locale === 'zh-Hans')).toHaveLength(2);
  });
});

describe('importArticle on the sample articles', () => {
  it('when each sample is imported, re-imported as is, then with a paragraph inserted, then nothing but the insert changes', async () => {
    const dir = join(import.meta.dirname, '../../content/ko');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const deps = testDeps();
    for (const file of files) {
      const text = await readFile(join(dir, file), 'utf8');
      const first = await importArticle(deps, { file, content: text, by });
      expect(first.status).toBe('new');
      const again = await importArticle(deps, { file, content: text, by });
      expect(again).toMatchObject({ status: 'unchanged', sourceRevision: 1 });
      const before = (await deps.store.get(first.slug))!;
      const liveBefore = before.segments.filter((s) => !s.removedAt).length;
      // Insert a paragraph right after the front matter's closing line.
      const end = text.indexOf('\n---', 3) + 4;
      const inserted = `${text.slice(0, end)}\n\n${NEW}\n${text.slice(end)}`;
      const result = await importArticle(deps, { file, content: inserted, by });
      expect(result.counts, file).toEqual({ unchanged: liveBefore, changed: 0, added: 1, removed: 0 });
    }
  });
});

describe('importMany', () => {
  it('when one file of several is bad, then the others are imported and the bad one reports its error', async () => {
    const deps = testDeps();
    const outcomes = await importMany(deps, [
      { file: 'one.md', content: article('하나', [P1]), by },
      { file: 'two.exe', content: 'MZ', by },
      { file: 'three.md', content: article('셋', [P3]), by },
    ]);
    expect(outcomes.map((o) => [o.file, o.ok])).toEqual([
      ['one.md', true],
      ['two.exe', false],
      ['three.md', true],
    ]);
    const failed = outcomes[1]!;
    expect(!failed.ok && failed.error.message).toContain('two.exe');
    expect((await deps.store.list()).map((s) => s.slug).sort()).toEqual(['one', 'three']);
  });
});
