import { TRANSLATION_STATES } from '../../../core/model.ts';
import { ARTICLE_SORTS, SORT_DIRECTIONS, type ArticleListPage, type ArticleListQuery } from '../../../services/article-list.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { PageContext } from '../../render.ts';
import { localeName } from '../review/parts.ts';

/** The articles URL for `query` at `page` (default values left out). */
export function articlesHref(query: ArticleListQuery, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['locale', 'state', 'desk', 'tag', 'q', 'sort', 'dir'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return `/articles${qs ? `?${qs}` : ''}`;
}

const selected = (on: boolean) => (on ? html` selected` : '');

/** The filter and sort form (a GET form, so every view of the list is a link). */
export function articleFilters(
  ctx: PageContext,
  query: ArticleListQuery,
  list: ArticleListPage,
  targetLocales: readonly string[],
): SafeHtml {
  const any = html`<option value="">${ctx.t('review:articles.any')}</option>`;
  return html`<form method="get" action="/articles" class="article-filters" aria-label="${ctx.t('review:articles.filters')}">
    <p class="inline-fields">
      <span><label for="a-q">${ctx.t('review:articles.search')}</label>
        <input id="a-q" name="q" type="search" value="${query.q ?? ''}" maxlength="200"></span>
      <span><label for="a-locale">${ctx.t('review:articles.locale')}</label>
        <select id="a-locale" name="locale">${any}${targetLocales.map((l) => html`<option value="${l}"${selected(query.locale === l)}>${localeName(ctx, l)}</option>`)}</select></span>
      <span><label for="a-state">${ctx.t('review:articles.state')}</label>
        <select id="a-state" name="state">${any}${TRANSLATION_STATES.map(
          (s) => html`<option value="${s}"${selected(query.state === s)}>${ctx.t(`review:states.${s}`)}</option>`,
        )}</select></span>
      <span><label for="a-desk">${ctx.t('review:articles.desk')}</label>
        <select id="a-desk" name="desk">${any}${list.desks.map((d) => html`<option value="${d}"${selected(query.desk === d)}>${d}</option>`)}</select></span>
      <span><label for="a-tag">${ctx.t('review:articles.tag')}</label>
        <input id="a-tag" name="tag" list="a-tags" value="${query.tag ?? ''}" maxlength="100">
        <datalist id="a-tags">${list.tags.map((t) => html`<option value="${t}"></option>`)}</datalist></span>
      <span><label for="a-sort">${ctx.t('review:articles.sort')}</label>
        <select id="a-sort" name="sort">${ARTICLE_SORTS.map(
          (s) => html`<option value="${s}"${selected(list.sort === s)}>${ctx.t(`review:articles.sorts.${s}`)}</option>`,
        )}</select></span>
      <span><label for="a-dir">${ctx.t('review:articles.dir')}</label>
        <select id="a-dir" name="dir">${SORT_DIRECTIONS.map(
          (d) => html`<option value="${d}"${selected(list.dir === d)}>${ctx.t(`review:articles.dirs.${d}`)}</option>`,
        )}</select></span>
    </p>
    <p><button type="submit" class="primary">${ctx.t('review:articles.apply')}</button> <a href="/articles">${ctx.t('review:articles.reset')}</a></p>
  </form>
  <p class="articles-total" role="status">${ctx.t('review:articles.showing', { count: list.total, page: list.page, pages: list.pages })}</p>`;
}

/** Previous and next links over the pages of the list, keeping filters and sort. */
export function articlePager(ctx: PageContext, query: ArticleListQuery, list: ArticleListPage): SafeHtml | '' {
  if (list.pages <= 1) return '';
  const kept = { ...query, sort: list.sort, dir: list.dir };
  return html`<nav class="pagination" aria-label="${ctx.t('review:articles.pages')}">
    ${list.page > 1 ? html`<a href="${articlesHref(kept, list.page - 1)}" rel="prev">${ctx.t('review:articles.previous')}</a>` : ''}
    <span>${list.page} / ${list.pages}</span>
    ${list.page < list.pages ? html`<a href="${articlesHref(kept, list.page + 1)}" rel="next">${ctx.t('review:articles.next')}</a>` : ''}
  </nav>`;
}
