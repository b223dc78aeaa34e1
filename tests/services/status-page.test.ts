import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.ts';
import { importArticle } from '../../src/services/import-article.ts';
import { statusPage } from '../../src/services/status-page.ts';
import { article, P1, P2, P3, testDeps } from './support.ts';

describe('status pages', () => {
  it('when an article shown on a page changes before the next page, then the next pages go on without showing it again', async () => {
    let now = Date.UTC(2026, 2, 1, 9);
    const deps = testDeps({ now: () => new Date(now) });
    for (const [slug, title] of [
      ['one', '하나'],
      ['two', '둘'],
      ['three', '셋'],
    ] as const) {
      now += 60_000;
      await importArticle(deps, { file: `${slug}.md`, content: article(title, [P1]), by: 'editor' });
    }
    const first = await statusPage(deps, { limit: 1 });
    expect(first.rows.map((r) => r.slug)).toEqual(['three']);
    expect(first.total).toBe(3);

    now += 60_000;
    await importArticle(deps, { file: 'three.md', content: article('셋', [P1, P2]), by: 'editor' });
    const second = await statusPage(deps, { limit: 1, cursor: first.next! });
    const third = await statusPage(deps, { limit: 1, cursor: second.next! });
    expect([...second.rows, ...third.rows].map((r) => r.slug)).toEqual(['two', 'one']);
    expect(third.next).toBeNull();
    // The changed article leads the first page again.
    expect((await statusPage(deps, { limit: 1 })).rows.map((r) => [r.slug, r.segmentCount])).toEqual([['three', 3]]);
  });

  it('when the archive is listed, then the totals add up every article in every target locale', async () => {
    const deps = testDeps();
    await importArticle(deps, { file: 'one.md', content: article('하나', [P1]), by: 'editor' });
    await importArticle(deps, { file: 'two.md', content: article('둘', [P2, P3]), by: 'editor' });
    const page = await statusPage(deps, { limit: 1 });
    expect(page.rows).toHaveLength(1);
    // Title plus paragraphs: 2 and 3 segments, untranslated in both target locales.
    expect(page.totals.locales.map((l) => [l.locale, l.total, l.counts.untranslated])).toEqual([
      ['en', 5, 5],
      ['ja', 5, 5],
    ]);
    expect(page.totals).toMatchObject({ total: 10, progress: 0 });
  });

  it.each([0, 101, 1.5])('when a page of %s articles is asked for, then ValidationError', async (limit) => {
    await expect(statusPage(testDeps(), { limit })).rejects.toBeInstanceOf(ValidationError);
  });
});
