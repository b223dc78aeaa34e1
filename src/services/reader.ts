import { DEFAULT_SOURCE_LOCALE, canonicalLocale, type Locale } from '../core/locale.ts';
import type { ArticleStore } from '../core/ports/article-store.ts';
import type { PublicationStore } from '../core/ports/publication-store.ts';
import { invisibilityAt } from '../core/front-matter.ts';
import { isReleasedAt, type LocalePublication, type PublishedVersion, type SourceReleaseMode } from '../core/publication.ts';
import { isSlug, type Slug } from '../core/slug.ts';
import { targetLocales } from './import-article.ts';
import {
  alternatesOf,
  newestFirst,
  notBeforeRelease,
  optionalText,
  originalArticle,
  originalItem,
  readerSourceOf,
  releasedOf,
  titleOf,
  translationArticle,
  translationItem,
  type Released,
  type ReaderSource,
  type ReaderArticle,
  type ReaderListItem,
  type ReaderUnavailable,
} from './reader-items.ts';

export type { ReaderAlternate, ReaderArticle, ReaderListItem, ReaderUnavailable } from './reader-items.ts';

/** What the reader site reads: articles (the originals) and publications (the approved translations). */
export interface ReaderDeps {
  readonly store: ArticleStore;
  readonly publications: PublicationStore;
  readonly sourceLocale?: Locale;
  readonly targetLocales?: readonly Locale[];
  /** The clock embargoes and scheduled releases are judged against (default: the system clock). */
  readonly now?: () => Date;
  /** `manual`: the original is shown only once an editor released it (TANDEM_SOURCE_RELEASE); default `auto`. */
  readonly sourceRelease?: SourceReleaseMode;
}

/**
 * The public reader site's queries. Readers see an article only while its front matter allows it at the injected
 * clock's time (Hugo's `draft`, `publishDate` or `date`, `expiryDate`; see core/front-matter.ts `invisibilityAt`), in
 * any language; an article they may not see is answered exactly like one that does not exist. The original
 * (source-language) version is read from the current source document and, with `sourceRelease: 'manual'`, only once
 * an editor released it; a translation is readable only while its locale is live, and only its latest released version,
 * so no unapproved or scheduled text can ever reach a reader. Visibility is judged on every read, so a scheduled
 * release goes live at its time without a restart or a timer.
 */
export class ReaderService {
  readonly #deps: ReaderDeps;

  constructor(deps: ReaderDeps) {
    this.#deps = deps;
  }

  /** The locale originals are written in (default `ko`). */
  get sourceLocale(): Locale {
    return this.#deps.sourceLocale ?? DEFAULT_SOURCE_LOCALE;
  }

  /** Every language the site can be read in: the source first, then the target locales. */
  get locales(): readonly Locale[] {
    return [this.sourceLocale, ...targetLocales(this.#deps).filter((l) => l !== this.sourceLocale)];
  }

  /** The site locale a path segment or tag names (case-insensitive, `zh-hans` → `zh-Hans`), or null. */
  localeOf(tag: string): Locale | null {
    let canonical: string;
    try {
      canonical = canonicalLocale(tag);
    } catch {
      return null;
    }
    return this.locales.find((l) => l === canonical) ?? null;
  }

  /** Articles readers may see in `locale` now, newest first (article date, then release time), at most `limit` of them. */
  async list(locale: Locale, limit = 50): Promise<ReaderListItem[]> {
    const now = this.#now();
    const records = new Map<Slug, Promise<ReaderSource | null>>();
    const recordOf = (slug: Slug) => records.get(slug) ?? records.set(slug, this.#source(slug)).get(slug)!;
    if (locale !== this.sourceLocale) {
      // Sorted from the index rows first (only a scheduled row costs a version read), so only the records shown are loaded.
      const candidates: ReaderListItem[] = [];
      for (const row of await this.#deps.publications.listLive(locale)) {
        const released = await this.#released(row, now);
        if (released) candidates.push(translationItem(row, released));
      }
      return this.#visibleItems(candidates.sort(newestFirst), limit, recordOf, now);
    }
    const releases =
      this.#deps.sourceRelease === 'manual' ? new Map((await this.#deps.publications.listLive(locale)).map((r) => [r.slug, r])) : null;
    const candidates = (await this.#deps.store.list())
      .filter((summary) => summary.sourceLocale === locale)
      .map((summary) => ({
        slug: summary.slug,
        locale,
        title: summary.title,
        ...optionalText('date', summary.date),
        publishedAt: summary.createdAt,
        isTranslation: false,
      }))
      .sort(newestFirst);
    return this.#visibleItems(candidates, limit, recordOf, now, async (record) => {
      const release = releases?.get(record.article.slug);
      const released = release ? await this.#released(release, now) : null;
      return releases && !released ? null : originalItem(record, released);
    });
  }

  /**
   * One article in one locale; `unavailable` when readers may see the article but not in this locale, null when it does
   * not exist or readers may not see it in any language (the same answer, so an embargo reveals nothing).
   */
  async article(locale: Locale, slug: string): Promise<ReaderArticle | ReaderUnavailable | null> {
    if (!isSlug(slug)) return null;
    const now = this.#now();
    const record = await this.#source(slug);
    if (!record || invisibilityAt(record.article.frontMatter, now) !== null) return null;
    const { article } = record;
    const visible = await this.#visibleLocales(record, now);
    const alternates = alternatesOf(record, visible);
    const shown = visible.get(locale);

    if (locale === article.sourceLocale) return shown ? originalArticle(record, shown.publishedAt, alternates) : null;

    const version = shown ? await this.#deps.publications.version(slug, locale, shown.version) : null;
    if (!shown || !version) {
      if (alternates.length === 0) return null;
      return {
        kind: 'unavailable',
        slug,
        locale,
        sourceLocale: article.sourceLocale,
        originalTitle: titleOf(article.frontMatter, slug),
        alternates,
      };
    }
    return translationArticle(record, version, shown.publishedAt, alternates);
  }

  /**
   * The page readers would get once `version` (recorded or not, e.g. PublishService.prepare's) is live and released,
   * built exactly as article() builds it, with the other languages readers can switch to now. Embargoes are ignored:
   * the editor sees the page as it will be. Null when the article does not exist.
   */
  async preview(version: PublishedVersion): Promise<ReaderArticle | null> {
    const record = await this.#source(version.slug);
    if (!record) return null;
    const visible = await this.#visibleLocales(record, this.#now());
    const publishedAt = notBeforeRelease(version.releaseAt ?? version.publishedAt, record.article.frontMatter);
    visible.set(version.locale, { version: version.version, title: version.title, publishedAt });
    const alternates = alternatesOf(record, visible);
    return version.locale === record.article.sourceLocale
      ? originalArticle(record, publishedAt, alternates)
      : translationArticle(record, version, publishedAt, alternates);
  }

  /** The fields of the article the site shows, read in place: the record's translations and history are never copied. */
  #source(slug: Slug): Promise<ReaderSource | null> {
    return this.#deps.store.peek(slug, readerSourceOf);
  }

  #now(): Date {
    return this.#deps.now?.() ?? new Date();
  }

