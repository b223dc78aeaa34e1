import { parse as parseYaml } from 'yaml';
import { DEFAULT_SOURCE_LOCALE, canonicalLocale, type Locale } from '../core/locale.ts';
import type { ArticleRecord, FrontMatter } from '../core/model.ts';
import type { ArticleStore } from '../core/ports/article-store.ts';
import type { PublicationStore } from '../core/ports/publication-store.ts';
import { outdatedness, splitFrontMatter, type LocalePublication, type Outdatedness } from '../core/publication.ts';
import { isSlug, type Slug } from '../core/slug.ts';
import { targetLocales } from './import-article.ts';

/** What the reader site reads: articles (the originals) and publications (the approved translations). */
export interface ReaderDeps {
  readonly store: ArticleStore;
  readonly publications: PublicationStore;
  readonly sourceLocale?: Locale;
  readonly targetLocales?: readonly Locale[];
}

/** One row of a locale's article list or feed. */
export interface ReaderListItem {
  readonly slug: Slug;
  readonly locale: Locale;
  readonly title: string;
  readonly description?: string;
  /** The article's own date (front matter), when it has one. */
  readonly date?: string;
  /** When readers could first read this text: the publish time of a translation, the import time of an original. */
  readonly publishedAt: string;
  readonly isTranslation: boolean;
}

/** A version of an article a reader can switch to. */
export interface ReaderAlternate {
  readonly locale: Locale;
  readonly title: string;
  readonly isOriginal: boolean;
}

export interface ReaderArticle {
  readonly kind: 'article';
  readonly slug: Slug;
  readonly locale: Locale;
  readonly sourceLocale: Locale;
  readonly title: string;
  readonly description?: string;
  readonly author?: string;
  readonly date?: string;
  readonly tags: readonly string[];
  /** Markdown body without front matter; only approved text for translations. */
  readonly body: string;
  readonly isTranslation: boolean;
  /** For translations: the version shown, when it was published and whether machine drafts were involved. */
  readonly version?: number;
  readonly publishedAt: string;
  readonly machineAssisted: boolean;
  /** For translations: set when the original changed after this version was published. */
  readonly outdated: Outdatedness | null;
  /** The original first, then every live translation. */
  readonly alternates: readonly ReaderAlternate[];
}

/** The article exists but not in the requested locale: only the original's title and the available versions. */
export interface ReaderUnavailable {
  readonly kind: 'unavailable';
  readonly slug: Slug;
  readonly locale: Locale;
  readonly sourceLocale: Locale;
  readonly originalTitle: string;
  readonly alternates: readonly ReaderAlternate[];
}

/**
 * The public reader site's queries. The original (source-language) version of an article is always readable and is
 * read from the current source document; a translation is readable only while its locale is live, and only its
 * latest published version, so no unapproved text can ever reach a reader.
 */
export class ReaderService {
  readonly #deps: ReaderDeps;

  constructor(deps: ReaderDeps) {
    this.#deps = deps;
  }

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

