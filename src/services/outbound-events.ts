import type { Locale } from '../core/locale.ts';
import type { ArticleRecord } from '../core/model.ts';
import { liveSegments, publishBlockers } from '../core/publication.ts';
import { nowIso, type ImportResult, type ServiceDeps } from './types.ts';

/**
 * The events outside systems hear about besides publish and unpublish (those are the publish service's): what an
 * import and a review write announce through `deps.notifier`. Each is sent from the one write that causes it, after the
 * store accepted that write.
 */

/** The target locales among `locales` in which every live segment of `record` is approved (none for an empty article). */
export function readyLocales(record: ArticleRecord | null, locales: readonly Locale[]): Set<Locale> {
  if (!record || liveSegments(record).length === 0) return new Set();
  return new Set(locales.filter((locale) => publishBlockers(record, locale).length === 0));
}

/**
 * After an import stored a new article or source revision: `article-imported`, then `outdated` for each locale readers
 * see a version of built from an older source revision. Nothing for an unchanged import. Rejects only when the
 * publications cannot be read.
 */
export async function announceImport(deps: ServiceDeps, result: ImportResult, record: ArticleRecord, by: string): Promise<void> {
  const { notifier } = deps;
  if (!notifier || result.status === 'unchanged') return;
  const at = nowIso(deps);
  const title = record.article.frontMatter.title;
  notifier.notify({
    event: 'article-imported',
    slug: result.slug,
    status: result.status,
    sourceRevision: result.sourceRevision,
    title: typeof title === 'string' ? title : '',
    counts: result.counts,
    by,
    at,
  });
  if (result.status !== 'updated' || !deps.publications) return;
  for (const publication of await deps.publications.forArticle(result.slug)) {
    // The original itself (a manual source release) always shows the current source: it cannot be behind.
    if (!publication.live || publication.locale === record.article.sourceLocale) continue;
    if (publication.sourceRevision >= result.sourceRevision) continue;
    notifier.notify({
      event: 'outdated',
      slug: result.slug,
      locale: publication.locale,
      version: publication.latestVersion,
      publishedSourceRevision: publication.sourceRevision,
      sourceRevision: result.sourceRevision,
      by,
      at,
    });
  }
}

/** After a review write: `locale-ready` for each locale in `after` that was not ready `before` (see readyLocales). */
export function announceReady(
  deps: ServiceDeps,
  before: ReadonlySet<Locale>,
  stored: ArticleRecord,
  locales: readonly Locale[],
  by: string,
): void {
  const { notifier } = deps;
  if (!notifier) return;
  const after = readyLocales(stored, locales);
  const segments = liveSegments(stored).length;
  for (const locale of locales) {
    if (before.has(locale) || !after.has(locale)) continue;
    notifier.notify({
      event: 'locale-ready',
      slug: stored.article.slug,
      locale,
      sourceRevision: stored.article.sourceRevision,
      segments,
      by,
      at: nowIso(deps),
    });
  }
}
