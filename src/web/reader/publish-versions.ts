import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { requireService } from '../guards.ts';
import { html } from '../html.ts';
import { pageContext, sendPage } from '../render.ts';
import { validated } from '../validate.ts';
import { diffRowsView } from '../views/publish/diff.ts';
import { publishBase } from '../views/publish/overview.ts';
import { LocaleParams, VersionParams, wantsJson } from './publish-params.ts';
import { formatDate } from './views.ts';

const DiffQuery = z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() });
const STYLESHEET = html`<link rel="stylesheet" href="/assets/publish.css">`;

export function getVersionList(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params } = validated(req, { params: LocaleParams });
    const versions = await publish.versions(params.slug, params.locale);
    if (wantsJson(req)) return void res.json({ versions });
    const ctx = pageContext(req, res);
    const { t } = ctx;
    const base = publishBase(params.slug, params.locale);
    const title = versions.at(-1)?.title ?? params.slug;
    sendPage(req, res, {
      title: t('publish:versionList.title', { title, locale: params.locale }),
      body: html`${STYLESHEET}<ol class="version-list" reversed>${[...versions].reverse().map(
        (v) => html`<li><strong>${t('publish:versionList.version', { version: v.version })}</strong>
  ${t('publish:versionList.meta', { by: v.publishedBy, at: formatDate(v.publishedAt, ctx.lng), revision: v.sourceRevision })}
  <a href="${base}/versions/${v.version}">${t('publish:versionList.view')}</a>
  ${v.version > 1 ? html`<a href="${base}/diff?from=${v.version - 1}&amp;to=${v.version}">${t('publish:versionList.diff')}</a>` : ''}</li>`,
      )}</ol>`,
    });
  };
}

export function getVersion(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params } = validated(req, { params: VersionParams });
    const version = await publish.version(params.slug, params.locale, params.version);
    if (wantsJson(req)) return void res.json(version);
    const ctx = pageContext(req, res);
    sendPage(req, res, {
      title: `${version.title} · ${ctx.t('publish:versionList.version', { version: version.version })}`,
      body: html`${STYLESHEET}<p>${ctx.t('publish:versionList.meta', { by: version.publishedBy, at: formatDate(version.publishedAt, ctx.lng), revision: version.sourceRevision })}</p>
<pre class="version-document" lang="${version.locale}">${version.document}</pre>`,
    });
  };
}

/** Two versions side by side, word by word (JSON: the unified patch, the line changes and the aligned rows). */
export function getDiff(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const { params, query } = validated(req, { params: LocaleParams, query: DiffQuery });
    const diff = await publish.diff(params.slug, params.locale, query.from, query.to);
    if (wantsJson(req)) return void res.json(diff);
    const ctx = pageContext(req, res);
    sendPage(req, res, {
      title: ctx.t('publish:diff.title', { from: diff.from, to: diff.to }),
      body: html`${STYLESHEET}${diffRowsView(ctx, diff.rows, { locale: params.locale, before: diff.from, after: diff.to })}
<p><a href="${publishBase(params.slug, params.locale)}/versions">${ctx.t('publish:versions')}</a></p>`,
    });
  };
}
