import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { PublishRefusedError } from '../../core/publication.ts';
import { can } from '../../core/roles.ts';
import type { PublishService } from '../../services/publish.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole, requireService } from '../guards.ts';
import { html, type SafeHtml } from '../html.ts';
import { pageContext, sendPage, type PageContext } from '../render.ts';
import type { RouteModule } from '../routes/index.ts';
import { validated } from '../validate.ts';
import { csrfField } from '../views/forms.ts';
import { embargoBadge } from '../views/embargo.ts';
import { formatDate, languageName } from './views.ts';

const slugParam = z.string().min(1).max(120);
const localeParam = z
  .string()
  .min(2)
  .max(35)
  .regex(/^[A-Za-z0-9-]+$/);
const ArticleParams = z.object({ slug: slugParam });
const LocaleParams = z.object({ slug: slugParam, locale: localeParam });
const VersionParams = LocaleParams.extend({ version: z.coerce.number().int().positive() });
/** The publish form: `at` empty or absent publishes now; the service checks the time itself. */
const PublishBody = z.object({ at: z.string().max(64).optional() });
const DiffQuery = z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() });

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

function actorOf(res: Response) {
  const user = res.locals.user!;
  return { name: user.name, role: user.role };
}

function overviewView(ctx: PageContext, overview: Awaited<ReturnType<PublishService['overview']>>, canPublish: boolean): SafeHtml {
  const { t } = ctx;
  return html`<p class="publish-source">${t('publish:sourceRevision', { revision: overview.sourceRevision })} ${embargoBadge(ctx, overview.embargo)}</p>
<table class="publish-table">
<thead><tr><th scope="col">${t('publish:locale')}</th><th scope="col">${t('publish:status')}</th><th scope="col">${t('publish:actions')}</th></tr></thead>
<tbody>${overview.locales.map(({ locale, missing, openErrors, publication: p, scheduled }) => {
    const base = `/publish/${overview.slug}/${locale}`;
    const state = !p
      ? t('publish:state.never')
      : scheduled !== undefined
        ? t('publish:state.scheduled', { version: p.latestVersion, at: scheduled })
        : p.live
          ? t('publish:state.live', { version: p.latestVersion })
          : t('publish:state.unpublished', { version: p.latestVersion });
    const freshness = p ? (p.outdated ? t('publish:state.outdated', { count: p.segmentsBehind }) : t('publish:state.current')) : '';
    // The same open-error count as `tandem check`; approved segments with open errors block like unapproved ones.
    const unapproved = missing.filter((m) => m.openErrors === undefined).length;
    const readiness =
      missing.length === 0
        ? t('publish:state.ready')
        : unapproved > 0
          ? t('publish:state.missing', { count: unapproved })
          : t('publish:state.openErrors', { count: openErrors });
    return html`<tr data-locale="${locale}">
  <th scope="row">${languageName(locale, ctx.lng)} <code>${locale}</code>${locale === overview.sourceLocale ? html` <small>(${t('publish:state.source')})</small>` : ''}</th>
  <td><span class="publish-state">${state}</span>${freshness ? html` · <span class="publish-freshness">${freshness}</span>` : ''} · <span class="publish-readiness">${readiness}</span>${
    openErrors > 0 && unapproved > 0
      ? html` · <span class="publish-open-errors">${t('publish:state.openErrors', { count: openErrors })}</span>`
      : ''
  }</td>
  <td>${
    canPublish
      ? html`<form method="post" action="${base}">${csrfField(ctx)}<label>${t('publish:at.label')} <input type="text" name="at" inputmode="text" placeholder="2026-12-01T09:00:00Z" title="${t('publish:at.hint')}" size="22"></label>
  <button type="submit"${missing.length > 0 ? html` disabled` : ''}>${t('publish:publish')}</button></form>
  ${p?.live ? html`<form method="post" action="${base}/unpublish">${csrfField(ctx)}<button type="submit">${t('publish:unpublish')}</button></form>` : ''}`
      : ''
  }
  ${p ? html`<a href="${base}/versions">${t('publish:versions')}</a>` : ''}</td>
</tr>`;
  })}</tbody>
</table>`;
}

function getPublishOverview(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params } = validated(req, { params: ArticleParams });
    const overview = await publish.overview(params.slug);
    if (wantsJson(req)) return void res.json(overview);
    const ctx = pageContext(req, res);
    const user = res.locals.user;
    const canPublish = user !== undefined && can(user.role, 'article.publish');
    sendPage(req, res, { title: ctx.t('publish:title', { title: overview.title }), body: overviewView(ctx, overview, canPublish) });
  };
}

