import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { AppError, ValidationError } from '../../core/errors.ts';
import { TRANSLATION_STATES } from '../../core/model.ts';
import { ARTICLE_SORTS, SORT_DIRECTIONS, type ArticleListQuery } from '../../services/article-list.ts';
import { can } from '../../core/roles.ts';
import { stripBom } from '../../core/text.ts';
import { hasSlugInFrontMatter } from '../../services/pushed-article.ts';
import type { ImportResult } from '../../services/types.ts';
import type { AppDeps } from '../deps.ts';
import { statusOf } from '../errors.ts';
import { statusSentence, userMessage } from '../error-messages.ts';
import { requireRole, requireService } from '../guards.ts';
import { uploadedFile, uploadForm } from '../multipart.ts';
import { pageContext, sendPage } from '../render.ts';
import { blankIsAbsent, localeField, validated } from '../validate.ts';
import { articlesView, type ArticlesView, type ImportFormValues } from '../views/articles/page.ts';
import type { RouteModule } from './index.ts';
import { mtBanner, mtConfigHint, mtProgressFor } from './review-extras.ts';
import { effortBars } from './review-page.ts';

const EXTENSIONS = { markdown: 'md', html: 'html', text: 'txt' } as const;
const ImportBody = z.object({
  // No length limit here: the import refuses text over LIMITS.importBytes with a LimitError that names the limit.
  content: z.string().optional(),
  format: z.enum(['markdown', 'html', 'text']).default('markdown'),
  slug: z.preprocess(blankIsAbsent, z.string().trim().max(120).optional()),
});
const MtBody = z.object({ locale: localeField });
const ListQuery = z.object({
  done: z.enum(['mt-queued', 'mt-off', 'mt-retried', 'mt-budget', 'mt-resumed']).optional(),
  n: z.coerce.number().int().min(0).optional(),
  locale: z.preprocess(blankIsAbsent, localeField.optional()),
  state: z.preprocess(blankIsAbsent, z.enum(TRANSLATION_STATES).optional()),
  desk: z.preprocess(blankIsAbsent, z.string().trim().max(100).optional()),
  tag: z.preprocess(blankIsAbsent, z.string().trim().max(100).optional()),
  q: z.preprocess(blankIsAbsent, z.string().trim().max(200).optional()),
  sort: z.preprocess(blankIsAbsent, z.enum(ARTICLE_SORTS).optional()),
  dir: z.preprocess(blankIsAbsent, z.enum(SORT_DIRECTIONS).optional()),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  // After an import (post/redirect/get): what importNotice says.
  imported: z.string().max(200).optional(),
  result: z.enum(['new', 'updated', 'unchanged']).optional(),
  counts: z
    .string()
    .regex(/^\d{1,9}(?:\.\d{1,9}){4}$/)
    .optional(),
});

async function renderArticles(
  deps: AppDeps,
  req: Request,
  res: Response,
  extra: Pick<ArticlesView, 'notice' | 'error' | 'form'> = {},
  status = 200,
  query: ArticleListQuery = {},
): Promise<void> {
  const service = requireService(deps.articles, 'articles');
  const user = res.locals.user!;
  const locales = service.targetLocales;
  const list = await service.list(query);
  const mt: ArticlesView['mt'] = can(user.role, 'mt.queue') ? await mtBanner(deps, req) : null;
  res.set('Cache-Control', 'no-store');
  sendPage(req, res, {
    status,
    title: req.t('review:articles.title'),
    body: articlesView(pageContext(req, res), {
      list,
      query,
      targetLocales: locales,
      sourceLocale: service.sourceLocale,
      viewerLocales: user.locales,
      effort: effortBars(list.effort, locales),
      canImport: can(user.role, 'article.import'),
      publishing: deps.publish !== undefined,
      mt,
      mtProgress: await mtProgressFor(deps, user, {}, 'articles'),
      ...extra,
    }),
  });
}

function getArticles(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { query } = validated(req, { query: ListQuery });
    const hint = query.done === 'mt-off' ? await mtConfigHint(deps, req) : '';
    const ns = query.done === 'mt-retried' || query.done === 'mt-budget' || query.done === 'mt-resumed' ? 'mt:done' : 'review:mt.done';
    const notice = query.imported
      ? importNotice(req, query.imported, query.result, query.counts)
      : query.done
        ? req.t(`${ns}.${query.done}`, { count: query.n ?? 0, hint })
        : undefined;
    const { done: _done, n: _n, imported: _i, result: _r, counts: _c, ...rest } = query;
    const list = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as ArticleListQuery;
    await renderArticles(deps, req, res, notice ? { notice } : {}, 200, list);
  };
}

