import { Feed } from 'feed';
import type { ReaderListItem } from '../../services/reader.ts';
import { articlePath, feedPath, languageName, listPath, type ReaderContext } from './views.ts';

// XML 1.0 refuses most control characters even when escaped; strip them so one bad title cannot break the feed.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xmlText(text: string): string {
  return text.replace(XML_INVALID, '');
}

/** A front-matter day (`2026-10-05`) is midnight UTC; an unreadable time becomes the epoch rather than breaking the feed. */
function instant(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

/**
 * RSS 2.0 (written by the `feed` library) of the articles readable in one locale, newest first; `pubDate` is when each
 * became readable there, `lastBuildDate` the newest of them. Every URL starts with the configured public URL.
 */
export function rssFeed(ctx: ReaderContext, items: readonly ReaderListItem[]): string {
  const { t, locale, publicUrl } = ctx;
  const language = languageName(locale, locale);
  const newest = items.reduce<string | undefined>((max, item) => (!max || item.publishedAt > max ? item.publishedAt : max), undefined);
  const home = `${publicUrl}${listPath(locale)}`;
  const feed = new Feed({
    id: home,
    link: home,
    title: xmlText(t('reader:feed.title', { language })),
    description: xmlText(t('reader:feed.description', { language })),
    language: locale,
    copyright: '',
    generator: 'Tandem',
    feedLinks: { rss: `${publicUrl}${feedPath(locale)}` },
    ...(newest ? { updated: instant(newest) } : {}),
  });
  for (const item of items) {
    const url = `${publicUrl}${articlePath(locale, item.slug)}`;
    feed.addItem({
      id: url,
      link: url,
      title: xmlText(item.title),
      date: instant(item.publishedAt),
      ...(item.description ? { description: xmlText(item.description) } : {}),
    });
  }
  return feed.rss2();
}
