import { z } from 'zod';
import { ConflictError, ValidationError } from './errors.ts';
import { splitFrontMatterBlock } from './front-matter-syntax.ts';
import type { Locale } from './locale.ts';
import type { ArticleRecord, Segment, TranslationState } from './model.ts';
import { plainText } from './segment-text.ts';
import type { Slug } from './slug.ts';

/** One segment as a published version translated it: enough to tell later which segments the source changed since. */
export interface PublishedSegment {
  readonly id: string;
  readonly hash: string;
}

/**
 * One immutable publication of an article in one locale. Versions count up per (article, locale) from 1 and are never
 * changed or deleted once recorded; unpublishing only takes the locale off the reader site.
 */
export interface PublishedVersion {
  readonly slug: Slug;
  readonly locale: Locale;
  readonly version: number;
  readonly publishedBy: string;
  readonly publishedAt: string;
  readonly sourceLocale: Locale;
  /** The source revision this version translates. */
  readonly sourceRevision: number;
  /** Translated title and description as plain text, for listings and feeds. */
  readonly title: string;
  readonly description?: string;
  /** The article's date from the source front matter (data, kept untranslated). */
  readonly date?: string;
  /** The full rebuilt Markdown document with front matter, exactly as written to the publish directory. */
  readonly document: string;
  /** The live source segments this version translates, in order. */
  readonly segments: readonly PublishedSegment[];
  /** Whether any published text started as a machine draft (the reader disclosure says so). */
  readonly machineAssisted?: boolean;
  /** A scheduled release (ISO 8601 UTC): readers see this version from then on, not before; absent: at once. */
  readonly releaseAt?: string;
  /** For a scheduled version: the version recorded before it, which readers keep seeing until the release (when it was live). */
  readonly replaces?: number;
}

/** Who took a locale off the reader site, and when. */
export interface Unpublication {
  readonly by: string;
  readonly at: string;
}

/** The state of one article in one locale: its latest version (without the document) and whether readers see it. */
export interface LocalePublication {
  readonly slug: Slug;
  readonly locale: Locale;
  readonly sourceLocale: Locale;
  readonly latestVersion: number;
  readonly live: boolean;
  readonly title: string;
  readonly description?: string;
  readonly date?: string;
  readonly publishedAt: string;
  readonly publishedBy: string;
  readonly sourceRevision: number;
  readonly unpublished?: Unpublication;
  /** The latest version's scheduled release, as in PublishedVersion. */
  readonly releaseAt?: string;
  /** The latest version's predecessor while it waits for its release, as in PublishedVersion. */
  readonly replaces?: number;
}

/**
 * How the source language reaches readers: `auto`, as soon as the article's own embargo allows; `manual`, only once
 * an editor has released it (a publication of the source locale, see PublishService.publish).
 */
export const SOURCE_RELEASE_MODES = ['auto', 'manual'] as const;
export type SourceReleaseMode = (typeof SOURCE_RELEASE_MODES)[number];

/** Whether a version (or the listing row of its latest version) is released at `now`: not scheduled, or its time has come. */
export function isReleasedAt(version: { readonly releaseAt?: string }, now: Date): boolean {
  return version.releaseAt === undefined || Date.parse(version.releaseAt) <= now.getTime();
}

/** A live segment that keeps a locale from being published. */
export interface PublishBlocker {
  readonly segmentId: string;
  readonly order: number;
  readonly kind: Segment['kind'];
  readonly state: TranslationState;
  /**
   * Set on an approved segment that blocks because error-level checks are open on it (neither fixed nor overridden at
   * approval; a glossary term or confidential name added after approval can do that): their ids.
   */
  readonly openErrors?: readonly string[];
}

/**
 * Publishing was refused because some segments of the locale are not approved, or (once all are) because check errors
 * are open on some; `missing` lists them in order.
 */
export class PublishRefusedError extends ConflictError {
  readonly missing: readonly PublishBlocker[];