/** Where a successful import redirects: the articles page saying what was stored. */
function importedUrl(result: ImportResult): string {
  const { counts } = result;
  const figures = [result.sourceRevision, counts.unchanged, counts.changed, counts.added, counts.removed].join('.');
  return `/articles?${new URLSearchParams({ imported: result.slug, result: result.status, counts: figures })}`;
}

function importNotice(req: Request, slug: string, status: ImportResult['status'] = 'unchanged', counts = '0.0.0.0.0'): string {
  const [revision, unchanged, changed, added, removed] = counts.split('.').map(Number);
  return req.t(`review:import.result.${status}`, { slug, count: added, revision, unchanged, changed, added, removed });
}

/**
 * Import by upload (multipart, read by uploadForm after the guard) or paste: the same service, validation and messages
 * as `tandem import`.
 */
function postImport(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const service = requireService(deps.articles, 'articles');
    const { body } = validated(req, { body: ImportBody });
    // A paste carries the byte-order mark of the file it was copied from; the file import strips it the same way.
    const pasted = stripBom(body.content ?? '');
    const form: ImportFormValues = {
      ...(req.file ? {} : { content: body.content ?? '' }),
      format: body.format,
      ...(body.slug ? { slug: body.slug } : {}),
    };
    let file: string;
    let content: Uint8Array | string;
    try {
      // uploadForm refused every name that is not a bare file name; uploadedFile throws its size refusal (413).
      const upload = uploadedFile(req);
      if (upload && upload.size > 0) {
        file = upload.originalname;
        content = new Uint8Array(upload.buffer);
      } else if (pasted.trim() !== '') {
        if (!body.slug && !hasSlugInFrontMatter(pasted)) {
          throw new ValidationError('import: pasted text has no slug; fill in the slug field or set "slug:" in the front matter', [], {
            reason: 'import.no-slug',
          });
        }
        file = `pasted.${EXTENSIONS[body.format]}`;
        content = pasted;
      } else {
        throw new ValidationError('import: choose a file or paste the article text', [], { reason: 'import.no-content' });
      }
      const result = await service.import({ file, content, by: res.locals.user!.name, ...(body.slug ? { slug: body.slug } : {}) });
      res.locals.log?.info({ slug: result.slug, status: result.status, by: res.locals.user!.name }, 'article imported from the web');
      res.redirect(303, importedUrl(result));
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'import-hook') throw error;
      res.locals.log?.debug({ err: error }, 'import refused');
      const detail = userMessage(error, req.t, req.language) ?? statusSentence(statusOf(error), req.t, false);
      await renderArticles(deps, req, res, { error: { message: req.t('review:import.failed'), detail }, form }, statusOf(error));
    }
  };
}

function postMt(deps: AppDeps, scope: 'one' | 'all'): RequestHandler {
  return async (req, res) => {
    const { body, params } = validated(req, { body: MtBody, params: z.object({ slug: z.string().max(200).optional() }) });
    const mt = requireService(deps.mt, 'machine translation');
    const service = requireService(deps.articles, 'articles');
    const locale = body.locale;
    // An unknown article is a 404 before anything is queued (ValidationError for a malformed slug).
    const slugs = scope === 'one' && params.slug ? [(await service.get(params.slug)).article.slug] : undefined;
    const status = await mt.status();
    if (status.state === 'off') return res.redirect(303, '/articles?done=mt-off');
    const result = await mt.enqueue({ locales: [locale], by: res.locals.user!.name, ...(slugs ? { slugs } : {}) });
    res.redirect(303, `/articles?done=mt-queued&n=${result.added}`);
  };
}

export const articlesRoutes = {
  path: '/articles',
  router: (deps) => {
    const router = express.Router();
    router.get('/', requireRole('article.view'), getArticles(deps));
    router.post('/import', requireRole('article.import'), uploadForm({ inline: true }), postImport(deps));
    router.post('/mt', requireRole('mt.queue'), postMt(deps, 'all'));
    router.post('/:slug/mt', requireRole('mt.queue'), postMt(deps, 'one'));
    return router;
  },
} satisfies RouteModule;