function postPublish(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params, body } = validated(req, { params: LocaleParams, body: PublishBody });
    const at = body.at?.trim();
    try {
      const result = await publish.publish({ slug: params.slug, locale: params.locale, actor: actorOf(res), ...(at ? { at } : {}) });
      if (wantsJson(req))
        return void res.status(result.status === 'published' ? 201 : 200).json({ status: result.status, version: result.version.version });
      res.redirect(303, `/publish/${result.version.slug}`);
    } catch (error) {
      if (!(error instanceof PublishRefusedError)) throw error;
      if (wantsJson(req)) return void res.status(409).json({ error: { code: error.code, message: error.message, missing: error.missing } });
      const ctx = pageContext(req, res);
      const { t } = ctx;
      sendPage(req, res, {
        status: 409,
        title: t('publish:refused.title', { locale: languageName(params.locale, ctx.lng) }),
        body: html`<p>${t(error.missing.every((m) => m.openErrors) ? 'publish:refused.checksBody' : 'publish:refused.body')}</p>
<ul class="publish-missing">${error.missing.map(
          (m) =>
            html`<li data-segment="${m.segmentId}">${
              m.openErrors
                ? t('publish:refused.checks', {
                    order: m.order + 1,
                    kind: t(`review:kinds.${m.kind}`),
                    checks: m.openErrors.map((id) => t(`checks:${id}.name`, { defaultValue: id })).join(', '),
                  })
                : t('publish:refused.segment', {
                    order: m.order + 1,
                    kind: t(`review:kinds.${m.kind}`),
                    state: t(`review:states.${m.state}`),
                  })
            }</li>`,
        )}</ul>
<p><a href="/publish/${params.slug}">${t('publish:versions')}</a></p>`,
      });
    }
  };
}

function postUnpublish(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params } = validated(req, { params: LocaleParams });
    const changed = await publish.unpublish({ slug: params.slug, locale: params.locale, actor: actorOf(res) });
    if (wantsJson(req)) return void res.json({ unpublished: changed });
    res.redirect(303, `/publish/${params.slug}`);
  };
}

function getVersionList(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params } = validated(req, { params: LocaleParams });
    const versions = await publish.versions(params.slug, params.locale);
    if (wantsJson(req)) return void res.json({ versions });
    const ctx = pageContext(req, res);
    const { t } = ctx;
    const base = `/publish/${params.slug}/${params.locale}`;
    const title = versions.at(-1)?.title ?? params.slug;
    sendPage(req, res, {
      title: t('publish:versionList.title', { title, locale: params.locale }),
      body: html`<ol class="version-list" reversed>${[...versions].reverse().map(
        (v) => html`<li><strong>${t('publish:versionList.version', { version: v.version })}</strong>
  ${t('publish:versionList.meta', { by: v.publishedBy, at: formatDate(v.publishedAt, ctx.lng), revision: v.sourceRevision })}
  <a href="${base}/versions/${v.version}">${t('publish:versionList.view')}</a>
  ${v.version > 1 ? html`<a href="${base}/diff?from=${v.version - 1}&amp;to=${v.version}">${t('publish:versionList.diff')}</a>` : ''}</li>`,
      )}</ol>`,
    });
  };
}

function getVersion(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params } = validated(req, { params: VersionParams });
    const version = await publish.version(params.slug, params.locale, params.version);
    if (wantsJson(req)) return void res.json(version);
    const ctx = pageContext(req, res);
    sendPage(req, res, {
      title: `${version.title} · ${ctx.t('publish:versionList.version', { version: version.version })}`,
      body: html`<p>${ctx.t('publish:versionList.meta', { by: version.publishedBy, at: formatDate(version.publishedAt, ctx.lng), revision: version.sourceRevision })}</p>
<pre class="version-document" lang="${version.locale}">${version.document}</pre>`,
    });
  };
}

function getDiff(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params, query } = validated(req, { params: LocaleParams, query: DiffQuery });
    const diff = await publish.diff(params.slug, params.locale, query.from, query.to);
    if (wantsJson(req)) return void res.json(diff);
    const ctx = pageContext(req, res);
    sendPage(req, res, {
      title: ctx.t('publish:diff.title', { from: diff.from, to: diff.to }),
      body: html`<pre class="version-diff" lang="${params.locale}">${diff.changes.map((c) =>
        c.added ? html`<ins>${c.value}</ins>` : c.removed ? html`<del>${c.value}</del>` : html`<span>${c.value}</span>`,
      )}</pre>`,
    });
  };
}

/** The editor's side of publishing: status per locale, publish and unpublish buttons, versions and diffs. */
export const publishRoutes = {
  path: '/publish',
  router: (deps) => {
    const router = express.Router();
    router.get('/:slug', requireRole('article.view'), getPublishOverview(deps));
    router.post('/:slug/:locale', requireRole('article.publish'), postPublish(deps));
    router.post('/:slug/:locale/unpublish', requireRole('article.publish'), postUnpublish(deps));
    router.get('/:slug/:locale/versions', requireRole('article.view'), getVersionList(deps));
    router.get('/:slug/:locale/versions/:version', requireRole('article.view'), getVersion(deps));
    router.get('/:slug/:locale/diff', requireRole('article.view'), getDiff(deps));
    return router;
  },
} satisfies RouteModule;