  /** The first `limit` candidates, in order, whose article readers may see now; `build` may refuse or rewrite a row. */
  async #visibleItems(
    candidates: readonly ReaderListItem[],
    limit: number,
    recordOf: (slug: Slug) => Promise<ReaderSource | null>,
    now: Date,
    build: (record: ReaderSource, item: ReaderListItem) => Promise<ReaderListItem | null> = async (_record, item) => item,
  ): Promise<ReaderListItem[]> {
    const items: ReaderListItem[] = [];
    for (const candidate of candidates) {
      if (items.length >= limit) break;
      const record = await recordOf(candidate.slug);
      if (!record || invisibilityAt(record.article.frontMatter, now) !== null) continue;
      const item = await build(record, candidate);
      if (item) items.push({ ...item, publishedAt: notBeforeRelease(item.publishedAt, record.article.frontMatter) });
    }
    return items.sort(newestFirst);
  }

  /** Every locale readers may see the (visible) article in now, with what they see there; the source first. */
  async #visibleLocales(record: ReaderSource, now: Date): Promise<Map<Locale, Released>> {
    const { article } = record;
    const rows = await this.#deps.publications.forArticle(article.slug);
    const visible = new Map<Locale, Released>();
    const sourceRow = rows.find((r) => r.locale === article.sourceLocale);
    const source = this.#deps.sourceRelease === 'manual' ? (sourceRow ? await this.#released(sourceRow, now) : null) : null;
    if (this.#deps.sourceRelease !== 'manual' || source) {
      const publishedAt = notBeforeRelease(source?.publishedAt ?? article.createdAt, article.frontMatter);
      visible.set(article.sourceLocale, { version: source?.version ?? 0, title: titleOf(article.frontMatter, article.slug), publishedAt });
    }
    for (const row of rows) {
      if (row.locale === article.sourceLocale) continue;
      const released = await this.#released(row, now);
      if (released) visible.set(row.locale, { ...released, publishedAt: notBeforeRelease(released.publishedAt, article.frontMatter) });
    }
    return visible;
  }

  /**
   * What readers see of a live locale at `now`: its latest version once released, else the version it replaces (walking
   * back through scheduled versions); null when the locale is not live or nothing released is left.
   */
  async #released(row: LocalePublication, now: Date): Promise<Released | null> {
    if (!row.live) return null;
    if (isReleasedAt(row, now)) return releasedOf(row.latestVersion, row);
    let number = row.replaces;
    while (number !== undefined) {
      const older = await this.#deps.publications.version(row.slug, row.locale, number);
      if (!older) return null;
      if (isReleasedAt(older, now)) return releasedOf(older.version, older);
      number = older.replaces;
    }
    return null;
  }
}
