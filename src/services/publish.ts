import { ConflictError, NotFoundError } from '../core/errors.ts';
import type { Locale } from '../core/locale.ts';
import { KeyedMutex } from '../core/keyed-mutex.ts';
import { outdatedness, parseReleaseTime, type PublishedVersion } from '../core/publication.ts';
import { parseSlug, type Slug } from '../core/slug.ts';
import { targetLocales } from './import-article.ts';
import { publishCandidate } from './publish-candidate.ts';
import { publicationStatus, publishedVersion, publishedVersions, versionDiff } from './publish-history.ts';
import { publishOverview } from './publish-overview.ts';
import { articleToPublish, isSourceRelease, publishableLocale } from './publish-scope.ts';
import { nowIso } from './types.ts';
import { documentDiff } from './version-diff.ts';

export { publicationStatusOf } from './publish-candidate.ts';
export type {
  PublishDeps,
  PublishInput,
  ScheduledPublishInput,
  PublishResult,
  PublishPreparation,
  PublishState,
  VersionSummary,
  VersionDiff,
  PublicationStatus,
  LocaleReadiness,
  PublishOverview,
} from './publish-types.ts';
import type {
  PublishDeps,
  PublishInput,
  ScheduledPublishInput,
  PublishResult,
  PublishPreparation,
  VersionSummary,
  VersionDiff,
  PublicationStatus,
  PublishOverview,
} from './publish-types.ts';

/**
 * Publishing per locale. A publish rebuilds the document from approved texts only, prepares the file (written and
 * fsynced beside its target), records the immutable version, then renames the file into place. If recording fails the
 * prepared file is thrown away; if the rename fails the version is retracted: either way no half-written file and no
 * version that claims a publish which did not happen.
 */
export class PublishService {
  readonly #deps: PublishDeps;
  readonly #running = new KeyedMutex();

  constructor(deps: PublishDeps) {
    this.#deps = deps;
  }

  /** A release time as an editor typed it, as ISO 8601 UTC; ValidationError as for publish()'s `at` (no offset, not ahead). */
  releaseTime(at: string): string {
    return parseReleaseTime(at, this.#deps.now?.() ?? new Date());
  }

  /**
   * What publishing a locale now (or at `input.at`) would record, and what changed since the latest version; nothing is
   * written. Throws as publish() does: PublishRefusedError, ValidationError, NotFoundError.
   */
  async prepare(input: ScheduledPublishInput): Promise<PublishPreparation> {
    const slug = parseSlug(input.slug);
    const locale = publishableLocale(this.#deps, input.locale);
    const releaseAt = input.at === undefined ? undefined : this.releaseTime(input.at);
    const record = await articleToPublish(this.#deps, slug);
    isSourceRelease(this.#deps, record, locale);
    const { version, latest, comparable, unchanged } = await publishCandidate(this.#deps, record, {
      locale,
      publishedBy: input.actor.name,
      publishedAt: nowIso(this.#deps),
      ...(releaseAt !== undefined ? { releaseAt } : {}),
    });
    return {
      version,
      previous: latest,
      unchanged,
      segments: version.segments.length,
      sourceSegmentsChanged: latest ? outdatedness(record, latest).segmentsBehind : 0,
      rows: latest && comparable !== null ? documentDiff(latest.document, comparable, locale, this.#deps.readerBlocks) : [],
    };
  }

  /**
   * Publish the article in a target locale, now or at `input.at`; PublishRefusedError (a ConflictError) lists segments
   * not approved, or once all are, segments with open check errors (fresh results, as `tandem check` judges them: an
   * error overridden at approval of the same text is resolved); ValidationError when `at` is not an ISO 8601 time with an offset or is not in the future. With
   * `sourceRelease: 'manual'` the source locale is published the same way (a release record of the current original:
   * no file is written, later corrections of the original show at once).
   */
  async publish(input: ScheduledPublishInput): Promise<PublishResult> {
    const slug = parseSlug(input.slug);
    const locale = publishableLocale(this.#deps, input.locale);
    const releaseAt = input.at === undefined ? undefined : this.releaseTime(input.at);
    return this.#serialized(slug, locale, async () => {
      // Another instance on the same database may record a version after this one read the latest; the store refuses
      // the second (ConflictError). Looking again usually finds that version holds the same texts: `unchanged`.
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.#publishOnce(slug, locale, input.actor.name, releaseAt);
        if (!(outcome instanceof ConflictError)) return outcome;
        if (attempt === 3) throw outcome;
      }
    });
  }

  /** One try of publish(): its result, or the store's ConflictError when another process recorded a version first. */
  async #publishOnce(slug: Slug, locale: Locale, by: string, releaseAt: string | undefined): Promise<PublishResult | ConflictError> {
    const record = await articleToPublish(this.#deps, slug);
    const isSource = isSourceRelease(this.#deps, record, locale);
    const candidate = await publishCandidate(this.#deps, record, {
      locale,
      publishedBy: by,
      publishedAt: nowIso(this.#deps),
      ...(releaseAt !== undefined ? { releaseAt } : {}),
    });
    if (candidate.unchanged && candidate.latest) return { status: 'unchanged', version: candidate.latest };
    const { version } = candidate;
    const { version: number, document } = version;
    if (isSource) {
      // The original is read from the article store; the release only records who let readers see it, and when.
      const behind = await this.#append(version);
      if (behind) return behind;
      this.#notify('publish', version);
      return { status: 'published', version };
    }

    const prepared = await this.#deps.publishTarget.prepare(locale, slug, document);
    let behind: ConflictError | null;
    try {
      behind = await this.#append(version);
    } catch (error) {
      await prepared.abort();
      throw error;
    }
    if (behind) {
      await prepared.abort();
      return behind;
    }
    try {
      await prepared.commit();
    } catch (error) {
      await this.#deps.publications.retract(slug, locale, number).catch((retractError: unknown) => {
        this.#deps.onPublishError?.(retractError, { slug, locale, version: number });
      });
      await prepared.abort().catch(() => undefined);
      throw error;
    }
    this.#notify('publish', version);
    return { status: 'published', version };
  }

  /** Record `version`; the store's ConflictError (returned, not thrown) when its number was taken meanwhile. */
  async #append(version: PublishedVersion): Promise<ConflictError | null> {
    try {
      await this.#deps.publications.append(version);
      return null;
    } catch (error) {
      if (error instanceof ConflictError) return error;
      throw error;
    }
  }

  /**
   * Take a locale off the reader site and out of the publish tree (with `sourceRelease: 'manual'`, the source locale
   * too: readers stop seeing the original); versions stay. Resolves false when it was not
   * live (the file is removed anyway, so a retried unpublish finishes the job). NotFoundError when never published.
   */
  async unpublish(input: PublishInput): Promise<boolean> {
    const slug = parseSlug(input.slug);
    const locale = publishableLocale(this.#deps, input.locale);
    return this.#serialized(slug, locale, async () => {
      const current = (await this.#deps.publications.forArticle(slug)).find((p) => p.locale === locale);
      if (!current)
        throw new NotFoundError(`unpublish: ${slug} was never published in ${locale}`, {
          reason: 'publish.never-published',
          params: { locale },
        });
      const at = nowIso(this.#deps);
      const changed = await this.#deps.publications.unpublish(slug, locale, { by: input.actor.name, at });
      // A source release wrote no file; the source locale's folder may be the content folder itself.
      if (current.sourceLocale !== locale) await this.#deps.publishTarget.remove(locale, slug);
      if (changed) {
        this.#deps.notifier?.notify({
          event: 'unpublish',
          slug,
          locale,
          version: current.latestVersion,
          by: input.actor.name,
          at,
          sourceRevision: current.sourceRevision,
        });
      }
      return changed;
    });
  }

