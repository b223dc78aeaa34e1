import type { RequestHandler } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import { PublishRefusedError } from '../../core/publication.ts';
import type { AppDeps } from '../deps.ts';
import { requireService } from '../guards.ts';
import { html } from '../html.ts';
import { pageContext, sendPage } from '../render.ts';
import { blankIsAbsent, validated } from '../validate.ts';
import { blockersView } from '../views/publish/confirm.ts';
import { publishBase } from '../views/publish/overview.ts';
import { actorOf, LocaleParams } from './publish-params.ts';
import { readerConfigOf, readerSite, type ReaderSite } from './reader-context.ts';
import { articleView, languageName } from './views.ts';

const PreviewQuery = z.object({ at: z.preprocess(blankIsAbsent, z.string().trim().max(64).optional()) });

/** The reader site's strings for the preview, built once per app (the reader router builds its own the same way). */
const sites = new WeakMap<AppDeps, ReaderSite>();

function siteOf(deps: AppDeps): ReaderSite {
  let site = sites.get(deps);
  if (!site) sites.set(deps, (site = readerSite(requireService(deps.reader, 'reader'), readerConfigOf(deps))));
  return site;
}

/**
 * The localized article exactly as readers will get it once published (the reader's own page builder and template),
 * under a banner in the editor's language saying it is not published. Never cached, never indexed; editors only.
 */
export function getPreview(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const publish = requireService(deps.publish, 'publish');
    const reader = requireService(deps.reader, 'reader');
    const { params, query } = validated(req, { params: LocaleParams, query: PreviewQuery });
    const ctx = pageContext(req, res);
    const { t } = ctx;
    res.set('Cache-Control', 'no-store').set('X-Robots-Tag', 'noindex, nofollow');
    let prep: Awaited<ReturnType<typeof publish.prepare>>;
    try {
      prep = await publish.prepare({
        slug: params.slug,
        locale: params.locale,
        actor: actorOf(res),
        ...(query.at ? { at: query.at } : {}),
      });
    } catch (error) {
      if (!(error instanceof PublishRefusedError)) throw error;
      const title = t('publish:confirm.blocked', { language: languageName(params.locale, ctx.lng) });
      return sendPage(req, res, { status: 409, title, body: blockersView(ctx, params.slug, error) });
    }
    const article = await reader.preview(prep.version);
    if (!article)
      throw new NotFoundError(`publish: no article "${params.slug}"`, { reason: 'article.not-found', params: { slug: params.slug } });
    const base = publishBase(prep.version.slug, prep.version.locale);
    const confirm = `${base}/confirm${query.at ? `?at=${encodeURIComponent(query.at)}` : ''}`;
    // A landmark of its own (axe: all content inside landmarks), named by its sentence.
    const banner = html`<aside class="preview-banner" aria-labelledby="preview-banner-title" lang="${ctx.lng}" data-preview="not-published">
  <strong id="preview-banner-title">${t('publish:preview.banner', { version: prep.version.version })}</strong>
  <a href="/publish/${prep.version.slug}">${t('publish:preview.back')}</a>
  ${prep.unchanged ? '' : html`<a href="${confirm}">${t('publish:preview.publish')}</a>`}
</aside>`;
    const page = articleView(siteOf(deps).contextFor(prep.version.locale), article, banner);
    res.status(200).type('html').send(page.toString());
  };
}