  constructor(slug: string, locale: Locale, missing: readonly PublishBlocker[]) {
    const shown = missing
      .slice(0, 5)
      .map((m) => `#${m.order + 1} ${m.segmentId} (${m.openErrors ? m.openErrors.join(', ') : m.state})`)
      .join(', ');
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    const checks = missing.every((m) => m.openErrors !== undefined);
    super(
      checks
        ? `publish: ${slug} cannot be published in ${locale}: ${missing.length} segment(s) with open check errors: ${shown}${more}; ` +
            'fix them, or have a reviewer approve them again with a reason (`tandem check` lists them)'
        : `publish: ${slug} cannot be published in ${locale}: ${missing.length} segment(s) not approved: ${shown}${more}; ` +
            'approve every segment of the locale first',
      missing,
      'conflict',
      { reason: checks ? 'publish.open-errors' : 'publish.refused', params: { count: missing.length, locale } },
    );
    this.missing = missing;
  }
}

/** How far a published version lags behind the current source. */
export interface Outdatedness {
  readonly outdated: boolean;
  readonly publishedRevision: number;
  readonly sourceRevision: number;
  /** Live source segments that are new or edited since the version, plus published segments since removed. */
  readonly segmentsBehind: number;
}

/** The live segments of an article in reading order (the order format adapters extract them in). */
export function liveSegments(record: ArticleRecord): Segment[] {
  return record.segments.filter((s) => !s.removedAt).sort((a, b) => a.order - b.order);
}

/** Every live segment whose translation into `locale` is not approved, in reading order; empty means publishable. */
export function publishBlockers(record: ArticleRecord, locale: Locale): PublishBlocker[] {
  const byId = translationsByLocale(record, locale);
  const blockers: PublishBlocker[] = [];
  for (const segment of liveSegments(record)) {
    const state = byId.get(segment.id)?.state ?? 'untranslated';
    if (state !== 'approved') blockers.push({ segmentId: segment.id, order: segment.order, kind: segment.kind, state });
  }
  return blockers;
}

/**
 * The approved texts of the live segments in reading order, one per segment, ready for a DocumentRebuilder.
 * Throws PublishRefusedError when any of them is not approved, so unapproved text can never reach a rebuild.
 */
export function approvedTexts(record: ArticleRecord, locale: Locale): string[] {
  const blockers = publishBlockers(record, locale);
  if (blockers.length > 0) throw new PublishRefusedError(record.article.slug, locale, blockers);
  const byId = translationsByLocale(record, locale);
  return liveSegments(record).map((s) => byId.get(s.id)?.text ?? '');
}

/** Compare a published version with the current source record. */
export function outdatedness(
  record: {
    readonly article: Pick<ArticleRecord['article'], 'sourceRevision'>;
    readonly segments: readonly Pick<Segment, 'id' | 'hash' | 'removedAt'>[];
  },
  version: Pick<PublishedVersion, 'sourceRevision' | 'segments'>,
): Outdatedness {
  const published = new Map(version.segments.map((s) => [s.id, s.hash]));
  const live = record.segments.filter((s) => !s.removedAt);
  const liveIds = new Set(live.map((s) => s.id));
  let behind = 0;
  for (const segment of live) if (published.get(segment.id) !== segment.hash) behind += 1;
  for (const id of published.keys()) if (!liveIds.has(id)) behind += 1;
  const sourceRevision = record.article.sourceRevision;
  return {
    outdated: sourceRevision > version.sourceRevision,
    publishedRevision: version.sourceRevision,
    sourceRevision,
    segmentsBehind: behind,
  };
}

/**
 * Split a Markdown document into its front matter text and body. `frontMatter` is without fences for YAML and TOML and
 * the whole object for JSON; splitFrontMatterBlock in core/front-matter-syntax.ts also says which syntax it is.
 */
export function splitFrontMatter(document: string): { readonly frontMatter: string; readonly body: string } {
  const { text, body } = splitFrontMatterBlock(document.replace(/\r\n?/g, '\n'));
  return { frontMatter: text, body };
}

