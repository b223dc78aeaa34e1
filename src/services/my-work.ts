import type { Locale } from '../core/locale.ts';
import type { PublicationStore } from '../core/ports/publication-store.ts';
import { isReleasedAt, type LocalePublication } from '../core/publication.ts';
import type { Rejection } from '../core/rejections.ts';
import { can, LOCALE_BOUND_ROLES, type Role } from '../core/roles.ts';
import type { SummaryIndex } from '../core/summary-index.ts';
import type { WorkGroup, WorkKind, WorkListKey } from '../core/work-lists.ts';
import { targetLocales } from './import-article.ts';
import { queueItemsOf } from './queue.ts';
import { summaryIndex } from './summary-view.ts';
import type { ServiceDeps } from './types.ts';

/** How many (article, locale) groups each list of the home page shows. */
export const HOME_GROUPS = 8;
/** How many rejected segments the home page shows with their comments (read from at most HOME_GROUPS articles). */
export const HOME_REJECTED = 10;
/** How many fully approved (article, locale) pairs, newest first, are checked against the publications for "ready". */
const READY_CANDIDATES = 40;

export interface WorkServiceDeps extends ServiceDeps {
  /** Without it nothing is known about publishing: "ready" lists every fully approved pair, no releases are listed. */
  readonly publications?: PublicationStore;
}

/** Whose home it is. */
export interface WorkViewer {
  readonly name: string;
  readonly role: Role;
  /** Assigned target locales (they bound translators and reviewers). */
  readonly locales: readonly Locale[];
}

/** The first groups of one list, how many segments the whole list holds and whether groups were left out. */
export interface WorkList {
  readonly kind: WorkKind;
  readonly groups: readonly WorkGroup[];
  readonly total: number;
  readonly more: boolean;
}

/** A rejected draft of the viewer's, with what the reviewer said. */
export interface RejectedSegment {
  readonly slug: string;
  readonly title: string;
  readonly locale: Locale;
  readonly segmentId: string;
  readonly source: string;
  readonly rejection: Rejection;
}

/** A version waiting for its scheduled release. */
export interface ScheduledRelease {
  readonly slug: string;
  readonly title: string;
  readonly locale: Locale;
  readonly version: number;
  /** ISO 8601 UTC. */
  readonly releaseAt: string;
}

/**
 * What waits for one person, by role: their own drafts, rejected drafts (with comments), submissions waiting for a
 * reviewer and translations that became outdated; for reviewers the submissions in their locales; for editors the
 * pairs ready to publish, outdated translations in every locale and scheduled releases. Lists absent for a role are
 * null.
 */
export interface MyWork {
  /** The locales the locale lists cover: the viewer's own for translators and reviewers, every target locale above. */
  readonly locales: readonly Locale[];
  readonly drafts: WorkList;
  readonly rejected: WorkList & { readonly segments: readonly RejectedSegment[] };
  readonly mySubmitted: WorkList;
  readonly myStale: WorkList;
  readonly toReview: WorkList | null;
  readonly stale: WorkList | null;
  readonly ready: readonly WorkGroup[] | null;
  readonly scheduled: readonly ScheduledRelease[] | null;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The home page's "my work": read from the summary index's work lists (core/work-lists.ts), so it costs what it shows.
 * Only the articles of the first rejected groups are read (for the comments), and the publications of at most
 * READY_CANDIDATES articles; scheduled releases come from the publication store's listing of live publications.
 */
export class WorkService {
  readonly #deps: WorkServiceDeps;

  constructor(deps: WorkServiceDeps) {
    this.#deps = deps;
  }

