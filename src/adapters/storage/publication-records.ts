import { ConflictError } from '../../core/errors.ts';
import type { Locale } from '../../core/locale.ts';
import { publicationOf, type LocalePublication, type PublishedVersion, type Unpublication } from '../../core/publication.ts';
import type { Slug } from '../../core/slug.ts';

/** Everything stored about one article's publications: per locale, its versions (oldest first) and unpublish state. */
export interface ArticlePublications {
  readonly locales: Readonly<Record<Locale, LocaleVersions>>;
}

export interface LocaleVersions {
  readonly versions: readonly PublishedVersion[];
  /** Set by an unpublish; the locale is live again once a version newer than `ofVersion` is published. */
  readonly unpublished?: Unpublication & { readonly ofVersion: number };
}

export const EMPTY_PUBLICATIONS: ArticlePublications = { locales: {} };

export function withVersion(data: ArticlePublications, version: PublishedVersion): ArticlePublications {
  const current = data.locales[version.locale];
  const latest = current?.versions.at(-1)?.version ?? 0;
  if (version.version !== latest + 1) {
    throw new ConflictError(
      `publications: ${version.slug} in ${version.locale} is at v${latest}, so v${version.version} cannot be recorded; publish again`,
      latest,
    );
  }
  return { locales: { ...data.locales, [version.locale]: { ...current, versions: [...(current?.versions ?? []), version] } } };
}

export function withoutLatest(data: ArticlePublications, slug: Slug, locale: Locale, version: number): ArticlePublications {
  const current = data.locales[locale];
  const latest = current?.versions.at(-1)?.version;
  if (latest !== version) {
    throw new ConflictError(`publications: only the latest version of ${slug} in ${locale} can be retracted, not v${version}`, latest);
  }
  const versions = current?.versions.slice(0, -1) ?? [];
  const locales = { ...data.locales };
  if (versions.length === 0) delete locales[locale];
  else locales[locale] = { ...current, versions };
  return { locales };
}

export function withUnpublished(data: ArticlePublications, locale: Locale, by: Unpublication): ArticlePublications | null {
  const current = data.locales[locale];
  const latest = current?.versions.at(-1);
  if (!current || !latest || !isLive(current)) return null;
  return { locales: { ...data.locales, [locale]: { ...current, unpublished: { by: by.by, at: by.at, ofVersion: latest.version } } } };
}

export function publicationsOf(data: ArticlePublications): LocalePublication[] {
  const rows: LocalePublication[] = [];
  for (const entry of Object.values(data.locales)) {
    const latest = entry.versions.at(-1);
    if (!latest) continue;
    const row = publicationOf(latest);
    const unpublished = entry.unpublished;
    rows.push(!isLive(entry) && unpublished ? { ...row, live: false, unpublished: { by: unpublished.by, at: unpublished.at } } : row);
  }
  return rows.sort((a, b) => a.locale.localeCompare(b.locale));
}

function isLive(entry: LocaleVersions): boolean {
  const latest = entry.versions.at(-1)?.version ?? 0;
  return latest > 0 && (!entry.unpublished || entry.unpublished.ofVersion < latest);
}

export function newestFirst(a: LocalePublication, b: LocalePublication): number {
  return b.publishedAt.localeCompare(a.publishedAt) || a.slug.localeCompare(b.slug);
}
