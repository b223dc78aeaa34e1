import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.ts';
import { PublishRefusedError } from '../../core/publication.ts';
import { can } from '../../core/roles.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole, requireService } from '../guards.ts';
import { pageContext, sendPage } from '../render.ts';
import type { RouteModule } from '../routes/index.ts';
import { userMessage } from '../error-messages.ts';
import { blankIsAbsent, validated } from '../validate.ts';
import { blockersView, confirmView, invalidReleaseView } from '../views/publish/confirm.ts';
import { overviewView, PUBLISH_DONE, publishBase, type PublishNotice } from '../views/publish/overview.ts';
import { ArticleParams, actorOf, LocaleParams, wantsJson } from './publish-params.ts';
import { getPreview } from './publish-preview.ts';
import { getDiff, getVersion, getVersionList } from './publish-versions.ts';
import { articlePath, languageName } from './views.ts';

/** The publish form: `at` empty or absent publishes now; the service checks the time itself. */
const PublishBody = z.object({ at: z.preprocess(blankIsAbsent, z.string().trim().max(64).optional()) });
const ConfirmQuery = PublishBody;
/** What the last post did (set by its redirect), for the notice. */
const OverviewQuery = z.object({
  done: z.enum(PUBLISH_DONE).optional(),
  locale: z.string().max(35).optional(),
  version: z.coerce.number().int().positive().optional(),
  at: z.string().max(64).optional(),
});

/** The overview's address with the notice of what was just done. */
function doneUrl(slug: string, notice: PublishNotice): string {
  const query = new URLSearchParams({ done: notice.done, locale: notice.locale });
  if (notice.version !== undefined) query.set('version', String(notice.version));
  if (notice.at !== undefined) query.set('at', notice.at);
  return `/publish/${slug}?${query}`;
}

function getPublishOverview(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params, query } = validated(req, { params: ArticleParams, query: OverviewQuery });
    const overview = await publish.overview(params.slug);
    if (wantsJson(req)) return void res.json(overview);
    const ctx = pageContext(req, res);
    const user = res.locals.user;
    const row = overview.locales.find((l) => l.locale === query.locale);
    // Only a locale of this article, so the notice never echoes arbitrary text.
    const notice: PublishNotice | undefined =
      query.done && row
        ? {
            done: query.done,
            locale: row.locale,
            version: query.version,
            at: query.at,
            readerPath: query.done === 'published' && deps.reader ? articlePath(row.locale, overview.slug) : undefined,
          }
        : undefined;
    sendPage(req, res, {
      title: ctx.t('publish:title', { title: overview.title }),
      body: overviewView(ctx, {
        overview,
        canPublish: user !== undefined && can(user.role, 'article.publish'),
        ...(notice ? { notice } : {}),
      }),
    });
  };
}

function getConfirm(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params, query } = validated(req, { params: LocaleParams, query: ConfirmQuery });
    const ctx = pageContext(req, res);
    const { t } = ctx;
    const language = languageName(params.locale, ctx.lng);
    if (query.at !== undefined) {
      try {
        publish.releaseTime(query.at);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const title = t('publish:confirm.blocked', { language });
        return sendPage(req, res, { status: 400, title, body: invalidReleaseView(ctx, params.slug, params.locale, query.at) });
      }
    }
    try {
      const prep = await publish.prepare({
        slug: params.slug,
        locale: params.locale,
        actor: actorOf(res),
        ...(query.at ? { at: query.at } : {}),
      });
      const overview = await publish.overview(params.slug);
      sendPage(req, res, {
        title: t('publish:confirm.title', { title: overview.title, language }),
        body: confirmView(ctx, prep, query.at),
      });
    } catch (error) {
      if (!(error instanceof PublishRefusedError)) throw error;
      sendPage(req, res, {
        status: 409,
        title: t('publish:confirm.blocked', { language }),
        body: blockersView(ctx, params.slug, error),
      });
    }
  };
}

function postPublish(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params, body } = validated(req, { params: LocaleParams, body: PublishBody });
    const at = body.at;
    try {
      const result = await publish.publish({ slug: params.slug, locale: params.locale, actor: actorOf(res), ...(at ? { at } : {}) });
      if (wantsJson(req))
        return void res.status(result.status === 'published' ? 201 : 200).json({ status: result.status, version: result.version.version });
      const { version } = result;
      const done = result.status === 'unchanged' ? 'unchanged' : version.releaseAt ? 'scheduled' : 'published';
      res.redirect(303, doneUrl(version.slug, { done, locale: version.locale, version: version.version, at: version.releaseAt }));
    } catch (error) {
      const confirm = `${publishBase(params.slug, params.locale)}/confirm`;
      // A release time that passed while the editor read the confirmation: asked again there, with the time kept.
      if (error instanceof ValidationError && at !== undefined && !wantsJson(req)) {
        return res.redirect(303, `${confirm}?${new URLSearchParams({ at })}`);
      }
      if (!(error instanceof PublishRefusedError)) throw error;
      if (wantsJson(req))
        return void res.status(409).json({
          error: { code: error.code, reason: error.reason, message: userMessage(error, req.t, req.language), missing: error.missing },
        });
      // The confirmation page lists what blocks the locale; a reload there re-sends nothing.
      res.redirect(303, confirm);
    }
  };
}

function postUnpublish(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params } = validated(req, { params: LocaleParams });
    const changed = await publish.unpublish({ slug: params.slug, locale: params.locale, actor: actorOf(res) });
    if (wantsJson(req)) return void res.json({ unpublished: changed });
    res.redirect(303, doneUrl(params.slug, { done: 'unpublished', locale: params.locale }));
  };
}

/**
 * The editor's side of publishing: status per locale, a preview as readers will see it, a confirmation with a summary
 * before each publish, unpublish, versions and side-by-side diffs. Every post redirects to a page with a notice.
 */
export const publishRoutes = {
  path: '/publish',
  router: (deps) => {
    const router = express.Router();
    // An edition's language: a target locale, or the source locale a newsroom releases by hand.
    const edition = { pathLocales: 'published' } as const;
    router.get('/:slug', requireRole('article.view'), getPublishOverview(deps));
    router.post('/:slug/:locale', requireRole('article.publish', edition), postPublish(deps));
    router.get('/:slug/:locale/confirm', requireRole('article.publish', edition), getConfirm(deps));
    router.get('/:slug/:locale/preview', requireRole('article.publish', edition), getPreview(deps));
    router.post('/:slug/:locale/unpublish', requireRole('article.publish', edition), postUnpublish(deps));
    router.get('/:slug/:locale/versions', requireRole('article.view', edition), getVersionList(deps));
    router.get('/:slug/:locale/versions/:version', requireRole('article.view', edition), getVersion(deps));
    router.get('/:slug/:locale/diff', requireRole('article.view', edition), getDiff(deps));
    return router;
  },
} satisfies RouteModule;