  /** Every version of a locale, oldest first, without documents (see `publishedVersions` for what is thrown). */
  versions(slug: string, locale: string): Promise<VersionSummary[]> {
    return publishedVersions(this.#deps, slug, locale);
  }

  /** One version with its full document; NotFoundError when there is none. */
  version(slug: string, locale: string, version: number): Promise<PublishedVersion> {
    return publishedVersion(this.#deps, slug, locale, version);
  }

  /** Differences between two versions of one locale, older first in the patch whatever the argument order. */
  diff(slug: string, locale: string, a: number, b: number): Promise<VersionDiff> {
    return versionDiff(this.#deps, slug, locale, a, b);
  }

  /** The configured target locales, in order. */
  get targetLocales(): readonly Locale[] {
    return targetLocales(this.#deps);
  }

  /** Every target locale of an article: what blocks publishing it and its publication status (for the editor's page). */
  async overview(slug: string): Promise<PublishOverview> {
    return publishOverview(this.#deps, await articleToPublish(this.#deps, parseSlug(slug)));
  }

  /** Each locale the article was ever published in, with how far it is behind (see `publicationStatus`). */
  publicationStatus(slug: string): Promise<PublicationStatus[]> {
    return publicationStatus(this.#deps, slug);
  }

  #notify(event: 'publish', version: PublishedVersion): void {
    this.#deps.notifier?.notify({
      event,
      slug: version.slug,
      locale: version.locale,
      version: version.version,
      by: version.publishedBy,
      at: version.publishedAt,
      sourceRevision: version.sourceRevision,
      ...(version.releaseAt !== undefined ? { releaseAt: version.releaseAt } : {}),
    });
  }

  /** One publish or unpublish per article and locale at a time, so version numbers never race. */
  #serialized<R>(slug: Slug, locale: Locale, task: () => Promise<R>): Promise<R> {
    return this.#running.run(`${slug}\u0000${locale}`, task);
  }
}
