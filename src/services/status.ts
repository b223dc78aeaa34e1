import { NotFoundError } from '../core/errors.ts';
import { embargoNoticeAt, type EmbargoNotice } from '../core/front-matter.ts';
import type { Locale } from '../core/locale.ts';
import type { ArticleRecord, StateCounts } from '../core/model.ts';
import { localeProgress, totalProgress } from '../core/progress.ts';
import type { LocaleProgress } from '../core/progress.ts';
import { parseSlug } from '../core/slug.ts';
import type { Slug } from '../core/slug.ts';
import { targetLocales } from './import-article.ts';
import type { ServiceDeps } from './types.ts';

export interface ArticleStatus {
  readonly slug: Slug;
  readonly title: string;
  readonly sourceLocale: Locale;
  readonly sourceRevision: number;
  /** Live segments. */
  readonly segmentCount: number;
  readonly updatedAt: string;
  /** One entry per target locale (plus any other locale the article has rows for), in configuration order. */
  readonly locales: readonly LocaleProgress[];
  /** Counts over every (segment, locale) pair; `progress` is the approved share. */
  readonly total: { readonly counts: StateCounts; readonly total: number; readonly progress: number };
  /** Set while readers may not see the article (draft, publish date ahead, expiry date passed). */
  readonly embargo?: EmbargoNotice;
}

/** Per-locale counts by state for one article. */
export async function articleStatus(deps: ServiceDeps, slug: string): Promise<ArticleStatus> {
  const valid = parseSlug(slug);
  const record = await deps.store.get(valid);
  if (!record) throw new NotFoundError(`status: no article "${valid}"; import it first (tandem import <file>)`);
  return statusOf(record, targetLocales(deps), deps.now?.() ?? new Date());
}

/** Status of every article, in the store's listing order (newest first). */
export async function allStatus(deps: ServiceDeps): Promise<ArticleStatus[]> {
  const locales = targetLocales(deps);
  const rows: ArticleStatus[] = [];
  for (const summary of await deps.store.list()) {
    const record = await deps.store.get(summary.slug);
    // Deleted between listing and reading: nothing to report.
    if (record) rows.push(statusOf(record, locales, deps.now?.() ?? new Date()));
  }
  return rows;
}

/**
 * Per-locale segment counts, progress (0–1) and, when `now` is given and readers may not see the article yet, its
 * embargo; `configured` are the installation's target locales.
 */
export function statusOf(record: ArticleRecord, configured: readonly Locale[], now?: Date): ArticleStatus {
  const { article } = record;
  const embargo = now ? embargoNoticeAt(article.frontMatter, now) : null;
  const locales = [...configured];
  for (const t of record.translations) if (!locales.includes(t.locale)) locales.push(t.locale);
  const perLocale = localeProgress(record, locales);
  return {
    slug: article.slug,
    title: typeof article.frontMatter.title === 'string' ? article.frontMatter.title : article.slug,
    sourceLocale: article.sourceLocale,
    sourceRevision: article.sourceRevision,
    segmentCount: record.segments.filter((s) => !s.removedAt).length,
    updatedAt: article.updatedAt,
    locales: perLocale,
    total: totalProgress(perLocale),
    ...(embargo ? { embargo } : {}),
  };
}
