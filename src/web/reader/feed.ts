import type { ReaderListItem } from '../../services/reader.ts';
import { escapeHtml } from '../html.ts';
import { articlePath, feedPath, listPath, type ReaderContext, languageName } from './views.ts';

// XML 1.0 refuses most control characters even when escaped; strip them so one bad title cannot break the feed.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xml(text: string): string {
  return escapeHtml(text.replace(XML_INVALID, ''));
}

function rfc822(value: string): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? new Date(0).toUTCString() : date.toUTCString();
}

/** RSS 2.0 of the articles readable in one locale, newest first; `pubDate` is when each became readable there. */
export function rssFeed(ctx: ReaderContext, items: readonly ReaderListItem[]): string {
  const { t, locale, publicUrl } = ctx;
  const language = languageName(locale, locale);
  const newest = items.reduce<string | undefined>((max, item) => (!max || item.publishedAt > max ? item.publishedAt : max), undefined);
  const entries = items.map((item) => {
    const url = `${publicUrl}${articlePath(locale, item.slug)}`;
    return `    <item>
      <title>${xml(item.title)}</title>
      <link>${xml(url)}</link>
      <guid isPermaLink="true">${xml(url)}</guid>
      <pubDate>${rfc822(item.publishedAt)}</pubDate>${item.description ? `\n      <description>${xml(item.description)}</description>` : ''}
    </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(t('reader:feed.title', { language }))}</title>
    <link>${xml(`${publicUrl}${listPath(locale)}`)}</link>
    <description>${xml(t('reader:feed.description', { language }))}</description>
    <language>${xml(locale)}</language>
    <atom:link href="${xml(`${publicUrl}${feedPath(locale)}`)}" rel="self" type="application/rss+xml"/>${newest ? `\n    <lastBuildDate>${rfc822(newest)}</lastBuildDate>` : ''}
${entries.join('\n')}
  </channel>
</rss>
`;
}
