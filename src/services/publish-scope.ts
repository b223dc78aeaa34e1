import { NotFoundError, ValidationError } from '../core/errors.ts';
import { canonicalLocale, DEFAULT_SOURCE_LOCALE, type Locale, requireLocale } from '../core/locale.ts';
import type { ArticleRecord } from '../core/model.ts';
import type { Slug } from '../core/slug.ts';
import { targetLocales } from './import-article.ts';
import type { PublishDeps } from './publish-types.ts';

/**
 * A locale that can be published: a target locale, or the source locale when it is released by hand
 * (`sourceRelease: 'manual'`). ValidationError `publish.source-always-published` for the source locale otherwise, and
 * UnknownLocaleError for any other tag (a malformed one included).
 */
export function publishableLocale(deps: PublishDeps, tag: string): Locale {
  const configured = targetLocales(deps);
  const source = deps.sourceLocale ?? DEFAULT_SOURCE_LOCALE;
  const manual = deps.sourceRelease === 'manual';
  if (!manual && isTag(tag, source)) {
    throw new ValidationError(`publish: ${source} is the source language; the original is always published`, [], {
      reason: 'publish.source-always-published',
      params: { locale: source },
    });
  }
  return requireLocale('publish', 'locale', manual ? [...configured, source] : configured, tag);
}

function isTag(raw: string, locale: Locale): boolean {
  try {
    return canonicalLocale(raw) === locale;
  } catch {
    return false;
  }
}

/**
 * Whether `locale` is the article's source; ValidationError (`publish.source-always-published`) when it is and the
 * source needs no release.
 */
export function isSourceRelease(deps: PublishDeps, record: ArticleRecord, locale: Locale): boolean {
  const isSource = locale === record.article.sourceLocale;
  if (isSource && deps.sourceRelease !== 'manual') {
    throw new ValidationError(`publish: ${locale} is the source language of ${record.article.slug}; the original is always published`, [], {
      reason: 'publish.source-always-published',
      params: { locale },
    });
  }
  return isSource;
}

/** The article to publish; NotFoundError (`article.not-found`) when there is none. */
export async function articleToPublish(deps: PublishDeps, slug: Slug): Promise<ArticleRecord> {
  const record = await deps.store.get(slug);
  if (!record) {
    throw new NotFoundError(`publish: no article "${slug}"; import it first (tandem import <file>)`, {
      reason: 'article.not-found',
      params: { slug },
    });
  }
  return record;
}