  async myWork(viewer: WorkViewer, now: Date = this.#deps.now?.() ?? new Date()): Promise<MyWork> {
    const index = await summaryIndex(this.#deps);
    const configured = targetLocales(this.#deps);
    const bound = LOCALE_BOUND_ROLES.includes(viewer.role);
    const locales = bound ? configured.filter((l) => viewer.locales.includes(l)) : configured;
    const mine = (kind: Exclude<WorkKind, 'ready'>): WorkList => ({ kind, ...index.work({ person: viewer.name, kind }, HOME_GROUPS) });
    const editor = can(viewer.role, 'article.publish');
    const rejected = mine('rejected');
    return {
      locales,
      drafts: mine('draft'),
      rejected: { ...rejected, segments: await this.#rejectedSegments(viewer.name, rejected.groups) },
      mySubmitted: mine('submitted'),
      myStale: mine('stale'),
      toReview: can(viewer.role, 'translation.review') ? merged(index, locales, 'submitted') : null,
      stale: editor ? merged(index, locales, 'stale') : null,
      ready: editor ? await this.#ready(index, locales) : null,
      scheduled: editor ? await this.#scheduled(locales, now) : null,
    };
  }

  async #rejectedSegments(name: string, groups: readonly WorkGroup[]): Promise<RejectedSegment[]> {
    const out: RejectedSegment[] = [];
    for (const group of groups) {
      if (out.length >= HOME_REJECTED) break;
      const record = await this.#deps.store.get(group.slug);
      if (!record) continue;
      for (const item of queueItemsOf(record, [group.locale]).sort((a, b) => a.order - b.order)) {
        if (!item.rejection || item.assignee !== name) continue;
        const { slug, title, locale, segmentId, source, rejection } = item;
        out.push({ slug, title, locale, segmentId, source, rejection });
        if (out.length >= HOME_REJECTED) break;
      }
    }
    return out;
  }

  /** Fully approved pairs, newest first, whose live version (if any) is older than their last change or source. */
  async #ready(index: SummaryIndex, locales: readonly Locale[]): Promise<WorkGroup[]> {
    const candidates = merged(index, locales, 'ready', READY_CANDIDATES).groups;
    const { publications } = this.#deps;
    if (!publications) return candidates.slice(0, HOME_GROUPS);
    const bySlug = new Map<string, Promise<LocalePublication[]>>();
    const ready: WorkGroup[] = [];
    for (const group of candidates) {
      if (ready.length >= HOME_GROUPS) break;
      let rows = bySlug.get(group.slug);
      if (!rows) {
        rows = publications.forArticle(group.slug);
        bySlug.set(group.slug, rows);
      }
      const row = (await rows).find((r) => r.locale === group.locale);
      const revision = index.get(group.slug)?.sourceRevision;
      const current = row?.live === true && row.sourceRevision === revision && row.publishedAt >= group.at;
      if (!current) ready.push(group);
    }
    return ready;
  }

  async #scheduled(locales: readonly Locale[], now: Date): Promise<ScheduledRelease[]> {
    const { publications } = this.#deps;
    if (!publications) return [];
    const rows = (await Promise.all(locales.map((l) => publications.listLive(l)))).flat();
    return rows
      .filter((r) => !isReleasedAt(r, now))
      .sort((a, b) => cmp(a.releaseAt!, b.releaseAt!) || cmp(a.slug, b.slug))
      .slice(0, HOME_GROUPS)
      .map((r) => ({ slug: r.slug, title: r.title, locale: r.locale, version: r.latestVersion, releaseAt: r.releaseAt! }));
  }
}

/** The first `limit` groups of one kind over several locales' lists, in the lists' order, and their totals. */
function merged(index: SummaryIndex, locales: readonly Locale[], kind: WorkKind, limit = HOME_GROUPS): WorkList {
  const lists = locales.map((locale) => index.work({ locale, kind } as WorkListKey, limit));
  const newest = kind === 'ready';
  const groups = lists
    .flatMap((l) => l.groups)
    .sort((a, b) => (newest ? cmp(b.at, a.at) : cmp(a.at, b.at)) || cmp(a.slug, b.slug) || cmp(a.locale, b.locale));
  return {
    kind,
    groups: groups.slice(0, limit),
    total: lists.reduce((sum, l) => sum + l.total, 0),
    more: groups.length > limit || lists.some((l) => l.more),
  };
}
