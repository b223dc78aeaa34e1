import { embargoBadge } from '../embargo.ts';
import type { ArticleListPage, ArticleListQuery } from '../../../services/article-list.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { csrfField, fileLimit, uploadAction } from '../forms.ts';
import { LIMITS } from '../../../core/limits.ts';
import { mtBannerView, mtProgressView, type MtProgressView } from '../mt-progress.ts';
import { articleFilters, articlePager } from './list-controls.ts';
import { effortChart, localeName, progressBar, when, type EffortBar } from '../review/parts.ts';

export interface ImportFormValues {
  readonly content?: string;
  readonly format?: string;
  readonly slug?: string;
}

export interface ArticlesView {
  /** The page of the list shown, and the query that chose it. */
  readonly list: ArticleListPage;
  readonly query: ArticleListQuery;
  readonly targetLocales: readonly string[];
  readonly sourceLocale: string;
  /** The viewer's own locales: an article's title links to its review page in the first of them that is a target. */
  readonly viewerLocales?: readonly string[];
  readonly effort: readonly EffortBar[];
  readonly canImport: boolean;
  /** Link each article to its publishing overview (when the installation publishes). */
  readonly publishing: boolean;
  /** Null when the user may not queue machine translation or the installation has no MT service. */
  readonly mt: { readonly state: string; readonly message: string } | null;
  /** Machine translation progress per article and locale (src/web/views/mt-progress.ts); null hides it. */
  readonly mtProgress?: MtProgressView | null;
  readonly notice?: string;
  readonly error?: { readonly message: string; readonly detail?: string };
  /** What the import form showed when it was sent, so a refused paste is not lost. */
  readonly form?: ImportFormValues;
}

const FORMATS = ['markdown', 'html', 'text'] as const;

function importForm(ctx: PageContext, values: ImportFormValues): SafeHtml {
  return html`<section class="import" aria-labelledby="import-title">
    <h2 id="import-title">${ctx.t('review:import.title')}</h2>
    <p class="hint">${ctx.t('review:import.explain')}</p>
    <!-- The file input comes last: browsers send fields in order, so a file refused for its size keeps the rest. -->
    <form method="post" action="${uploadAction(ctx, '/articles/import')}" enctype="multipart/form-data" class="import-form">
      <p><label for="import-content">${ctx.t('review:import.paste')}</label>
        <textarea id="import-content" name="content" rows="8" lang="${'ko'}">${values.content ?? ''}</textarea></p>
      <p class="inline-fields">
        <span><label for="import-format">${ctx.t('review:import.format')}</label>
          <select id="import-format" name="format">${FORMATS.map(
            (f) =>
              html`<option value="${f}"${(values.format ?? 'markdown') === f ? html` selected` : ''}>${ctx.t(`review:import.formats.${f}`)}</option>`,
          )}</select></span>
        <span><label for="import-slug">${ctx.t('review:import.slug')}</label>
          <input id="import-slug" name="slug" value="${values.slug ?? ''}" maxlength="120" pattern="[a-z0-9]+(-[a-z0-9]+)*" autocapitalize="none" spellcheck="false"></span>
      </p>
      <p class="hint">${ctx.t('review:import.slugHint')}</p>
      <p><label for="import-file">${ctx.t('review:import.file')}</label>
        <input id="import-file" type="file" name="file" accept=".md,.markdown,.html,.htm,.txt,text/markdown,text/html,text/plain"${fileLimit(ctx, LIMITS.importBytes)}></p>
      <p><button type="submit" class="primary">${ctx.t('review:import.submit')}</button></p>
    </form>
  </section>`;
}

function mtForm(ctx: PageContext, action: string, locale: string, label: string): SafeHtml {
  return html`<form method="post" action="${action}" class="mt-form">${csrfField(ctx)}<input type="hidden" name="locale" value="${locale}">
    <button type="submit" class="small">${label}</button></form>`;
}

