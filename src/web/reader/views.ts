import type { TFunction } from 'i18next';
import type { Locale } from '../../core/locale.ts';
import type { ReaderAlternate, ReaderArticle, ReaderListItem, ReaderUnavailable } from '../../services/reader.ts';
import { html, type HtmlValue, type SafeHtml } from '../html.ts';
import { renderMarkdown } from '../render-markdown.ts';
import { dateTimeFormat, languageName } from '../intl-cache.ts';

/** What every reader page knows: its language, the strings in it, the configured public URL for absolute links. */
export interface ReaderContext {
  readonly locale: Locale;
  readonly t: TFunction;
  /** `https://news.example.org` or `https://example.org/news`: from configuration, never the request; no trailing slash. */
  readonly publicUrl: string;
  /** The site's languages, source first. */
  readonly locales: readonly Locale[];
}

export const articlePath = (locale: Locale, slug: string) => `/${locale}/articles/${slug}`;
export const listPath = (locale: Locale) => `/${locale}/`;
export const feedPath = (locale: Locale) => `/${locale}/feed.xml`;
/**
 * A language switch goes through `?lng=`, which remembers the choice in the language cookie and redirects to the clean
 * address: the same article in `locale` (its "not yet translated" page when there is none), or the list.
 */
export const switchPath = (locale: Locale, slug?: string) =>
  `${slug === undefined ? listPath(locale) : articlePath(locale, slug)}?lng=${encodeURIComponent(locale)}`;

export { languageName };

