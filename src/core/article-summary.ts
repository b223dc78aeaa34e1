import { checkStatuses, countStatuses } from './check-decisions.ts';
import { embargoOf, type Embargo } from './front-matter.ts';
import type { Locale } from './locale.ts';
import type { ArticleRecord, StateCounts, TranslationState } from './model.ts';
import { TRANSLATION_STATES } from './model.ts';
import { postEditEffort } from './post-edit.ts';
import { rejectionKey, rejectionsOf } from './rejections.ts';
import type { Slug } from './slug.ts';

/** States that wait for someone: translators for the first three, reviewers for `submitted`. */
export const QUEUE_STATES = ['untranslated', 'draft', 'stale', 'submitted'] as const satisfies readonly TranslationState[];
export type QueueState = (typeof QUEUE_STATES)[number];

/** Authors that are not people: their drafts belong to nobody yet. */
export const MACHINE_AUTHORS: ReadonlySet<string> = new Set(['machine', 'memory']);

export function isQueueState(state: TranslationState): state is QueueState {
  return (QUEUE_STATES as readonly string[]).includes(state);
}

/**
 * Waiting segments of one locale that share a state, a writer and whether they have open errors and warnings: the
 * queue counts and filters by these without reading the article.
 */
export interface WaitingFacet {
  readonly state: QueueState;
  /** The person who wrote the current text; null for untouched and machine or memory text. */
  readonly assignee: string | null;
  readonly errors: boolean;
  readonly warnings: boolean;
  /** Drafts a reviewer rejected that wait for their translator to fix (core/rejections.ts). */
  readonly rejected: boolean;
  readonly count: number;
  /** The earliest `since` (ISO 8601 UTC) among them: when the translation last changed, else the article. */
  readonly oldest: string;
}

/** One target locale of one article, as stored in the index. */
export interface LocaleSummary {
  readonly locale: Locale;
  /** Live segments by state; a live segment without a row for the locale is untranslated. */
  readonly counts: StateCounts;
  /** Open error-level check results (not overridden) over the live segments. */
  readonly errors: number;
  /** Open warnings (not dismissed) over the live segments. */
  readonly warnings: number;
  /** Post-edit effort (0–100 each) of approved machine drafts: how many and their sum. */
  readonly effort: { readonly count: number; readonly sum: number };
  /** Waiting segments in queue states, grouped; sorted by state, assignee, errors, warnings, rejected. */
  readonly waiting: readonly WaitingFacet[];
  /** When a translation of a live segment in the locale last changed (ISO 8601 UTC); '' when none has. */
  readonly updatedAt: string;
}

/** A cheap listing row, kept in an index so listing, the queue and status never load article files. */
export interface ArticleSummary {
  readonly slug: Slug;
  readonly title: string;
  readonly sourceLocale: Locale;
  readonly sourceRevision: number;
  readonly date?: string;
  /** Front matter `desk`, when it is a string. */
  readonly desk?: string;
  /** Front matter `tags` that are strings, in order. */
  readonly tags?: readonly string[];
  readonly embargo: Embargo;
  /** Live segments. */
  readonly segmentCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Every locale the article has translation rows for, sorted by tag; other locales are wholly untranslated. */
  readonly locales: readonly LocaleSummary[];
}

/** The title readers and editors see: front matter `title`, else the slug. */
export function titleOf(record: ArticleRecord): string {
  const title = record.article.frontMatter.title;
  return typeof title === 'string' ? title : record.article.slug;
}

/** The summary of one article record: a pure function of the record, so an index of them can always be rebuilt. */
export function summarizeArticle(record: ArticleRecord): ArticleSummary {
  const { article } = record;
  const fm = article.frontMatter;
  const live = record.segments.filter((s) => !s.removedAt);
  const rejections = rejectionsOf(record);
  const byLocale = new Map<Locale, Map<string, ArticleRecord['translations'][number]>>();
  for (const t of record.translations) {
    const rows = byLocale.get(t.locale) ?? new Map();
    rows.set(t.segmentId, t);
    byLocale.set(t.locale, rows);
  }
  const locales = [...byLocale.keys()].sort().map((locale): LocaleSummary => {
    const rows = byLocale.get(locale)!;
    const counts = Object.fromEntries(TRANSLATION_STATES.map((s) => [s, 0])) as Record<TranslationState, number>;
    let errors = 0;
    let warnings = 0;
    let effortCount = 0;
    let effortSum = 0;
    let updatedAt = '';
    const facets = new Map<string, { -readonly [K in keyof WaitingFacet]: WaitingFacet[K] }>();
    for (const segment of live) {
      const t = rows.get(segment.id);
      const state = t?.state ?? 'untranslated';
      counts[state]++;
      if (t && t.updatedAt > updatedAt) updatedAt = t.updatedAt;
      const open = t ? countStatuses(checkStatuses(t, segment)) : { errors: 0, warnings: 0 };
      errors += open.errors;
      warnings += open.warnings;
      const approved = t ? (t.approvedText ?? (t.state === 'approved' ? t.text : undefined)) : undefined;
      if (t && t.machineDraft !== null && approved !== undefined) {
        effortCount++;
        effortSum += postEditEffort(t.machineDraft, approved);
      }
      if (!isQueueState(state)) continue;
      const author = t?.textBy ?? null;
      const assignee = author && !MACHINE_AUTHORS.has(author) ? author : null;
      const since = t?.updatedAt ?? article.updatedAt;
      const rejected = state === 'draft' && rejections.has(rejectionKey(segment.id, locale));
      const key = JSON.stringify([state, assignee, open.errors > 0, open.warnings > 0, rejected]);
      const facet = facets.get(key);
      if (facet) {
        facet.count++;
        if (since < facet.oldest) facet.oldest = since;
      } else {
        facets.set(key, { state, assignee, errors: open.errors > 0, warnings: open.warnings > 0, rejected, count: 1, oldest: since });
      }
    }
    const waiting = [...facets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, f]) => f);
    return { locale, counts, errors, warnings, effort: { count: effortCount, sum: effortSum }, waiting, updatedAt };
  });
  const tags = Array.isArray(fm.tags) ? fm.tags.filter((t): t is string => typeof t === 'string') : [];
  return {
    slug: article.slug,
    title: titleOf(record),
    sourceLocale: article.sourceLocale,
    sourceRevision: article.sourceRevision,
    ...(typeof fm.date === 'string' ? { date: fm.date } : {}),
    ...(typeof fm.desk === 'string' && fm.desk.trim() !== '' ? { desk: fm.desk.trim() } : {}),
    ...(tags.length ? { tags } : {}),
    embargo: embargoOf(fm),
    segmentCount: live.length,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    locales,
  };
}

/**
 * The summary of `locale` in `summary`; a locale the article has no rows for is wholly untranslated, waiting since the
 * article last changed.
 */
export function localeSummaryOf(summary: ArticleSummary, locale: Locale): LocaleSummary {
  const found = summary.locales.find((l) => l.locale === locale);
  if (found) return found;
  const counts = Object.fromEntries(TRANSLATION_STATES.map((s) => [s, s === 'untranslated' ? summary.segmentCount : 0])) as StateCounts;
  const waiting: WaitingFacet[] =
    summary.segmentCount > 0
      ? [
          {
            state: 'untranslated',
            assignee: null,
            errors: false,
            warnings: false,
            rejected: false,
            count: summary.segmentCount,
            oldest: summary.updatedAt,
          },
        ]
      : [];
  return { locale, counts, errors: 0, warnings: 0, effort: { count: 0, sum: 0 }, waiting, updatedAt: '' };
}