/** The rows of the current page with per-locale progress and links to review. */
function articleTable(ctx: PageContext, view: ArticlesView, mtOn: boolean): SafeHtml {
  const titleLocale = view.targetLocales.find((l) => view.viewerLocales?.includes(l)) ?? view.targetLocales[0] ?? view.sourceLocale;
  return html`<table class="articles">
      <caption class="visually-hidden">${ctx.t('review:articles.title')}</caption>
      <thead><tr><th scope="col">${ctx.t('review:articles.article')}</th><th scope="col">${ctx.t('review:articles.updated')}</th>${view.targetLocales.map(
        (l) => html`<th scope="col">${localeName(ctx, l)}</th>`,
      )}</tr></thead>
      <tbody>${view.list.rows.map((a) => {
        const slug = encodeURIComponent(a.slug);
        return html`<tr>
          <th scope="row"><a href="/review/${slug}/${encodeURIComponent(titleLocale)}" lang="${a.sourceLocale}">${a.title}</a><br><span class="hint">${a.slug} · ${ctx.t('review:articles.segments', { count: a.segmentCount, revision: a.sourceRevision })}</span> ${embargoBadge(ctx, a.embargo)}${view.publishing ? html` · <a href="/publish/${slug}">${ctx.t('review:articles.publish')}</a>` : ''}</th>
          <td>${when(ctx, a.updatedAt)}</td>
          ${view.targetLocales.map((l) => {
            const p = a.locales.find((x) => x.locale === l);
            if (!p) return html`<td></td>`;
            const waiting = p.counts.untranslated + p.counts.stale;
            return html`<td class="locale-cell">
              ${progressBar(ctx, p.counts.approved, p.total)}
              <a href="/review/${slug}/${encodeURIComponent(l)}" class="review-link">${ctx.t('review:articles.open')}<span class="visually-hidden"> ${ctx.t('review:articles.reviewIn', { title: a.title, locale: localeName(ctx, l) })}</span></a>
              <span class="mini-counts">${(['untranslated', 'draft', 'stale', 'submitted'] as const)
                .filter((s) => p.counts[s] > 0)
                .map(
                  (s) =>
                    html`<span class="state state-${s}" title="${ctx.t(`review:states.${s}`)}">${ctx.t(`review:states.${s}`)} ${p.counts[s]}</span> `,
                )}</span>
              ${mtOn && waiting > 0 ? mtForm(ctx, `/articles/${slug}/mt`, l, ctx.t('review:mt.one')) : ''}
            </td>`;
          })}
        </tr>`;
      })}</tbody></table>`;
}

/** Every article with per-locale progress, links to review, machine translation per locale, and the import form. */
export function articlesView(ctx: PageContext, view: ArticlesView): SafeHtml {
  const mtOn = view.mt !== null && view.mt.state !== 'off';
  return html`<link rel="stylesheet" href="/assets/review.css">
  ${view.notice ? html`<p class="message notice" role="status">${view.notice}</p>` : ''}
  ${
    view.error
      ? html`<div class="message error" role="alert"><p>${view.error.message}</p>${view.error.detail ? html`<p>${view.error.detail}</p>` : ''}</div>`
      : ''
  }
  ${mtBannerView(ctx, view.mt, { page: 'articles' })}
  ${
    mtOn
      ? html`<div class="mt-all">${view.targetLocales.map((l) => mtForm(ctx, '/articles/mt', l, ctx.t('review:mt.all', { locale: localeName(ctx, l) })))}</div>`
      : ''
  }
  ${
    view.list.total === 0 && Object.values(view.query).every((v) => v === undefined)
      ? html`<p class="message">${ctx.t('review:articles.empty')}</p>`
      : html`${articleFilters(ctx, view.query, view.list, view.targetLocales)}${
          view.list.rows.length === 0 ? html`<p class="message">${ctx.t('review:articles.noMatch')}</p>` : articleTable(ctx, view, mtOn)
        }${articlePager(ctx, view.query, view.list)}`
  }

  ${mtProgressView(ctx, view.mtProgress)}
  ${effortChart(ctx, view.effort)}
  ${view.canImport ? importForm(ctx, view.form ?? {}) : ''}
  <script src="/assets/live.js" defer></script>`;
}
