import type { Locale } from '../core/locale.ts';
import type { ArticleRecord, ArticleSummary } from '../core/model.ts';
import type { ArticleStore } from '../core/ports/article-store.ts';
import { postEditEffort } from '../core/post-edit.ts';

/** An average effort (0–100, character based, see core/post-edit.ts) over `count` approved machine drafts. */
export interface EffortAverage {
  readonly count: number;
  /** Rounded to one decimal; null when count is 0. */
  readonly average: number | null;
}

export interface SegmentEffort {
  readonly segmentId: string;
  readonly locale: Locale;
  readonly effort: number;
}

export interface ArticleEffort {
  readonly slug: string;
  readonly byLocale: Readonly<Record<Locale, EffortAverage>>;
  readonly segments: readonly SegmentEffort[];
}

export interface EffortSummary {
  readonly byLocale: Readonly<Record<Locale, EffortAverage>>;
  readonly articles: readonly ArticleEffort[];
}

function average(values: readonly number[]): EffortAverage {
  if (values.length === 0) return { count: 0, average: null };
  return { count: values.length, average: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 };
}

function byLocale(segments: readonly SegmentEffort[]): Record<Locale, EffortAverage> {
  const groups = new Map<Locale, number[]>();
  for (const s of segments) groups.set(s.locale, [...(groups.get(s.locale) ?? []), s.effort]);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([locale, values]) => [locale, average(values)]));
}

/**
 * Effort for every approved translation of an article that started as a machine draft. Computed from what the record
 * keeps (`machineDraft` as it first arrived, `approvedText`), so it can never disagree with the stored texts.
 */
export function articleEffort(record: ArticleRecord): ArticleEffort {
  const live = new Set(record.segments.filter((s) => !s.removedAt).map((s) => s.id));
  const segments: SegmentEffort[] = [];
  for (const t of record.translations) {
    const approved = t.approvedText ?? (t.state === 'approved' ? t.text : undefined);
    if (t.machineDraft === null || approved === undefined || !live.has(t.segmentId)) continue;
    segments.push({ segmentId: t.segmentId, locale: t.locale, effort: postEditEffort(t.machineDraft, approved) });
  }
  return { slug: record.article.slug, byLocale: byLocale(segments), segments };
}

/** Per-article and per-locale averages over the whole archive (reads every article; for reports, not the hot path). */
export async function effortSummary(store: ArticleStore, options: { readonly locale?: Locale } = {}): Promise<EffortSummary> {
  const articles: ArticleEffort[] = [];
  for (const summary of await store.list()) {
    const record = await store.get(summary.slug);
    if (!record) continue;
    const effort = articleEffort(record);
    const segments = options.locale ? effort.segments.filter((s) => s.locale === options.locale) : effort.segments;
    if (segments.length) articles.push({ slug: effort.slug, byLocale: byLocale(segments), segments });
  }
  return { byLocale: byLocale(articles.flatMap((a) => a.segments)), articles };
}

/** Per-locale averages over the given summaries (what the store's index keeps): the archive's chart without reading it. */
export function effortByLocale(summaries: readonly ArticleSummary[]): Record<Locale, EffortAverage> {
  const totals = new Map<Locale, { count: number; sum: number }>();
  for (const summary of summaries) {
    for (const l of summary.locales) {
      if (l.effort.count === 0) continue;
      const t = totals.get(l.locale) ?? { count: 0, sum: 0 };
      t.count += l.effort.count;
      t.sum += l.effort.sum;
      totals.set(l.locale, t);
    }
  }
  return effortOfTotals(totals);
}

/** Per-locale averages from totals (how many approved machine drafts and the sum of their effort), locales sorted. */
export function effortOfTotals(
  totals: ReadonlyMap<Locale, { readonly count: number; readonly sum: number }>,
): Record<Locale, EffortAverage> {
  return Object.fromEntries(
    [...totals]
      .filter(([, t]) => t.count > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([locale, t]) => [locale, { count: t.count, average: Math.round((t.sum / t.count) * 10) / 10 }]),
  );
}
