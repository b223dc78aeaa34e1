import type { ArticleRecord, ArticleSummary } from '../../core/model.ts';

/** The listing row of an article record: title (the slug when untitled), dates and live segment count. */
export function summarize(record: ArticleRecord): ArticleSummary {
  const { article } = record;
  const title = typeof article.frontMatter.title === 'string' ? article.frontMatter.title : article.slug;
  return {
    slug: article.slug,
    title,
    sourceLocale: article.sourceLocale,
    sourceRevision: article.sourceRevision,
    ...(typeof article.frontMatter.date === 'string' ? { date: article.frontMatter.date } : {}),
    segmentCount: record.segments.filter((s) => !s.removedAt).length,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
  };
}