/** A date (`2026-09-14` or a full ISO time) the way the locale writes it, e.g. "September 14, 2026", "2026년 9월 14일". */
export function formatDate(value: string | undefined, locale: Locale): string {
  if (!value) return '';
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return dateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

interface ReaderPage {
  readonly title: string;
  readonly body: HtmlValue;
  readonly head?: HtmlValue;
  /** Shown above the site header (the editor's preview says it is not published). */
  readonly banner?: HtmlValue;
  /** The article the page is about: the header's languages then lead to it, not to the lists. */
  readonly slug?: string;
}

export function readerLayout(ctx: ReaderContext, page: ReaderPage): SafeHtml {
  const { t, locale } = ctx;
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${t('reader:site.name')}</title>
<link rel="stylesheet" href="/reader-assets/reader.css">
<link rel="alternate" type="application/rss+xml" title="${t('reader:feed.title', { language: languageName(locale, locale) })}" href="${feedPath(locale)}">
${page.head ?? ''}
</head>
<body class="reader">
<a class="skip-link" href="#main">${t('reader:site.skipToContent')}</a>
${page.banner ?? ''}
<header class="site-header">
  <a class="site-name" href="${listPath(locale)}">${t('reader:site.name')}</a>
  <span class="site-tagline">${t('reader:site.tagline')}</span>
  <nav class="site-languages" aria-label="${t('reader:nav.languages')}"><ul>${ctx.locales.map(
    (l) =>
      html`<li><a href="${switchPath(l, page.slug)}" hreflang="${l}" lang="${l}"${l === locale ? html` aria-current="true"` : ''}>${languageName(l, l)}</a></li>`,
  )}</ul></nav>
</header>
<main id="main" tabindex="-1">
${page.body}
</main>
<footer class="site-footer"><a href="${feedPath(locale)}">${t('reader:nav.feed')}</a></footer>
</body>
</html>`;
}

export function listView(ctx: ReaderContext, items: readonly ReaderListItem[], sourceLocale: Locale): SafeHtml {
  const { t, locale } = ctx;
  const head = html`<link rel="canonical" href="${ctx.publicUrl}${listPath(locale)}">`;
  const body = html`<h1>${t('reader:list.title')}</h1>
${
  items.length === 0
    ? html`<p class="empty">${t('reader:list.empty')}</p>
<p><a href="${listPath(sourceLocale)}" hreflang="${sourceLocale}">${t('reader:list.readOriginal')}</a></p>`
    : html`<ol class="article-list">${items.map(
        (item) => html`<li class="article-item">
  <a class="article-link" href="${articlePath(locale, item.slug)}">${item.title}</a>
  ${item.date ? html`<time datetime="${item.date}">${formatDate(item.date, locale)}</time>` : ''}
  ${item.description ? html`<p class="article-description">${item.description}</p>` : ''}
</li>`,
      )}</ol>`
}`;
  return readerLayout(ctx, { title: t('reader:list.title'), head, body });
}

function switcher(ctx: ReaderContext, slug: string, alternates: readonly ReaderAlternate[]): SafeHtml {
  const { t, locale } = ctx;
  return html`<nav class="language-switcher" aria-label="${t('reader:switcher.label')}">
  <span class="switcher-label">${t('reader:switcher.label')}</span>
  <ul>${alternates.map(
    (a) =>
      html`<li>${
        a.locale === locale
          ? html`<span aria-current="true" lang="${a.locale}">${languageName(a.locale, a.locale)}</span>`
          : html`<a href="${switchPath(a.locale, slug)}" hreflang="${a.locale}" lang="${a.locale}" data-locale="${a.locale}">${languageName(a.locale, a.locale)}</a>`
      }${a.isOriginal ? html` <small>(${t('reader:switcher.original')})</small>` : ''}</li>`,
  )}</ul>
</nav>`;
}

function alternateLinks(ctx: ReaderContext, slug: string, alternates: readonly ReaderAlternate[]): SafeHtml {
  const original = alternates.find((a) => a.isOriginal);
  return html`${alternates.map(
    (a) => html`<link rel="alternate" hreflang="${a.locale}" href="${ctx.publicUrl}${articlePath(a.locale, slug)}">
`,
  )}${original ? html`<link rel="alternate" hreflang="x-default" href="${ctx.publicUrl}${articlePath(original.locale, slug)}">` : ''}`;
}

/**
 * An article page. With `preview` (the editor's banner) the page is marked as not published and kept out of search
 * engines; otherwise it is exactly the page readers get.
 */
export function articleView(ctx: ReaderContext, article: ReaderArticle, preview?: HtmlValue): SafeHtml {
  const { t, locale } = ctx;
  const sourceName = languageName(article.sourceLocale, locale);
  const head = html`<link rel="canonical" href="${ctx.publicUrl}${articlePath(locale, article.slug)}">
${alternateLinks(ctx, article.slug, article.alternates)}
${article.description ? html`<meta name="description" content="${article.description}">` : ''}
${preview ? html`<meta name="robots" content="noindex">` : ''}`;
  const disclosure = article.isTranslation
    ? html`<p class="translation-disclosure">${t(article.machineAssisted ? 'reader:disclosure.machine' : 'reader:disclosure.human', {
        language: sourceName,
        date: formatDate(article.publishedAt, locale),
      })}</p>`
    : '';
  const outdated = article.outdated
    ? html`<aside class="outdated-notice" role="note"><p>${t('reader:outdated.notice')}</p>
<p><a href="${articlePath(article.sourceLocale, article.slug)}" hreflang="${article.sourceLocale}">${t('reader:outdated.link', { language: sourceName })}</a></p></aside>`
    : '';
  const body = html`<article class="article">
<header class="article-header">
  <h1>${article.title}</h1>
  ${article.description ? html`<p class="article-subtitle">${article.description}</p>` : ''}
  <p class="article-meta">${article.author ? html`<span class="article-author">${t('reader:article.by', { author: article.author })}</span>` : ''}
  ${article.date ? html`<time datetime="${article.date}">${t('reader:article.date', { date: formatDate(article.date, locale) })}</time>` : ''}</p>
  ${switcher(ctx, article.slug, article.alternates)}
  ${outdated}
  ${disclosure}
</header>
<div class="article-body">
${renderMarkdown(article.body)}
</div>
${article.tags.length > 0 ? html`<footer class="article-tags"><span>${t('reader:article.tags')}</span> <ul>${article.tags.map((tag) => html`<li>${tag}</li>`)}</ul></footer>` : ''}
</article>`;
  return readerLayout(ctx, { title: article.title, head, body, slug: article.slug, ...(preview ? { banner: preview } : {}) });
}

export function unavailableView(ctx: ReaderContext, page: ReaderUnavailable): SafeHtml {
  const { t, locale } = ctx;
  const title = t('reader:unavailable.title', { language: languageName(locale, locale) });
  const head = html`<meta name="robots" content="noindex">`;
  const body = html`<section class="unavailable">
<h1>${title}</h1>
<p>${t('reader:unavailable.body')}</p>
<ul class="available-languages">${page.alternates.map(
    (a) =>
      html`<li><a href="${switchPath(a.locale, page.slug)}" hreflang="${a.locale}" data-locale="${a.locale}"><span lang="${a.locale}">${a.title}</span></a> — ${
        a.isOriginal ? t('reader:unavailable.original', { language: languageName(a.locale, locale) }) : languageName(a.locale, locale)
      }</li>`,
  )}</ul>
</section>`;
  return readerLayout(ctx, { title, head, body, slug: page.slug });
}

export function notFoundView(ctx: ReaderContext): SafeHtml {
  const { t, locale } = ctx;
  const body = html`<section class="not-found"><h1>${t('reader:notFound.title')}</h1><p>${t('reader:notFound.body')}</p>
<p><a href="${listPath(locale)}">${t('reader:notFound.back')}</a></p></section>`;
  return readerLayout(ctx, { title: t('reader:notFound.title'), head: html`<meta name="robots" content="noindex">`, body });
}
