import { z } from 'zod';
import { ValidationError } from '../../../core/errors.ts';
import { TRANSLATION_STATES } from '../../../core/model.ts';
import { stripBom } from '../../../core/text.ts';
import { ARTICLE_SORTS, SORT_DIRECTIONS } from '../../../services/article-list.ts';
import type { ArticleStatus } from '../../../services/status.ts';
import { requireService } from '../../guards.ts';
import { hasSlugInFrontMatter } from '../../../services/pushed-article.ts';
import { localeField } from '../../validate.ts';
import { ActorField, actorOf } from '../actor.ts';
import { type ApiAnswer, type ApiOperation, operation } from '../operation.ts';
import { decodePageCursor, encodePageCursor, nextLink } from '../pagination.ts';
import { ArticleSummary, PageQuery, SegmentOut, SlugParams } from '../schemas.ts';

const EXTENSIONS = { markdown: 'md', html: 'html', text: 'txt' } as const;

const ImportBody = z.object({
  content: z.string().describe('The article: Markdown or HTML with front matter, or plain text (empty only with `file`)'),
  format: z.enum(['markdown', 'html', 'text']).optional().describe('Default markdown; leave it out when `file` is given'),
  slug: z.string().trim().min(1).max(120).optional().describe('Required unless the front matter or `file` names it'),
  file: z
    .string()
    .min(1)
    .max(1024)
    // A label only (never opened): one line, as it is printed in messages.
    .refine((name) => !/[\p{Cc}\u2028\u2029]/u.test(name), { error: 'expected a file name without control characters' })
    .optional()
    .describe(
      'The file’s name or path as the client read it (the command line sends it): its ending picks the format, its name gives the slug when neither `slug` nor the front matter does, and messages name it',
    ),
  actor: ActorField,
});

const ImportWarningOut = z.object({
  kind: z.enum(['invisible-characters']),
  segmentId: z.string(),
  order: z.number().int().describe('0-based'),
  codePoints: z.array(z.string()).describe('`U+200B`…'),
});

const ImportResultOut = z.object({
  file: z.string().describe('The `file` sent, else `pasted.<ending of the format>`'),
  slug: z.string(),
  status: z.enum(['new', 'updated', 'unchanged']),
  sourceRevision: z.number().int(),
  counts: z.object({
    unchanged: z.number().int(),
    changed: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
  }),
  warnings: z.array(ImportWarningOut).describe('What the editor should look at; the import succeeded regardless'),
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
    handle: async ({ deps, body, user, res }) => {
      const service = requireService(deps.articles, 'articles');
      const by = actorOf(user, res, body.actor);
      const content = stripBom(body.content);
      if (body.file !== undefined && body.format !== undefined)
        throw new ValidationError('api: give either format or file (its ending is the format)', ['body.format']);
      // With a file, the import's own checks word every refusal (naming the file), exactly as on the data directory.
      if (body.file === undefined && content.trim() === '')
        throw new ValidationError('api: the content is empty', ['body.content'], { reason: 'import.no-content' });
      // As for a paste on the web: the slug comes from the body or the front matter, never from a made-up file name.
      if (body.file === undefined && !body.slug && !hasSlugInFrontMatter(content))
        throw new ValidationError('api: give a slug in the body or in the front matter', ['body.slug'], { reason: 'import.no-slug' });
      const result = await service.import({
        file: body.file ?? `pasted.${EXTENSIONS[body.format ?? 'markdown']}`,
        content,
        by,
        ...(body.slug ? { slug: body.slug } : {}),
      });
      const out = {
        file: result.file,
        slug: result.slug,
        status: result.status,
        sourceRevision: result.sourceRevision,
        counts: {
          unchanged: result.counts.unchanged,
          changed: result.counts.changed,
          added: result.counts.added,
          removed: result.counts.removed,
        },
        warnings: result.warnings,
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
