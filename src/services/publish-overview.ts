import { embargoNoticeAt } from '../core/front-matter.ts';
import type { Locale } from '../core/locale.ts';
import type { ArticleRecord } from '../core/model.ts';
import { isReleasedAt, publishBlockers } from '../core/publication.ts';
import { targetLocales } from './import-article.ts';
import { checkBlockers, publicationStatusOf, publishCandidate } from './publish-candidate.ts';
import type { LocaleReadiness, PublicationStatus, PublishDeps, PublishOverview, PublishState } from './publish-types.ts';

/** Every publishable locale of an article (the source first when it is released by hand): blockers, status, state. */
export async function publishOverview(deps: PublishDeps, record: ArticleRecord): Promise<PublishOverview> {
  const statuses = await publicationStatusOf(deps.publications, record);
  const { article } = record;
  const now = deps.now?.() ?? new Date();
  const embargo = embargoNoticeAt(article.frontMatter, now);
  const locales = targetLocales(deps).filter((l) => l !== article.sourceLocale);
  if (deps.sourceRelease === 'manual') locales.unshift(article.sourceLocale);
  const readiness = async (locale: Locale): Promise<LocaleReadiness> => {
    const publication = statuses.find((s) => s.locale === locale) ?? null;
    const pending = publication?.live && !isReleasedAt(publication, now) ? publication.releaseAt : undefined;
    const isSource = locale === article.sourceLocale;
    const unapproved = isSource ? [] : publishBlockers(record, locale);
    const checks = isSource ? { blockers: [], openErrors: 0 } : await checkBlockers(deps, record, locale);
    const missing = unapproved.length > 0 ? unapproved : checks.blockers;
    const state: PublishState =
      missing.length > 0 ? 'blocked' : (await isUpToDate(deps, record, locale, publication)) ? 'up-to-date' : 'ready';
    return { locale, missing, openErrors: checks.openErrors, publication, state, ...(pending !== undefined ? { scheduled: pending } : {}) };
  };
  return {
    slug: article.slug,
    title: typeof article.frontMatter.title === 'string' ? article.frontMatter.title : article.slug,
    sourceLocale: article.sourceLocale,
    sourceRevision: article.sourceRevision,
    locales: await Promise.all(locales.map(readiness)),
    ...(embargo ? { embargo } : {}),
  };
}

/** Whether publishing a ready locale now would record nothing: it is live and its latest version says exactly this. */
async function isUpToDate(
  deps: PublishDeps,
  record: ArticleRecord,
  locale: Locale,
  publication: PublicationStatus | null,
): Promise<boolean> {
  if (!publication?.live || publication.outdated) return false;
  const candidate = await publishCandidate(deps, record, {
    locale,
    publishedBy: publication.publishedBy,
    // Only compared, never recorded: the clock is not read.
    publishedAt: publication.publishedAt,
    // Only asked when nothing blocks the locale, so its checks have just run.
    checked: true,
    ...(publication.releaseAt !== undefined ? { releaseAt: publication.releaseAt } : {}),
  });
  return candidate.unchanged;
}
