import type { Locale } from '../core/locale.ts';
import { isQueueState, MACHINE_AUTHORS, type QueueState, titleOf } from '../core/article-summary.ts';
import { checkStatuses, countStatuses } from '../core/check-decisions.ts';
import type { ArticleRecord, SegmentKind, TranslationState } from '../core/model.ts';
import { rejectionKey, rejectionsOf, type Rejection } from '../core/rejections.ts';

export { QUEUE_STATES, type QueueState } from '../core/article-summary.ts';

export const QUEUE_ISSUES = ['errors', 'warnings', 'any'] as const;
export type QueueIssue = (typeof QUEUE_ISSUES)[number];

/** `assignee` value that selects work nobody has touched yet. */
export const UNASSIGNED = '-';

export interface QueueFilter {
  readonly locales?: readonly Locale[];
  readonly states?: readonly QueueState[];
  readonly slug?: string;
  /** A user name (who wrote the current text), or UNASSIGNED for text no person has written. */
  readonly assignee?: string;
  /** Only segments whose last quality checks found errors, warnings, or either. */
  readonly issues?: QueueIssue;
  /** Where the page starts: the `next` of the page before (opaque; see queue-cursor.ts). Absent: the first page. */
  readonly cursor?: string;
  readonly pageSize?: number;
}

/** Whose queue it is: their locales are listed first, and are the only ones shown unless the filter names others. */
export interface QueueViewer {
  readonly locales: readonly Locale[];
}

export interface QueueItem {
  readonly slug: string;
  readonly title: string;
  readonly segmentId: string;
  readonly order: number;
  readonly kind: SegmentKind;
  readonly source: string;
  readonly locale: Locale;
  readonly state: QueueState;
  /** Who the segment waits for. */
  readonly waitsFor: 'translator' | 'reviewer';
  /** The person who wrote the current text; null for untouched and machine or memory text. */
  readonly assignee: string | null;
  /** When it entered its current state or last changed (what "oldest first" sorts by). */
  readonly since: string;
  readonly updatedBy: string | null;
  /** Open error-level check results (not overridden). */
  readonly errors: number;
  /** Open warnings (not dismissed). */
  readonly warnings: number;
  /** Set when a reviewer rejected this draft and it waits for its translator to fix it. */
  readonly rejection: Rejection | null;
}

export interface QueueCounts {
  readonly locale: Locale;
  readonly counts: Readonly<Record<QueueState, number>>;
  readonly total: number;
}

export interface QueuePage {
  readonly items: readonly QueueItem[];
  /** Items matching the whole filter. */
  readonly total: number;
  readonly pageSize: number;
  /** The cursor of the next page; null on the last page. */
  readonly next: string | null;
  /** Whether this is the first page (no cursor was given). */
  readonly first: boolean;
  /** Per locale and state, over the filter without its locale and state parts (the whole picture at a glance). */
  readonly counts: readonly QueueCounts[];
  /** Locales in display order: the viewer's own first. */
  readonly locales: readonly Locale[];
  /** The locales the rows cover: those the filter names, else the viewer's own, else all (in display order). */
  readonly shown: readonly Locale[];
  /** Some articles with matching work (at most ARTICLE_CHOICES, in queue order), offered by the article filter. */
  readonly articles: readonly { readonly slug: string; readonly title: string }[];
  /** People who wrote waiting text, for the assignee filter. */
  readonly assignees: readonly string[];
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** How many articles the article filter offers: it is a search box, never a list of the archive. */
export const ARTICLE_CHOICES = 50;

/**
 * Whether a translation in `state` waits for this person: every queue state waits for translators, `submitted` only
 * for someone who may review in that locale (`mayReview`).
 */
export function needsWork(state: TranslationState, mayReview: boolean): boolean {
  return isQueueState(state) && (state !== 'submitted' || mayReview);
}

/**
 * The next live segment after `fromId`, in reading order and wrapping round, whose translation in `locale` needs work
 * (see `needsWork`); null when no other segment does.
 */
export function nextNeedingWork(record: ArticleRecord, locale: Locale, fromId: string, mayReview: boolean): string | null {
  return nextNeedingWorkAll(record, locale, mayReview).get(fromId) ?? null;
}

/**
 * `nextNeedingWork` for every live segment at once, in one pass: segment id → the next one needing work (null when no
 * other segment does). A review page asks it for each row.
 */
export function nextNeedingWorkAll(record: ArticleRecord, locale: Locale, mayReview: boolean): Map<string, string | null> {
  const segments = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
  const states = new Map(record.translations.filter((t) => t.locale === locale).map((t) => [t.segmentId, t.state]));
  const waiting = segments.map((s) => needsWork(states.get(s.id) ?? 'untranslated', mayReview));
  const next = new Map<string, string | null>();
  // Walking backwards twice round, the last waiting segment seen is the next one after the current, wrapping round.
  let seen: string | null = null;
  for (let k = 2 * segments.length - 1; k >= 0; k--) {
    const i = k % segments.length;
    if (k < segments.length) next.set(segments[i]!.id, seen === segments[i]!.id ? null : seen);
    if (waiting[i]) seen = segments[i]!.id;
  }
  return next;
}

/** Every waiting (segment, locale) pair of one article. */
export function queueItemsOf(record: ArticleRecord, locales: readonly Locale[]): QueueItem[] {
  const title = titleOf(record);
  const rejections = rejectionsOf(record);
  const rows = new Map(record.translations.map((t) => [`${t.segmentId}\u0000${t.locale}`, t]));
  const items: QueueItem[] = [];
  for (const segment of record.segments) {
    if (segment.removedAt) continue;
    for (const locale of locales) {
      const t = rows.get(`${segment.id}\u0000${locale}`);
      const state = t?.state ?? 'untranslated';
      if (!isQueueState(state)) continue;
      const author = t?.textBy ?? null;
      // Dismissed warnings and overridden errors are resolved: the queue counts what still needs someone.
      const open = t ? countStatuses(checkStatuses(t, segment)) : { errors: 0, warnings: 0 };
      items.push({
        slug: record.article.slug,
        title,
        segmentId: segment.id,
        order: segment.order,
        kind: segment.kind,
        source: segment.source,
        locale,
        state,
        waitsFor: state === 'submitted' ? 'reviewer' : 'translator',
        assignee: author && !MACHINE_AUTHORS.has(author) ? author : null,
        since: t?.updatedAt ?? record.article.updatedAt,
        updatedBy: t?.updatedBy ?? null,
        errors: open.errors,
        warnings: open.warnings,
        rejection: state === 'draft' ? (rejections.get(rejectionKey(segment.id, locale)) ?? null) : null,
      });
    }
  }
  return items;
}
