import type { Locale } from './locale.ts';
import type { ArticleRecord, StateCounts, TranslationState } from './model.ts';
import { TRANSLATION_STATES } from './model.ts';

export interface LocaleProgress {
  readonly locale: Locale;
  readonly counts: StateCounts;
  /** Live segments of the article. */
  readonly total: number;
  /** Approved share of the live segments, 0–1 (1 for an article with no segments). */
  readonly progress: number;
}

export function emptyCounts(): Record<TranslationState, number> {
  return Object.fromEntries(TRANSLATION_STATES.map((s) => [s, 0])) as Record<TranslationState, number>;
}

/**
 * Counts by state of the live segments of one article, per locale. A live segment without a row for a locale
 * counts as untranslated there; removed segments count nowhere.
 */
export function localeProgress(record: ArticleRecord, locales: readonly Locale[]): LocaleProgress[] {
  const live = record.segments.filter((s) => !s.removedAt);
  const stateOf = new Map<string, TranslationState>();
  for (const t of record.translations) stateOf.set(`${t.segmentId}\u0000${t.locale}`, t.state);
  return locales.map((locale) => {
    const counts = emptyCounts();
    for (const s of live) counts[stateOf.get(`${s.id}\u0000${locale}`) ?? 'untranslated']++;
    return { locale, counts, total: live.length, progress: ratio(counts.approved, live.length) };
  });
}

/** Sum of per-locale counts, with the approved share over every (segment, locale) pair. */
export function totalProgress(locales: readonly LocaleProgress[]): {
  readonly counts: StateCounts;
  readonly total: number;
  readonly progress: number;
} {
  const counts = emptyCounts();
  let total = 0;
  for (const l of locales) {
    total += l.total;
    for (const state of TRANSLATION_STATES) counts[state] += l.counts[state];
  }
  return { counts, total, progress: ratio(counts.approved, total) };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}
