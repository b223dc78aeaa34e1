import type { MtArticleProgress, MtStatus } from './mt/index.ts';
import type { PublicationStatus } from './publish-types.ts';
import type { ArticleStatus } from './status.ts';
import type { StatusPageQuery, StatusTotals } from './status-page.ts';
import type { Tandem } from './tandem.ts';

/** What `tandem status` shows of one article: its counts, its publications and what the MT queue holds for it. */
export interface StatusRow extends ArticleStatus {
  readonly publications: readonly PublicationStatus[];
  /** Per target locale, what the MT queue holds for the article (locales with nothing waiting or failed are absent). */
  readonly machineTranslation: readonly MtArticleProgress[];
}

/** `tandem status` without a slug: the archive's totals, one page of articles and the machine-translation state. */
export interface StatusListing {
  /** Articles in the archive. */
  readonly total: number;
  readonly totals: StatusTotals;
  /** The page's articles, newest first. */
  readonly articles: readonly StatusRow[];
  /** Opaque cursor of the next page (`--cursor`); null on the last one. */
  readonly next: string | null;
  readonly machineTranslation: MtStatus;
}

/** The services a status report reads: an open data directory, or the same answered by a running server. */
export type StatusSource = Pick<Tandem, 'articles' | 'mt' | 'publish'>;

/**
 * One page of `tandem status` (see `statusPage` for the query and its ValidationErrors): publications and MT progress
 * are read for the page's articles only.
 */
export async function statusListing(source: StatusSource, query: StatusPageQuery = {}): Promise<StatusListing> {
  const page = await source.articles.statusPage(query);
  const rows = await withDetails(source, page.rows, {});
  return { total: page.total, totals: page.totals, articles: rows, next: page.next, machineTranslation: await source.mt.status() };
}

/** `tandem status <slug>`: one article's row. ValidationError for a malformed slug, NotFoundError when absent. */
export async function articleStatusRow(source: StatusSource, slug: string): Promise<StatusRow> {
  const status = await source.articles.status(slug);
  const [row] = await withDetails(source, [status], { slug: status.slug });
  return row!;
}

async function withDetails(
  source: StatusSource,
  statuses: readonly ArticleStatus[],
  filter: { readonly slug?: string },
): Promise<StatusRow[]> {
  if (statuses.length === 0) return [];
  const progress = await source.mt.articleProgress(filter);
  const rows: StatusRow[] = [];
  for (const status of statuses) {
    rows.push({
      ...status,
      publications: await source.publish.publicationStatus(status.slug),
      machineTranslation: progress.filter((p) => p.slug === status.slug),
    });
  }
  return rows;
}
