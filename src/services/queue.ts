import type { Locale } from '../core/locale.ts';
import type { ArticleRecord, SegmentKind, TranslationState } from '../core/model.ts';
import { checkStatuses, countStatuses } from './checks.ts';
import { targetLocales } from './import-article.ts';
import type { ServiceDeps } from './types.ts';

/** States that wait for someone: translators for the first three, reviewers for `submitted`. */
export const QUEUE_STATES = ['untranslated', 'draft', 'stale', 'submitted'] as const satisfies readonly TranslationState[];
export type QueueState = (typeof QUEUE_STATES)[number];

export const QUEUE_ISSUES = ['errors', 'warnings', 'any'] as const;
export type QueueIssue = (typeof QUEUE_ISSUES)[number];

/** Authors that are not people: their drafts belong to nobody yet. */
const MACHINE_AUTHORS = new Set(['machine', 'memory']);
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
  /** 1-based. */
  readonly page?: number;
  readonly pageSize?: number;
}

/** Whose queue it is: their locales are listed first. */
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
  readonly page: number;
  readonly pageSize: number;
  readonly pages: number;
  /** Per locale and state, over the filter without its locale and state parts (the whole picture at a glance). */
  readonly counts: readonly QueueCounts[];
  /** Locales in display order: the viewer's own first. */
  readonly locales: readonly Locale[];
  /** Articles that have waiting work, for the article filter. */
  readonly articles: readonly { readonly slug: string; readonly title: string }[];
  /** People who wrote waiting text, for the assignee filter. */
  readonly assignees: readonly string[];
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

function isQueueState(state: TranslationState): state is QueueState {
  return (QUEUE_STATES as readonly string[]).includes(state);
}

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
  const segments = record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
  const states = new Map(record.translations.filter((t) => t.locale === locale).map((t) => [t.segmentId, t.state]));
  const start = segments.findIndex((s) => s.id === fromId);
  for (let step = 1; step <= segments.length; step++) {
    const s = segments[(start + step) % segments.length]!;
    if (s.id !== fromId && needsWork(states.get(s.id) ?? 'untranslated', mayReview)) return s.id;
  }
  return null;
}

/** Every waiting (segment, locale) pair of one article. */
export function queueItemsOf(record: ArticleRecord, locales: readonly Locale[]): QueueItem[] {
  const title = typeof record.article.frontMatter.title === 'string' ? record.article.frontMatter.title : record.article.slug;
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
      });
    }
  }
  return items;
}

/**
 * What waits for whom across all articles: untranslated, draft, stale and submitted segments per locale, filtered,
 * the viewer's locales first and then oldest first, one page at a time.
 */
export async function reviewQueue(deps: ServiceDeps, filter: QueueFilter = {}, viewer: QueueViewer = { locales: [] }): Promise<QueuePage> {
  const configured = targetLocales(deps);
  const locales = [...configured.filter((l) => viewer.locales.includes(l)), ...configured.filter((l) => !viewer.locales.includes(l))];
  const all: QueueItem[] = [];
  for (const summary of await deps.store.list()) {
    const record = await deps.store.get(summary.slug);
    if (record) all.push(...queueItemsOf(record, locales));
  }

  const articles = new Map<string, string>();
  const assignees = new Set<string>();
  for (const item of all) {
    articles.set(item.slug, item.title);
    if (item.assignee) assignees.add(item.assignee);
  }

  const broad = all.filter(
    (item) =>
      (!filter.slug || item.slug === filter.slug) &&
      (filter.assignee === undefined || (filter.assignee === UNASSIGNED ? item.assignee === null : item.assignee === filter.assignee)) &&
      (!filter.issues ||
        (filter.issues === 'errors'
          ? item.errors > 0
          : filter.issues === 'warnings'
            ? item.warnings > 0
            : item.errors + item.warnings > 0)),
  );
  const counts = locales.map((locale) => {
    const c = Object.fromEntries(QUEUE_STATES.map((s) => [s, 0])) as Record<QueueState, number>;
    let total = 0;
    for (const item of broad) {
      if (item.locale !== locale) continue;
      c[item.state]++;
      total++;
    }
    return { locale, counts: c, total };
  });

  const rank = new Map(locales.map((l, i) => [l, i]));
  const own = new Set(viewer.locales);
  const matching = broad
    .filter(
      (item) =>
        (!filter.locales?.length || filter.locales.includes(item.locale)) && (!filter.states?.length || filter.states.includes(item.state)),
    )
    .sort(
      (a, b) =>
        Number(own.has(b.locale)) - Number(own.has(a.locale)) ||
        (a.since < b.since ? -1 : a.since > b.since ? 1 : 0) ||
        rank.get(a.locale)! - rank.get(b.locale)! ||
        (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0) ||
        a.order - b.order,
    );

  const pageSize = Math.min(Math.max(1, Math.floor(filter.pageSize ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(Math.max(1, Math.floor(filter.page ?? 1)), pages);
  return {
    items: matching.slice((page - 1) * pageSize, page * pageSize),
    total: matching.length,
    page,
    pageSize,
    pages,
    counts,
    locales,
    articles: [...articles].map(([slug, title]) => ({ slug, title })).sort((a, b) => a.slug.localeCompare(b.slug)),
    assignees: [...assignees].sort(),
  };
}
