import { z } from 'zod';
import { ValidationError } from '../../../core/errors.ts';
import { TRANSLATION_STATES } from '../../../core/model.ts';
import { stripBom } from '../../../core/text.ts';
import { ARTICLE_SORTS, SORT_DIRECTIONS } from '../../../services/article-list.ts';
import type { ArticleStatus } from '../../../services/status.ts';
import { requireService } from '../../guards.ts';
import { hasSlugInFrontMatter } from '../../../services/pushed-article.ts';
import { localeField } from '../../validate.ts';
import { type ApiAnswer, type ApiOperation, operation } from '../operation.ts';
import { decodePageCursor, encodePageCursor, nextLink } from '../pagination.ts';
import { ArticleSummary, PageQuery, SegmentOut, SlugParams } from '../schemas.ts';

const EXTENSIONS = { markdown: 'md', html: 'html', text: 'txt' } as const;

const ImportBody = z.object({
  content: z.string().min(1).describe('The article: Markdown or HTML with front matter, or plain text'),
  format: z.enum(['markdown', 'html', 'text']).default('markdown'),
  slug: z.string().trim().min(1).max(120).optional().describe('Required unless the front matter names it'),
});

const ImportResultOut = z.object({
  slug: z.string(),
  status: z.enum(['new', 'updated', 'unchanged']),
  sourceRevision: z.number().int(),
  counts: z.object({
    unchanged: z.number().int(),
    changed: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
  }),
});

const ListQuery = PageQuery.extend({
  locale: localeField.optional().describe('Progress and the state filter look at this locale alone'),
  state: z.enum(TRANSLATION_STATES).optional(),
  desk: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(100).optional(),
  q: z.string().trim().max(200).optional().describe('Words the title or slug contains'),
  sort: z.enum(ARTICLE_SORTS).optional(),
  dir: z.enum(SORT_DIRECTIONS).optional(),
});

const ArticleOut = ArticleSummary.extend({
  format: z.string(),
  frontMatter: z.record(z.string(), z.unknown()),
  segments: z.array(SegmentOut),
});

function summaryOf(status: ArticleStatus): z.input<typeof ArticleSummary> {
  return {
    slug: status.slug,
    title: status.title,
    sourceLocale: status.sourceLocale,
    sourceRevision: status.sourceRevision,
    segmentCount: status.segmentCount,
    updatedAt: status.updatedAt,
    locales: status.locales.map(({ locale, counts, total, progress }) => ({ locale, counts, total, progress })),
    progress: status.total.progress,
  };
}

export const ARTICLE_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/articles',
    id: 'listArticles',
    summary: 'List articles with their progress per target locale',
    tag: 'articles',
    permission: 'article.view',
    query: ListQuery,
    responses: {
      200: {
        description: 'One page of articles, newest first unless sorted otherwise',
        schema: z.object({ items: z.array(ArticleSummary), next: z.string().nullable(), total: z.number().int() }),
      },
    },
    handle: async ({ deps, query, req }) => {
      const { cursor, limit, ...filters } = query;
      const at = cursor ? decodePageCursor(cursor) : { page: 1, size: limit ?? 50 };
      const list = await requireService(deps.articles, 'articles').list({ ...filters, page: at.page, pageSize: at.size });
      const next = list.page < list.pages ? encodePageCursor(list.page + 1, at.size) : null;
      return { body: { items: list.rows.map(summaryOf), next, total: list.total }, headers: nextLink(req.originalUrl, next) };
    },
  }),
  operation({
    method: 'post',
    path: '/articles',
    id: 'importArticle',
    summary: 'Import an article, or a new revision of one (same slug)',
    tag: 'articles',
    permission: 'article.import',
    body: ImportBody,
    idempotent: true,
    responses: {
      201: { description: 'A new article; Location names it', schema: ImportResultOut },
      200: { description: 'A new revision of an existing article, or no change', schema: ImportResultOut },
    },
    handle: async ({ deps, body, user }) => {
      const service = requireService(deps.articles, 'articles');
      const content = stripBom(body.content);
      if (content.trim() === '') throw new ValidationError('api: the content is empty', ['body.content'], { reason: 'import.no-content' });
      // As for a paste on the web: the slug comes from the body or the front matter, never from a made-up file name.
      if (!body.slug && !hasSlugInFrontMatter(content))
        throw new ValidationError('api: give a slug in the body or in the front matter', ['body.slug'], { reason: 'import.no-slug' });
      const result = await service.import({
        file: `pasted.${EXTENSIONS[body.format]}`,
        content,
        by: user.name,
        ...(body.slug ? { slug: body.slug } : {}),
      });
      const out = {
        slug: result.slug,
        status: result.status,
        sourceRevision: result.sourceRevision,
        counts: {
          unchanged: result.counts.unchanged,
          changed: result.counts.changed,
          added: result.counts.added,
          removed: result.counts.removed,
        },
      };
      const location = `/api/v1/articles/${encodeURIComponent(result.slug)}`;
      const answer: ApiAnswer =
        result.status === 'new'
          ? { status: 201, body: out, headers: { Location: location } }
          : { status: 200, body: out, headers: { 'Content-Location': location } };
      return answer;
    },
  }),
  operation({
    method: 'get',
    path: '/articles/:slug',
    id: 'getArticle',
    summary: 'One article with its live segments and progress per locale',
    tag: 'articles',
    permission: 'article.view',
    params: SlugParams,
    responses: { 200: { description: 'The article', schema: ArticleOut } },
    handle: async ({ deps, params }) => {
      const service = requireService(deps.articles, 'articles');
      const record = await service.get(params.slug);
      const status = await service.status(record.article.slug);
      const segments = record.segments
        .filter((s) => !s.removedAt)
        .sort((a, b) => a.order - b.order)
        .map(({ id, order, source, sourceRevision }) => ({ id, order, source, sourceRevision }));
      return {
        body: { ...summaryOf(status), format: record.article.format, frontMatter: record.article.frontMatter, segments },
      };
    },
  }),
];
