import { parseFrontMatterData, splitFrontMatterBlock, type FrontMatterSyntax } from '../core/front-matter-syntax.ts';
import { embargoOf } from '../core/front-matter.ts';
import type { Locale } from '../core/locale.ts';
import type { Article, ArticleRecord, FrontMatter, Segment } from '../core/model.ts';
import { outdatedness, splitFrontMatter, type LocalePublication, type Outdatedness, type PublishedVersion } from '../core/publication.ts';
import type { Slug } from '../core/slug.ts';

// The reader site's view models and the pure helpers that build them from records and publication rows.

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
 * What the reader site reads of an article record: the article (its front matter a copy) and the id and hash of each
 * live segment, never the translations or history.
 */
export interface ReaderSource {
  readonly article: Article;
  readonly segments: readonly Pick<Segment, 'id' | 'hash'>[];
}

/** The ReaderSource of a stored record, for ArticleStore.peek: copies only what it returns. */
export function readerSourceOf(record: Readonly<ArticleRecord>): ReaderSource {
  return {
    article: { ...record.article, frontMatter: structuredClone(record.article.frontMatter) },
    segments: record.segments.filter((s) => !s.removedAt).map((s) => ({ id: s.id, hash: s.hash })),
  };
}

/** What readers see of one locale of an article: the released version (for the source, its release record). */
export interface Released {
  readonly version: number;
  readonly title: string;
  readonly description?: string;
  readonly date?: string;
  /** When readers could first read it: the scheduled release time, else the publish time. */
  readonly publishedAt: string;
}

/** What readers see of a version (or the listing row of one): its texts, and when it became readable (release, else publish time). */
export function releasedOf(
  version: number,
  v: {
    readonly title: string;
    readonly description?: string;
    readonly date?: string;
    readonly publishedAt: string;
    readonly releaseAt?: string;
  },
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
export function notBeforeRelease(publishedAt: string, frontMatter: FrontMatter): string {
  const { publishAt } = embargoOf(frontMatter);
  return publishAt !== undefined && Date.parse(publishAt) > Date.parse(publishedAt) ? publishAt : publishedAt;
}

/** The versions a reader can switch to: the original first when visible, then the visible translations by locale. */
export function alternatesOf(record: ReaderSource, visible: ReadonlyMap<Locale, Released>): ReaderAlternate[] {
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

/** A list row of the original; `release` is its manual release, when the source is released by hand. */
export function originalItem(record: ReaderSource, release: Released | null): ReaderListItem {
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

/** A list row of a translation, from its listing row and the version readers see. */
export function translationItem(row: LocalePublication, released: Released): ReaderListItem {
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

/** Newest first: article date (or publish day), then release time, then slug for a stable order. */
export function newestFirst(a: ReaderListItem, b: ReaderListItem): number {
  const da = a.date ?? a.publishedAt.slice(0, 10);
  const db = b.date ?? b.publishedAt.slice(0, 10);
  return db.localeCompare(da) || b.publishedAt.localeCompare(a.publishedAt) || a.slug.localeCompare(b.slug);
}

/** The front matter title, or the slug when there is none. */
export function titleOf(fm: FrontMatter, slug: string): string {
  return typeof fm.title === 'string' && fm.title.trim() ? fm.title : slug;
}

/** The front matter tags that are strings. */
export function tagsOf(fm: FrontMatter): string[] {
  return Array.isArray(fm.tags) ? fm.tags.filter((t): t is string => typeof t === 'string') : [];
}

/** `{ [key]: value }` when value is non-blank text, else `{}` (for optional fields under exactOptionalPropertyTypes). */
export function optionalText<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === 'string' && value.trim() ? { [key]: value } : {}) as { [P in K]?: string };
}

/** The front matter of a published version (YAML, TOML or JSON text), or `{}` when it is empty or unreadable. */
export function publishedFrontMatter(text: string, syntax: FrontMatterSyntax = 'yaml'): FrontMatter {
  // Written by our own rebuild; if it were ever unreadable, the page still shows the body and the stored title.
  return parseFrontMatterData(syntax, text) as FrontMatter;
}

// Versions never change, so a version object the publication store hands out again (it keeps them) is parsed once.
const parsedVersions = new WeakMap<PublishedVersion, { readonly body: string; readonly frontMatter: FrontMatter }>();

/** The body and the parsed front matter of a published version's document. */
export function versionParts(version: PublishedVersion): { readonly body: string; readonly frontMatter: FrontMatter } {
  const known = parsedVersions.get(version);
  if (known) return known;
  const { text, body, syntax } = splitFrontMatterBlock(version.document);
  const parts = { body, frontMatter: publishedFrontMatter(text, syntax) };
  parsedVersions.set(version, parts);
  return parts;
}

/** The reader page of an original: the current source document, readable since `publishedAt`. */
export function originalArticle(record: ReaderSource, publishedAt: string, alternates: readonly ReaderAlternate[]): ReaderArticle {
  const { article } = record;
  const fm = article.frontMatter;
  return {
    kind: 'article',
    slug: article.slug,
    locale: article.sourceLocale,
    sourceLocale: article.sourceLocale,
    title: titleOf(fm, article.slug),
    ...optionalText('description', fm.subtitle ?? fm.description),
    ...optionalText('author', fm.author),
    ...optionalText('date', fm.date),
    tags: tagsOf(fm),
    body: splitFrontMatter(article.document).body,
    isTranslation: false,
    publishedAt,
    machineAssisted: false,
    outdated: null,
    alternates,
  };
}

/** The reader page of a translation: one published version, readable since `publishedAt`, compared with the source. */
export function translationArticle(
  record: ReaderSource,
  version: PublishedVersion,
  publishedAt: string,
  alternates: readonly ReaderAlternate[],
): ReaderArticle {
  const { body, frontMatter: fm } = versionParts(version);
  const o = outdatedness(record, version);
  return {
    kind: 'article',
    slug: version.slug,
    locale: version.locale,
    sourceLocale: record.article.sourceLocale,
    title: version.title,
    ...optionalText('description', version.description),
    ...optionalText('author', fm.author),
    ...optionalText('date', version.date),
    tags: tagsOf(fm),
    body,
    isTranslation: true,
    version: version.version,
    publishedAt,
    machineAssisted: version.machineAssisted ?? true,
    outdated: o.outdated ? o : null,
    alternates,
  };
}
