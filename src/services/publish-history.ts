import { createTwoFilesPatch, diffLines } from 'diff';
import { NotFoundError } from '../core/errors.ts';
import { canonicalLocale } from '../core/locale.ts';
import type { PublishedVersion } from '../core/publication.ts';
import { parseSlug } from '../core/slug.ts';
import { publicationStatusOf } from './publish-candidate.ts';
import { articleToPublish, publishableLocale } from './publish-scope.ts';
import type { PublicationStatus, PublishDeps, VersionDiff, VersionSummary } from './publish-types.ts';
import { summaryIndex } from './summary-view.ts';
import { documentDiff } from './version-diff.ts';

/**
 * Every version of an article in a locale, oldest first, without documents. When there is none: ValidationError for
 * a locale that is not published here, NotFoundError for an article that does not exist (an empty list means "not
 * published yet", never a typo).
 */
export async function publishedVersions(deps: PublishDeps, slug: string, locale: string): Promise<VersionSummary[]> {
  const valid = parseSlug(slug);
  const tag = canonicalLocale(locale);
  const versions = await deps.publications.versions(valid, tag);
  if (versions.length === 0) {
    publishableLocale(deps, tag);
    await articleToPublish(deps, valid);
  }
  return versions.map(({ document: _document, segments: _segments, ...summary }) => summary);
}

/** One version (numbered from 1) with its full document; NotFoundError (`publish.no-version`) when there is none. */
export async function publishedVersion(deps: PublishDeps, slug: string, locale: string, version: number): Promise<PublishedVersion> {
  const valid = parseSlug(slug);
  const tag = canonicalLocale(locale);
  const found = Number.isSafeInteger(version) && version > 0 ? await deps.publications.version(valid, tag, version) : null;
  if (!found) {
    throw new NotFoundError(
      `publish: ${valid} has no version ${String(version)} in ${tag}; list them with \`tandem versions ${valid} --locale ${tag}\``,
      { reason: 'publish.no-version', params: { version: String(version), locale: tag } },
    );
  }
  return found;
}

/** Differences between two versions of one locale, older first in the patch whatever the argument order. */
export async function versionDiff(deps: PublishDeps, slug: string, locale: string, a: number, b: number): Promise<VersionDiff> {
  const [from, to] = a <= b ? [a, b] : [b, a];
  const [older, newer] = await Promise.all([publishedVersion(deps, slug, locale, from), publishedVersion(deps, slug, locale, to)]);
  const patch = createTwoFilesPatch(
    `${older.slug}.${older.locale}.v${from}.md`,
    `${newer.slug}.${newer.locale}.v${to}.md`,
    older.document,
    newer.document,
    older.publishedAt,
    newer.publishedAt,
  );
  const changes = diffLines(older.document, newer.document).map((c) => ({
    value: c.value,
    added: c.added === true,
    removed: c.removed === true,
  }));
  return { from, to, patch, changes, rows: documentDiff(older.document, newer.document, older.locale, deps.readerBlocks) };
}

/**
 * Each locale the article was ever published in, with how far it is behind the current source; empty when it was
 * never published. When it was never published, or only from its current source revision, neither the article nor
 * a version is read (so `tandem status` over the archive reads only articles whose source changed since).
 * NotFoundError when it has publications but the article is gone.
 */
export async function publicationStatus(deps: PublishDeps, slug: string): Promise<PublicationStatus[]> {
  const valid = parseSlug(slug);
  const rows = await deps.publications.forArticle(valid);
  if (rows.length === 0) return [];
  // Published from the current source revision: current, nothing behind, known without reading the article or version.
  const summary = (await summaryIndex(deps)).get(valid);
  if (summary && rows.every((row) => row.sourceRevision === summary.sourceRevision)) {
    return rows.map((row) => ({ ...row, currentSourceRevision: summary.sourceRevision, outdated: false, segmentsBehind: 0 }));
  }
  return publicationStatusOf(deps.publications, await articleToPublish(deps, valid));
}