/** Whether any approved text of the live segments in `locale` started from a machine draft. */
export function isMachineAssisted(record: ArticleRecord, locale: Locale): boolean {
  const live = new Set(liveSegments(record).map((s) => s.id));
  return record.translations.some(
    (t) => t.locale === locale && live.has(t.segmentId) && (t.origin === 'machine' || t.machineDraft !== null),
  );
}

/** The version number the next publish of a locale gets. */
export function nextVersionNumber(latest: number | undefined): number {
  return (latest ?? 0) + 1;
}

/** The listing row a version makes when it is published (live). */
export function publicationOf(version: PublishedVersion): LocalePublication {
  return {
    slug: version.slug,
    locale: version.locale,
    sourceLocale: version.sourceLocale,
    latestVersion: version.version,
    live: true,
    title: version.title,
    ...(version.description !== undefined ? { description: version.description } : {}),
    ...(version.date !== undefined ? { date: version.date } : {}),
    publishedAt: version.publishedAt,
    publishedBy: version.publishedBy,
    sourceRevision: version.sourceRevision,
    ...(version.releaseAt !== undefined ? { releaseAt: version.releaseAt } : {}),
    ...(version.replaces !== undefined ? { replaces: version.replaces } : {}),
  };
}

function translationsByLocale(record: ArticleRecord, locale: Locale) {
  return new Map(record.translations.filter((t) => t.locale === locale).map((t) => [t.segmentId, t]));
}

/**
 * The immutable version a publish records: translated title and description as plain text (from the title and
 * subtitle segments of `texts`, one text per live segment), the source's date, the segments it translates.
 */
export function versionOf(
  record: ArticleRecord,
  locale: Locale,
  texts: readonly string[],
  v: { number: number; publishedAt: string; publishedBy: string; document: string; releaseAt?: string; replaces?: number },
): PublishedVersion {
  const { article } = record;
  const live = liveSegments(record);
  const textOf = (kind: string) => {
    const i = live.findIndex((s) => s.kind === kind);
    return i >= 0 ? plainText(texts[i] ?? '').trim() : undefined;
  };
  const title = textOf('title') ?? article.slug;
  const description = textOf('subtitle');
  const date = article.frontMatter.date;
  return {
    slug: article.slug,
    locale,
    version: v.number,
    publishedBy: v.publishedBy,
    publishedAt: v.publishedAt,
    sourceLocale: article.sourceLocale,
    sourceRevision: article.sourceRevision,
    title,
    ...(description !== undefined ? { description } : {}),
    ...(typeof date === 'string' ? { date } : {}),
    document: v.document,
    segments: live.map((s) => ({ id: s.id, hash: s.hash })),
    machineAssisted: locale !== article.sourceLocale && isMachineAssisted(record, locale),
    ...(v.releaseAt !== undefined ? { releaseAt: v.releaseAt } : {}),
    ...(v.replaces !== undefined ? { replaces: v.replaces } : {}),
  };
}

/**
 * A scheduled release time as an editor gives it: ISO 8601 with `Z` or an offset (`2026-12-01T09:00:00Z`,
 * `2026-12-01T18:00:00+09:00`); returned as ISO 8601 UTC. Throws ValidationError when it has no offset (a time zone
 * must never be guessed for an embargo) or is not after `now`.
 */
export function parseReleaseTime(at: string, now: Date): string {
  const parsed = z.iso.datetime({ offset: true }).safeParse(at.trim());
  if (!parsed.success) {
    throw new ValidationError(
      `publish: the release time "${at.slice(0, 40)}" is not an ISO 8601 time with Z or an offset; write e.g. 2026-12-01T09:00:00Z`,
      [],
      { reason: 'publish.release-format', params: { value: at.slice(0, 40) } },
    );
  }
  const time = new Date(parsed.data);
  if (time.getTime() <= now.getTime()) {
    throw new ValidationError(
      `publish: the release time ${time.toISOString()} is not in the future; leave the time out to publish now`,
      [],
      {
        reason: 'publish.release-past',
        params: { time: time.toISOString() },
      },
    );
  }
  return time.toISOString();
}