  /** Articles readable in `locale`, newest first (article date, then publish time), at most `limit` of them. */
  async list(locale: Locale, limit = 50): Promise<ReaderListItem[]> {
    if (locale !== this.sourceLocale) {
      const rows = await this.#deps.publications.listLive(locale);
      return rows.map(translationItem).sort(newestFirst).slice(0, limit);
    }
    // Sorted from the index rows first, so only the records of the articles shown are loaded (for their subtitles).
    const newest = (await this.#deps.store.list())
      .filter((summary) => summary.sourceLocale === locale)
      .map((summary) => ({
        slug: summary.slug,
        locale,
        title: summary.title,
        ...optionalText('date', summary.date),
        publishedAt: summary.createdAt,
        isTranslation: false,
      }))
      .sort(newestFirst)
      .slice(0, limit);
    const items: ReaderListItem[] = [];
    for (const item of newest) {
      const record = await this.#deps.store.get(item.slug);
      if (record) items.push(originalItem(record));
    }
    return items;
  }

  /** One article in one locale; `unavailable` when the article exists but is not published there, null when it does not exist. */
  async article(locale: Locale, slug: string): Promise<ReaderArticle | ReaderUnavailable | null> {
    if (!isSlug(slug)) return null;
    const record = await this.#deps.store.get(slug);
    if (!record) return null;
    const { article } = record;
    const rows = await this.#deps.publications.forArticle(slug);
    const alternates = alternatesOf(record, rows);

    if (locale === article.sourceLocale) {
      const fm = article.frontMatter;
      return {
        kind: 'article',
        slug,
        locale,
        sourceLocale: article.sourceLocale,
        title: titleOf(fm, slug),
        ...optionalText('description', fm.subtitle ?? fm.description),
        ...optionalText('author', fm.author),
        ...optionalText('date', fm.date),
        tags: tagsOf(fm),
        body: splitFrontMatter(article.document).body,
        isTranslation: false,
        publishedAt: article.createdAt,
        machineAssisted: false,
        outdated: null,
        alternates,
      };
    }

    const row = rows.find((r) => r.locale === locale && r.live);
    const version = row ? await this.#deps.publications.version(slug, locale, row.latestVersion) : null;
    if (!row || !version) {
      return { kind: 'unavailable', slug, locale, sourceLocale: article.sourceLocale, originalTitle: titleOf(article.frontMatter, slug), alternates };
    }
    const { frontMatter, body } = splitFrontMatter(version.document);
    const fm = parseFrontMatter(frontMatter);
    const o = outdatedness(record, version);
    return {
      kind: 'article',
      slug,
      locale,
      sourceLocale: article.sourceLocale,
      title: version.title,
      ...optionalText('description', version.description),
      ...optionalText('author', fm.author),
      ...optionalText('date', version.date),
      tags: tagsOf(fm),
      body,
      isTranslation: true,
      version: version.version,
      publishedAt: version.publishedAt,
      machineAssisted: version.machineAssisted ?? true,
      outdated: o.outdated ? o : null,
      alternates,
    };
  }
}

function alternatesOf(record: ArticleRecord, rows: readonly LocalePublication[]): ReaderAlternate[] {
  const { article } = record;
  return [
    { locale: article.sourceLocale, title: titleOf(article.frontMatter, article.slug), isOriginal: true },
    ...rows.filter((r) => r.live && r.locale !== article.sourceLocale).map((r) => ({ locale: r.locale, title: r.title, isOriginal: false })),
  ];
}

function originalItem(record: ArticleRecord): ReaderListItem {
  const { article } = record;
  const fm = article.frontMatter;
  return {
    slug: article.slug,
    locale: article.sourceLocale,
    title: titleOf(fm, article.slug),
    ...optionalText('description', fm.subtitle ?? fm.description),
    ...optionalText('date', fm.date),
    publishedAt: article.createdAt,
    isTranslation: false,
  };
}

function translationItem(row: LocalePublication): ReaderListItem {
  return {
    slug: row.slug,
    locale: row.locale,
    title: row.title,
    ...optionalText('description', row.description),
    ...optionalText('date', row.date),
    publishedAt: row.publishedAt,
    isTranslation: true,
  };
}

function newestFirst(a: ReaderListItem, b: ReaderListItem): number {
  const da = a.date ?? a.publishedAt.slice(0, 10);
  const db = b.date ?? b.publishedAt.slice(0, 10);
  return db.localeCompare(da) || b.publishedAt.localeCompare(a.publishedAt) || a.slug.localeCompare(b.slug);
}

function titleOf(fm: FrontMatter, slug: string): string {
  return typeof fm.title === 'string' && fm.title.trim() ? fm.title : slug;
}

function tagsOf(fm: FrontMatter): string[] {
  return Array.isArray(fm.tags) ? fm.tags.filter((t): t is string => typeof t === 'string') : [];
}

function optionalText<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === 'string' && value.trim() ? { [key]: value } : {}) as { [P in K]?: string };
}

function parseFrontMatter(text: string): FrontMatter {
  if (!text.trim()) return {};
  try {
    const parsed: unknown = parseYaml(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as FrontMatter) : {};
  } catch {
    // Written by our own rebuild; if it were ever unreadable, the page still shows the body and the stored title.
    return {};
  }
}
