import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/core/errors.ts';
import { parseSlug } from '../../src/core/slug.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { ReviewService } from '../../src/services/review.ts';
import { allStatus, articleStatus } from '../../src/services/status.ts';
import { article, P1, P2, P3, testDeps } from './support.ts';

describe('status', () => {
  it('when segments are in different states, then each locale counts its live segments by state', async () => {
    const deps = testDeps();
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, P2, P3]), by: 'editor' });
    const slug = parseSlug('rice-prices');
    const record = (await deps.store.get(slug))!;
    const [title, p1] = record.segments;
    const review = new ReviewService(deps);
    await review.submit({ slug, segmentId: title!.id, locale: 'en', text: 'Rice', actor: { name: 'tina' } });
    await review.approve({ slug, segmentId: title!.id, locale: 'en', actor: { name: 'rex' } });
    await review.saveTranslation({ slug, segmentId: p1!.id, locale: 'en', text: 'Prices.', baseRevision: 0, actor: { name: 'tina' } });
    // Removing P3 must take it out of every count.
    await importArticle(deps, { file: 'rice-prices.md', content: article('쌀값', [P1, P2]), by: 'editor' });

    const status = await articleStatus(deps, 'rice-prices');
    expect(status).toMatchObject({ slug: 'rice-prices', title: '쌀값', sourceRevision: 2, segmentCount: 3 });
    expect(status.locales.map((l) => [l.locale, l.counts, l.total])).toEqual([
      ['en', { untranslated: 1, draft: 1, submitted: 0, approved: 1, stale: 0 }, 3],
      ['ja', { untranslated: 3, draft: 0, submitted: 0, approved: 0, stale: 0 }, 3],
    ]);
    expect(status.locales[0]!.progress).toBeCloseTo(1 / 3);
    expect(status.total).toMatchObject({ total: 6, counts: { approved: 1, untranslated: 4, draft: 1 } });
    expect(status.total.progress).toBeCloseTo(1 / 6);
  });

  it('when several articles are stored, then allStatus lists each one', async () => {
    const deps = testDeps();
    await importArticle(deps, { file: 'one.md', content: article('하나', [P1]), by: 'editor' });
    await importArticle(deps, { file: 'two.md', content: article('둘', [P2, P3]), by: 'editor' });
    const rows = await allStatus(deps);
    expect(rows.map((r) => [r.slug, r.segmentCount, r.total.total]).sort()).toEqual([
      ['one', 2, 4],
      ['two', 3, 6],
    ]);
  });

  it('when an article changes or its publish date passes after a listing, then the next listing shows it', async () => {
    let now = Date.UTC(2026, 2, 1, 9);
    const deps = testDeps({ now: () => new Date(now) });
    await importArticle(deps, { file: 'one.md', content: article('하나', [P1], 'publishDate: 2026-03-02T00:00:00Z\n'), by: 'editor' });
    await importArticle(deps, { file: 'two.md', content: article('둘', [P2]), by: 'editor' });
    const row = async (slug: string) => (await allStatus(deps)).find((r) => r.slug === slug)!;
    expect((await row('one')).embargo?.reason).toBe('scheduled');
    now = Date.UTC(2026, 2, 2);
    expect((await row('one')).embargo).toBeUndefined();
    now = Date.UTC(2026, 2, 1, 12);
    expect((await row('one')).embargo?.reason).toBe('scheduled');
    await importArticle(deps, { file: 'two.md', content: article('둘', [P2, P3]), by: 'editor' });
    expect((await row('two')).segmentCount).toBe(3);
  });

  it('when the article does not exist, then NotFoundError says how to import it', async () => {
    await expect(articleStatus(testDeps(), 'missing')).rejects.toThrow(NotFoundError);
  });
});
