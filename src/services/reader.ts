import { parse as parseYaml } from 'yaml';
import { DEFAULT_SOURCE_LOCALE, canonicalLocale, type Locale } from '../core/locale.ts';
import type { ArticleRecord, FrontMatter } from '../core/model.ts';
import type { ArticleStore } from '../core/ports/article-store.ts';
import type { PublicationStore } from '../core/ports/publication-store.ts';
import { embargoOf, invisibilityAt } from '../core/front-matter.ts';
import {
  isReleasedAt,
  outdatedness,
  splitFrontMatter,
  type LocalePublication,
  type Outdatedness,
  type SourceReleaseMode,
} from '../core/publication.ts';
import { isSlug, type Slug } from '../core/slug.ts';
import { targetLocales } from './import-article.ts';

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

/** What readers see of one locale of an article: the released version (for the source, its release record). */
interface Released {
  readonly version: number;
  readonly title: string;
  readonly description?: string;
  readonly date?: string;
  /** When readers could first read it: the scheduled release time, else the publish time. */
  readonly publishedAt: string;
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
    const records = new Map<Slug, Promise<ArticleRecord | null>>();
    const recordOf = (slug: Slug) => records.get(slug) ?? records.set(slug, this.#deps.store.get(slug)).get(slug)!;
    if (locale !== this.sourceLocale) {
      // Sorted from the index rows first (only a scheduled row costs a version read), so only the records shown are loaded.
      const candidates: ReaderListItem[] = [];
      for (const row of await this.#deps.publications.listLive(locale)) {
        const released = await this.#released(row, now);
        if (released) candidates.push(translationItem(row, released));
      }
      return this.#visibleItems(candidates.sort(newestFirst), limit, recordOf, now);
    }
    const releases = this.#deps.sourceRelease === 'manual' ? new Map((await this.#deps.publications.listLive(locale)).map((r) => [r.slug, r])) : null;
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
    const record = await this.#deps.store.get(slug);
    if (!record || invisibilityAt(record.article.frontMatter, now) !== null) return null;
    const { article } = record;
    const visible = await this.#visibleLocales(record, now);
    const alternates = alternatesOf(record, visible);
    const shown = visible.get(locale);

    if (locale === article.sourceLocale) {
      if (!shown) return null;
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
        publishedAt: shown.publishedAt,
        machineAssisted: false,
        outdated: null,
        alternates,
      };
    }

    const version = shown ? await this.#deps.publications.version(slug, locale, shown.version) : null;
    if (!shown || !version) {
      if (alternates.length === 0) return null;
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
      publishedAt: shown.publishedAt,
      machineAssisted: version.machineAssisted ?? true,
      outdated: o.outdated ? o : null,
      alternates,
    };
  }

  #now(): Date {
    return this.#deps.now?.() ?? new Date();
  }

  /** The first `limit` candidates, in order, whose article readers may see now; `build` may refuse or rewrite a row. */
  async #visibleItems(
    candidates: readonly ReaderListItem[],
    limit: number,
    recordOf: (slug: Slug) => Promise<ArticleRecord | null>,
    now: Date,
    build: (record: ArticleRecord, item: ReaderListItem) => Promise<ReaderListItem | null> = async (_record, item) => item,
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
  async #visibleLocales(record: ArticleRecord, now: Date): Promise<Map<Locale, Released>> {
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

function releasedOf(
  version: number,
  v: { readonly title: string; readonly description?: string; readonly date?: string; readonly publishedAt: string; readonly releaseAt?: string },
): Released {
  return {
    version,
    title: v.title,
    ...(v.description !== undefined ? { description: v.description } : {}),
    ...(v.date !== undefined ? { date: v.date } : {}),
    publishedAt: v.releaseAt ?? v.publishedAt,
  };
}

/** A text published before the article's own publish date became readable only then. */
function notBeforeRelease(publishedAt: string, frontMatter: FrontMatter): string {
  const { publishAt } = embargoOf(frontMatter);
  return publishAt !== undefined && Date.parse(publishAt) > Date.parse(publishedAt) ? publishAt : publishedAt;
}

function alternatesOf(record: ArticleRecord, visible: ReadonlyMap<Locale, Released>): ReaderAlternate[] {
  const { article } = record;
  const original = visible.get(article.sourceLocale);
  return [
    ...(original ? [{ locale: article.sourceLocale, title: original.title, isOriginal: true }] : []),
    ...[...visible]
      .filter(([locale]) => locale !== article.sourceLocale)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([locale, r]) => ({ locale, title: r.title, isOriginal: false })),
  ];
}

function originalItem(record: ArticleRecord, release: Released | null): ReaderListItem {
  const { article } = record;
  const fm = article.frontMatter;
  return {
    slug: article.slug,
    locale: article.sourceLocale,
    title: titleOf(fm, article.slug),
    ...optionalText('description', fm.subtitle ?? fm.description),
    ...optionalText('date', fm.date),
    publishedAt: release?.publishedAt ?? article.createdAt,
    isTranslation: false,
  };
}

function translationItem(row: LocalePublication, released: Released): ReaderListItem {
  return {
    slug: row.slug,
    locale: row.locale,
    title: released.title,
    ...optionalText('description', released.description),
    ...optionalText('date', released.date),
    publishedAt: released.publishedAt,
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
