import { embargoOf } from '../core/front-matter.ts';
import type { Locale } from '../core/locale.ts';
import type { ArticleRecord } from '../core/model.ts';
import type { PublicationStore } from '../core/ports/publication-store.ts';
import {
  approvedTexts,
  liveSegments,
  nextVersionNumber,
  outdatedness,
  PublishRefusedError,
  versionOf,
  type LocalePublication,
  type PublishBlocker,
  type PublishedVersion,
} from '../core/publication.ts';
import { openErrorBlockers } from './checks.ts';
import type { PublicationStatus, PublishDeps } from './publish-types.ts';

/**
 * What a publish of one locale would record now: the version (numbered after the latest, with its rebuilt document),
 * the listing row and latest version it follows, and whether it says exactly what the live version says already.
 */
export interface PublishCandidate {
  readonly version: PublishedVersion;
  /** One text per live segment, in reading order (approved translations, or the source texts for a source release). */
  readonly texts: readonly string[];
  readonly current: LocalePublication | undefined;
  readonly latest: PublishedVersion | null;
  /**
   * The new document as if it had the latest version's number and publish time, so that compared with the latest
   * document only real changes show (null without a latest version).
   */
  readonly comparable: string | null;
  /** The locale is live and its latest version has the same source revision, release time and document. */
  readonly unchanged: boolean;
}

export interface CandidateInput {
  readonly locale: Locale;
  readonly publishedBy: string;
  /** ISO 8601 UTC. */
  readonly publishedAt: string;
  /** A scheduled release (ISO 8601 UTC), already checked to be ahead. */
  readonly releaseAt?: string;
  /** The caller has just found no open check errors in the locale: they are not run again. */
  readonly checked?: boolean;
}

/**
 * Build the version a publish would record, without writing anything. PublishRefusedError when a live segment is not
 * approved or, once all are, approved segments have open check errors (a source release needs neither).
 */
export async function publishCandidate(deps: PublishDeps, record: ArticleRecord, input: CandidateInput): Promise<PublishCandidate> {
  const { locale, releaseAt } = input;
  const { article } = record;
  const isSource = locale === article.sourceLocale;
  const texts = isSource ? liveSegments(record).map((s) => s.source) : approvedTexts(record, locale);
  if (!isSource && input.checked !== true) {
    const { blockers } = await checkBlockers(deps, record, locale);
    if (blockers.length > 0) throw new PublishRefusedError(article.slug, locale, blockers);
  }
  const current = (await deps.publications.forArticle(article.slug)).find((p) => p.locale === locale);
  const latest = current ? await deps.publications.version(article.slug, locale, current.latestVersion) : null;
  const documentOf = (number: number, at: string) => (isSource ? article.document : rebuild(deps, record, texts, number, at, releaseAt));

  const comparable = latest ? documentOf(latest.version, latest.publishedAt) : null;
  const unchanged =
    current?.live === true &&
    latest !== null &&
    latest.sourceRevision === article.sourceRevision &&
    latest.releaseAt === releaseAt &&
    comparable === latest.document;

  const number = nextVersionNumber(current?.latestVersion);
  const version = versionOf(record, locale, texts, {
    number,
    publishedAt: input.publishedAt,
    publishedBy: input.publishedBy,
    document: documentOf(number, input.publishedAt),
    ...(releaseAt !== undefined ? { releaseAt } : {}),
    // Readers keep seeing the live version until the scheduled one is released.
    ...(releaseAt !== undefined && current?.live ? { replaces: current.latestVersion } : {}),
  });
  return { version, texts, current, latest, comparable, unchanged };
}

/** The localized Markdown of a version: the source document with one text per live segment, and the publish metadata. */
function rebuild(
  deps: PublishDeps,
  record: ArticleRecord,
  texts: readonly string[],
  version: number,
  translatedAt: string,
  releaseAt?: string,
): string {
  const { article } = record;
  const { publishAt } = embargoOf(article.frontMatter);
  return deps.rebuilder.rebuild(article.document, texts, {
    // Hugo holds the file back until then too, unless the article's own publish date is later still.
    ...(releaseAt !== undefined && (publishAt === undefined || Date.parse(releaseAt) > Date.parse(publishAt))
      ? { publishDate: releaseAt }
      : {}),
    translationOf: `${article.sourceLocale}/${article.slug}.md`,
    translationKey: article.slug,
    sourceRevision: article.sourceRevision,
    version,
    translatedAt,
    // Confidential terms are for checks in the newsroom, never for readers.
    confidential: undefined,
  });
}

/** Approved segments of a target locale with open check errors, and the count of open errors (as `tandem check`). */
export async function checkBlockers(
  deps: Pick<PublishDeps, 'checks'>,
  record: ArticleRecord,
  locale: Locale,
): Promise<{ blockers: PublishBlocker[]; openErrors: number }> {
  const report = await deps.checks?.checkArticle(record.article.slug, locale);
  return report ? { blockers: openErrorBlockers(report, record), openErrors: report.errors } : { blockers: [], openErrors: 0 };
}

/** Publication status of one article from its record and the publication store (no writes). */
export async function publicationStatusOf(publications: PublicationStore, record: ArticleRecord): Promise<PublicationStatus[]> {
  const rows = await publications.forArticle(record.article.slug);
  const statuses: PublicationStatus[] = [];
  for (const row of rows) {
    const latest = await publications.version(row.slug, row.locale, row.latestVersion);
    if (!latest) continue;
    const o = outdatedness(record, latest);
    statuses.push({ ...row, currentSourceRevision: o.sourceRevision, outdated: o.outdated, segmentsBehind: o.segmentsBehind });
  }
  return statuses;
}
