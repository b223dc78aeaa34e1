import { ConflictError, NotFoundError } from '../../core/errors.ts';
import type { Locale } from '../../core/locale.ts';
import { publicationOf, type LocalePublication, type PublishedVersion, type Unpublication } from '../../core/publication.ts';
import type { Slug } from '../../core/slug.ts';

/** Everything stored about one article's publications: per locale, its versions (oldest first) and unpublish state. */
export interface ArticlePublications {
  readonly locales: Readonly<Record<Locale, LocaleVersions>>;
}

export interface LocaleVersions {
  readonly versions: readonly PublishedVersion[];
  readonly unpublished?: Unpublication;
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
  // Publishing again makes the locale live, so the unpublish state goes.
  return { locales: { ...data.locales, [version.locale]: { versions: [...(current?.versions ?? []), version] } } };
}

export function withoutLatest(
  data: ArticlePublications,
  slug: Slug,
  locale: Locale,
  version: number,
  previousUnpublished: Unpublication | undefined,
): ArticlePublications {
  const current = data.locales[locale];
  const latest = current?.versions.at(-1)?.version;
  if (latest !== version) {
    throw new ConflictError(`publications: only the latest version of ${slug} in ${locale} can be retracted, not v${version}`, latest);
  }
  const versions = current?.versions.slice(0, -1) ?? [];
  const locales = { ...data.locales };
  if (versions.length === 0) delete locales[locale];
  else locales[locale] = { versions, ...(previousUnpublished ? { unpublished: previousUnpublished } : {}) };
  return { locales };
}

export function withUnpublished(data: ArticlePublications, locale: Locale, by: Unpublication): ArticlePublications | null {
  const current = data.locales[locale];
  if (!current || current.versions.length === 0 || current.unpublished) return null;
  return { locales: { ...data.locales, [locale]: { ...current, unpublished: by } } };
}

export function publicationsOf(data: ArticlePublications): LocalePublication[] {
  const rows: LocalePublication[] = [];
  for (const entry of Object.values(data.locales)) {
    const latest = entry.versions.at(-1);
    if (!latest) continue;
    const row = publicationOf(latest);
    rows.push(entry.unpublished ? { ...row, live: false, unpublished: entry.unpublished } : row);
  }
  return rows.sort((a, b) => a.locale.localeCompare(b.locale));
}

export function newestFirst(a: LocalePublication, b: LocalePublication): number {
  return b.publishedAt.localeCompare(a.publishedAt) || a.slug.localeCompare(b.slug);
}

export function missingVersion(slug: Slug, locale: Locale, version: number): NotFoundError {
  return new NotFoundError(`publications: ${slug} has no v${version} in ${locale}; list them with \`tandem versions ${slug} --locale ${locale}\``);
}
