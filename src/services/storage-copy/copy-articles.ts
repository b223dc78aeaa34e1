import type { Locale } from '../../core/locale.ts';
import type { ArticleRecord } from '../../core/model.ts';
import type { Storage } from '../../core/ports/storage-backend.ts';
import type { PublishedVersion } from '../../core/publication.ts';
import type { Slug } from '../../core/slug.ts';
import { type CopyProgress, fingerprint, KindTally, sameContent } from './report.ts';

/** Articles read and written at a time: bounds memory (a record can be a few hundred KiB) whatever the archive's size. */
export const ARTICLE_BATCH = 16;

/** Run `task` over `slugs` a batch at a time (each batch in parallel), reporting progress after each. */
export async function inBatches(
  slugs: readonly Slug[],
  task: (slug: Slug) => Promise<void>,
  progress: (done: number) => void,
): Promise<void> {
  for (let at = 0; at < slugs.length; at += ARTICLE_BATCH) {
    await Promise.all(slugs.slice(at, at + ARTICLE_BATCH).map(task));
    progress(Math.min(at + ARTICLE_BATCH, slugs.length));
  }
}

/**
 * Copy every article record whole (segments, translations with their revisions, history, comments, check decisions,
 * ids and timestamps as stored). An article the target holds with other content is overwritten with the source's: a
 * second run brings the target up to the source.
 */
export async function copyArticles(source: Storage, target: Storage, slugs: readonly Slug[], onProgress: CopyProgress): Promise<KindTally> {
  const tally = new KindTally('articles');
  await inBatches(
    slugs,
    async (slug) => {
      const record = await source.articles.get(slug);
      if (!record) return;
      tally.source += 1;
      let outcome: 'added' | 'updated' | 'present' = 'present';
      // `change` may run again when another writer came first (PostgreSQL): the last run says what happened.
      await target.articles.update(slug, (current: ArticleRecord | null) => {
        if (current && sameContent(current, record)) {
          outcome = 'present';
          return null;
        }
        outcome = current ? 'updated' : 'added';
        return record;
      });
      tally[outcome] += 1;
    },
    (done) => onProgress('articles', done, slugs.length),
  );
  return tally;
}

/** Copy the confidential terms of each article (the global list is copied with the settings). */
export async function copyArticleTerms(
  source: Storage,
  target: Storage,
  slugs: readonly Slug[],
  onProgress: CopyProgress,
): Promise<KindTally> {
  const tally = new KindTally('confidential-terms');
  await copyTerms(source, target, null, tally);
  await inBatches(
    slugs,
    (slug) => copyTerms(source, target, slug, tally),
    (done) => onProgress('confidential-terms', done, slugs.length),
  );
  return tally;
}

async function copyTerms(source: Storage, target: Storage, slug: Slug | null, tally: KindTally): Promise<void> {
  const [wanted, held] = await Promise.all([source.mt.settings.confidentialTerms(slug), target.mt.settings.confidentialTerms(slug)]);
  const byTerm = new Map(held.map((t) => [t.term, t]));
  for (const term of wanted) {
    tally.source += 1;
    const current = byTerm.get(term.term);
    if (current && sameContent(current, term)) {
      tally.present += 1;
      continue;
    }
    await target.mt.settings.putConfidentialTerm(slug, term);
    tally[current ? 'updated' : 'added'] += 1;
  }
}

/**
 * Copy every published version, in order, with its number, document, author and times; then take a locale off the
 * reader site when the source had (with who and when). Versions are immutable: one the target holds with other
 * content, or a target ahead of the source, is a conflict and that locale is left as it is.
 */
export async function copyPublications(
  source: Storage,
  target: Storage,
  slugs: readonly Slug[],
  onProgress: CopyProgress,
): Promise<KindTally> {
  const tally = new KindTally('publications');
  await inBatches(
    slugs,
    async (slug) => {
      for (const publication of await source.publications.forArticle(slug)) {
        await copyLocale(source, target, slug, publication.locale, tally);
        if (!publication.live && publication.unpublished) {
          await target.publications.unpublish(slug, publication.locale, publication.unpublished);
        }
      }
    },
    (done) => onProgress('publications', done, slugs.length),
  );
  return tally;
}

async function copyLocale(source: Storage, target: Storage, slug: Slug, locale: Locale, tally: KindTally): Promise<void> {
  const [wanted, held] = await Promise.all([source.publications.versions(slug, locale), target.publications.versions(slug, locale)]);
  tally.source += wanted.length;
  const heldBy = new Map<number, PublishedVersion>(held.map((v) => [v.version, v]));
  const differing = wanted.find((v) => heldBy.has(v.version) && fingerprint(heldBy.get(v.version)) !== fingerprint(v));
  if (differing || held.length > wanted.length) {
    tally.conflicts.push(
      `${slug} in ${locale}: the database holds ${differing ? `another v${differing.version}` : `${held.length} versions, the data directory ${wanted.length}`}; left as it is`,
    );
    return;
  }
  for (const version of wanted) {
    if (heldBy.has(version.version)) {
      tally.present += 1;
      continue;
    }
    await target.publications.append(version);
    tally.added += 1;
  }
}
