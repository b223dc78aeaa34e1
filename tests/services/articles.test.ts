import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { ArticleService } from '../../src/services/articles.ts';
import { article, P1, testDeps } from './support.ts';

async function setUp() {
  const articles = new ArticleService(testDeps());
  await articles.import({ file: 'rice-prices.md', content: article('쌀값', [P1]), by: 'editor' });
  return articles;
}

describe('ArticleService', () => {
  it('when an article is read, then a stored one comes back, a missing one is a NotFoundError and a malformed slug a ValidationError', async () => {
    const articles = await setUp();
    expect((await articles.get('rice-prices')).article.slug).toBe('rice-prices');
    await expect(articles.get('no-such-article')).rejects.toThrow(NotFoundError);
    await expect(articles.get('../etc')).rejects.toThrow(ValidationError);
  });

  it('when a locale is checked, then target locales pass canonical, others are not found and non-tags are invalid', async () => {
    const articles = await setUp();
    expect(articles.targetLocales).toEqual(['en', 'ja']);
    expect(articles.targetLocale('EN')).toBe('en');
    expect(() => articles.targetLocale('fr')).toThrow(NotFoundError);
    expect(() => articles.targetLocale('???')).toThrow(ValidationError);
  });

  it('when status, effort and the queue are asked for, then they cover the stored articles', async () => {
    const articles = await setUp();
    expect((await articles.allStatus()).map((s) => s.slug)).toEqual(['rice-prices']);
    expect((await articles.status('rice-prices')).segmentCount).toBe(2);
    expect((await articles.effort()).articles).toEqual([]);
    expect((await articles.queue()).total).toBe(4);
  });
});
