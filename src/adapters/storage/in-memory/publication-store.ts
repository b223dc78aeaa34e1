import type { Locale } from '../../../core/locale.ts';
import type { PublicationStore } from '../../../core/ports/publication-store.ts';
import type { LocalePublication, PublishedVersion, Unpublication } from '../../../core/publication.ts';
import type { Slug } from '../../../core/slug.ts';
import {
  EMPTY_PUBLICATIONS,
  newestFirst,
  publicationsOf,
  withUnpublished,
  withVersion,
  withoutLatest,
  type ArticlePublications,
} from '../publication-records.ts';

/** The publication store for unit tests: same contract as the lowdb one, nothing on disk. */
export class InMemoryPublicationStore implements PublicationStore {
  readonly #data = new Map<string, ArticlePublications>();

  async append(version: PublishedVersion): Promise<void> {
    const current = this.#data.get(version.slug) ?? EMPTY_PUBLICATIONS;
    this.#data.set(version.slug, withVersion(current, structuredClone(version)));
  }

  async retract(slug: Slug, locale: Locale, version: number): Promise<void> {
    const current = this.#data.get(slug) ?? EMPTY_PUBLICATIONS;
    this.#data.set(slug, withoutLatest(current, slug, locale, version));
  }

  async unpublish(slug: Slug, locale: Locale, by: Unpublication): Promise<boolean> {
    const next = withUnpublished(this.#data.get(slug) ?? EMPTY_PUBLICATIONS, locale, by);
    if (!next) return false;
    this.#data.set(slug, next);
    return true;
  }

  async versions(slug: Slug, locale: Locale): Promise<PublishedVersion[]> {
    return structuredClone([...(this.#data.get(slug)?.locales[locale]?.versions ?? [])]);
  }

  async version(slug: Slug, locale: Locale, version: number): Promise<PublishedVersion | null> {
    const found = this.#data.get(slug)?.locales[locale]?.versions.find((v) => v.version === version);
    return found ? structuredClone(found) : null;
  }

  async forArticle(slug: Slug): Promise<LocalePublication[]> {
    return publicationsOf(this.#data.get(slug) ?? EMPTY_PUBLICATIONS);
  }

  async listLive(locale: Locale): Promise<LocalePublication[]> {
    return [...this.#data.values()]
      .flatMap(publicationsOf)
      .filter((row) => row.locale === locale && row.live)
      .sort(newestFirst);
  }

  async close(): Promise<void> {}
}
