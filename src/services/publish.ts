import { createTwoFilesPatch, diffLines } from 'diff';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import { embargoNoticeAt, embargoOf } from '../core/front-matter.ts';
import { canonicalLocale, DEFAULT_SOURCE_LOCALE, type Locale } from '../core/locale.ts';
import { KeyedMutex } from '../core/keyed-mutex.ts';
import type { ArticleRecord } from '../core/model.ts';
import type { DocumentRebuilder } from '../core/ports/format.ts';
import type { PublicationStore } from '../core/ports/publication-store.ts';
import type { PublicationNotifier, PublishTarget } from '../core/ports/publish-target.ts';
import {
  approvedTexts,
  isReleasedAt,
  liveSegments,
  nextVersionNumber,
  outdatedness,
  parseReleaseTime,
  PublishRefusedError,
  publishBlockers,
  versionOf,
  type PublishBlocker,
  type PublishedVersion,
  type SourceReleaseMode,
} from '../core/publication.ts';
import { parseSlug, type Slug } from '../core/slug.ts';
import { openErrorBlockers, type CheckService } from './checks.ts';
import { targetLocales } from './import-article.ts';
import { summaryIndex } from './summary-view.ts';
import { nowIso, type ServiceDeps } from './types.ts';

/** What publishing needs beyond the article store; main.ts builds the adapters. */
export interface PublishDeps extends ServiceDeps {
  readonly publications: PublicationStore;
  /** Rebuilds the localized Markdown from the source document and one text per live segment. */
  readonly rebuilder: DocumentRebuilder;
  /** The Hugo-style tree published files are written to. */
  readonly publishTarget: PublishTarget;
  /** Webhook or nothing. */
  readonly notifier?: PublicationNotifier;
  /** `manual`: the source locale too is released by a publish (TANDEM_SOURCE_RELEASE); default `auto`, where it needs none. */
  readonly sourceRelease?: SourceReleaseMode;
  /**
   * The quality checks: a locale with open check errors (as `tandem check` counts them) is not published. Without it
   * only approval gates publishing.
   */
  readonly checks?: Pick<CheckService, 'checkArticle'>;
  /** Told about failures that cannot be reported to the caller (a retract that failed after a failed commit). */
  readonly onPublishError?: (error: unknown, context: { slug: Slug; locale: Locale; version: number }) => void;
}

export type {
  PublishInput,
  ScheduledPublishInput,
  PublishResult,
  VersionSummary,
  VersionDiff,
  PublicationStatus,
  LocaleReadiness,
  PublishOverview,
} from './publish-types.ts';
import type {
  PublishInput,
  ScheduledPublishInput,
  PublishResult,
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

  /**
   * Publish the article in a target locale, now or at `input.at`; PublishRefusedError (a ConflictError) lists segments
   * not approved, or once all are, segments with open check errors (fresh results, as `tandem check` judges them: an
   * error overridden at approval of the same text is resolved); ValidationError when `at` is not an ISO 8601 time with an offset or is not in the future. With
   * `sourceRelease: 'manual'` the source locale is published the same way (a release record of the current original:
   * no file is written, later corrections of the original show at once).
   */
  async publish(input: ScheduledPublishInput): Promise<PublishResult> {
    const slug = parseSlug(input.slug);
    const locale = this.#publishableLocale(input.locale);
    const releaseAt = input.at === undefined ? undefined : parseReleaseTime(input.at, this.#deps.now?.() ?? new Date());
    return this.#serialized(slug, locale, async () => {
      const record = await this.#record(slug);
      const isSource = locale === record.article.sourceLocale;
      if (isSource && this.#deps.sourceRelease !== 'manual') {
        throw new ValidationError(`publish: ${locale} is the source language of ${slug}; the original is always published`);
      }
      const texts = isSource ? liveSegments(record).map((s) => s.source) : approvedTexts(record, locale);
      if (!isSource) {
        const { blockers } = await this.#checkBlockers(record, locale);
        if (blockers.length > 0) throw new PublishRefusedError(slug, locale, blockers);
      }
      const history = await this.#deps.publications.forArticle(slug);
      const current = history.find((p) => p.locale === locale);
      const latest = current ? await this.#deps.publications.version(slug, locale, current.latestVersion) : null;

      if (current?.live && latest && latest.sourceRevision === record.article.sourceRevision && latest.releaseAt === releaseAt) {
        const same = isSource
          ? record.article.document
          : this.#rebuild(record, texts, locale, latest.version, latest.publishedAt, releaseAt);
        if (same === latest.document) return { status: 'unchanged', version: latest };
      }

      const number = nextVersionNumber(current?.latestVersion);
      const publishedAt = nowIso(this.#deps);
      const document = isSource ? record.article.document : this.#rebuild(record, texts, locale, number, publishedAt, releaseAt);
      const version = versionOf(record, locale, texts, {
        number,
        publishedAt,
        publishedBy: input.actor.name,
        document,
        ...(releaseAt !== undefined ? { releaseAt } : {}),
        // Readers keep seeing the live version until the scheduled one is released.
        ...(releaseAt !== undefined && current?.live ? { replaces: current.latestVersion } : {}),
      });
      if (isSource) {
        // The original is read from the article store; the release only records who let readers see it, and when.
        await this.#deps.publications.append(version);
        this.#notify('publish', version);
        return { status: 'published', version };
      }

      const prepared = await this.#deps.publishTarget.prepare(locale, slug, document);
      try {
        await this.#deps.publications.append(version);
      } catch (error) {
        await prepared.abort();
        throw error;
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
    });
  }

  /**
   * Take a locale off the reader site and out of the publish tree (with `sourceRelease: 'manual'`, the source locale
   * too: readers stop seeing the original); versions stay. Resolves false when it was not
   * live (the file is removed anyway, so a retried unpublish finishes the job). NotFoundError when never published.
   */
  async unpublish(input: PublishInput): Promise<boolean> {
    const slug = parseSlug(input.slug);
    const locale = this.#publishableLocale(input.locale);
    return this.#serialized(slug, locale, async () => {
      const current = (await this.#deps.publications.forArticle(slug)).find((p) => p.locale === locale);
      if (!current) throw new NotFoundError(`unpublish: ${slug} was never published in ${locale}`);
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

  /**
   * Every version of an article in a locale, oldest first, without documents. When there is none: ValidationError for
   * a locale that is not published here, NotFoundError for an article that does not exist (an empty list means "not
   * published yet", never a typo).
   */
  async versions(slug: string, locale: string): Promise<VersionSummary[]> {
    const valid = parseSlug(slug);
    const tag = canonicalLocale(locale);
    const versions = await this.#deps.publications.versions(valid, tag);
    if (versions.length === 0) {
      this.#publishableLocale(tag);
      await this.#record(valid);
    }
    return versions.map(({ document: _document, segments: _segments, ...summary }) => summary);
  }

  /** One version with its full document; NotFoundError when there is none. */
  async version(slug: string, locale: string, version: number): Promise<PublishedVersion> {
    const valid = parseSlug(slug);
    const tag = canonicalLocale(locale);
    const found = Number.isSafeInteger(version) && version > 0 ? await this.#deps.publications.version(valid, tag, version) : null;
    if (!found) {
      throw new NotFoundError(
        `publish: ${valid} has no version ${String(version)} in ${tag}; list them with \`tandem versions ${valid} --locale ${tag}\``,
      );
    }
    return found;
  }

  /** Differences between two versions of one locale, older first in the patch whatever the argument order. */
  async diff(slug: string, locale: string, a: number, b: number): Promise<VersionDiff> {
    const [from, to] = a <= b ? [a, b] : [b, a];
    const [older, newer] = await Promise.all([this.version(slug, locale, from), this.version(slug, locale, to)]);
    const patch = createTwoFilesPatch(
      `${older.slug}.${older.locale}.v${from}.md`,
      `${newer.slug}.${newer.locale}.v${to}.md`,
      older.document,
      newer.document,
      older.publishedAt,
      newer.publishedAt,
    );
    const changes = diffLines(older.document, newer.document).map((c) => ({
      value: c.value,
      added: c.added === true,
      removed: c.removed === true,
    }));
    return { from, to, patch, changes };
  }

  /** The configured target locales, in order. */
  get targetLocales(): readonly Locale[] {
    return targetLocales(this.#deps);
  }

  /** Every target locale of an article: what blocks publishing it and its publication status (for the editor's page). */
  async overview(slug: string): Promise<PublishOverview> {
    const valid = parseSlug(slug);
    const record = await this.#record(valid);
    const statuses = await publicationStatusOf(this.#deps.publications, record);
    const { article } = record;
    const now = this.#deps.now?.() ?? new Date();
    const embargo = embargoNoticeAt(article.frontMatter, now);
    const locales = targetLocales(this.#deps).filter((l) => l !== article.sourceLocale);
    if (this.#deps.sourceRelease === 'manual') locales.unshift(article.sourceLocale);
    return {
      slug: valid,
      title: typeof article.frontMatter.title === 'string' ? article.frontMatter.title : valid,
      sourceLocale: article.sourceLocale,
      sourceRevision: article.sourceRevision,
      locales: await Promise.all(
        locales.map(async (locale) => {
          const publication = statuses.find((s) => s.locale === locale) ?? null;
          const pending = publication?.live && !isReleasedAt(publication, now) ? publication.releaseAt : undefined;
          const unapproved = locale === article.sourceLocale ? [] : publishBlockers(record, locale);
          const checks = locale === article.sourceLocale ? { blockers: [], openErrors: 0 } : await this.#checkBlockers(record, locale);
          const missing = unapproved.length > 0 ? unapproved : checks.blockers;
          return { locale, missing, openErrors: checks.openErrors, publication, ...(pending !== undefined ? { scheduled: pending } : {}) };
        }),
      ),
      ...(embargo ? { embargo } : {}),
    };
  }

  /**
   * Each locale the article was ever published in, with how far it is behind the current source; empty when it was
   * never published. When it was never published, or only from its current source revision, neither the article nor
   * a version is read (so `tandem status` over the archive reads only articles whose source changed since).
   * NotFoundError when it has publications but the article is gone.
   */
  async publicationStatus(slug: string): Promise<PublicationStatus[]> {
    const valid = parseSlug(slug);
    const rows = await this.#deps.publications.forArticle(valid);
    if (rows.length === 0) return [];
    // Published from the current source revision: current, nothing behind, known without reading the article or version.
    const summary = (await summaryIndex(this.#deps)).get(valid);
    if (summary && rows.every((row) => row.sourceRevision === summary.sourceRevision)) {
      return rows.map((row) => ({ ...row, currentSourceRevision: summary.sourceRevision, outdated: false, segmentsBehind: 0 }));
    }
    return publicationStatusOf(this.#deps.publications, await this.#record(valid));
  }

  #rebuild(
    record: ArticleRecord,
    texts: readonly string[],
    _locale: Locale,
    version: number,
    translatedAt: string,
    releaseAt?: string,
  ): string {
    const { article } = record;
    const { publishAt } = embargoOf(article.frontMatter);
    return this.#deps.rebuilder.rebuild(article.document, texts, {
      // Hugo holds the file back until then too, unless the article's own publish date is later still.
      ...(releaseAt !== undefined && (publishAt === undefined || Date.parse(releaseAt) > Date.parse(publishAt))
        ? { publishDate: releaseAt }
        : {}),
      translationOf: `${article.sourceLocale}/${article.slug}.md`,
      translationKey: article.slug,
      sourceRevision: article.sourceRevision,
      version,
      translatedAt,
      // Confidential terms are for checks in the newsroom, never for readers.
      confidential: undefined,
    });
  }

  /** Approved segments of a target locale with open check errors, and the count of open errors (as `tandem check`). */
  async #checkBlockers(record: ArticleRecord, locale: Locale): Promise<{ blockers: PublishBlocker[]; openErrors: number }> {
    const report = await this.#deps.checks?.checkArticle(record.article.slug, locale);
    return report ? { blockers: openErrorBlockers(report, record), openErrors: report.errors } : { blockers: [], openErrors: 0 };
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

  /** A target locale, or the source locale when it is released by hand (`sourceRelease: 'manual'`). */
  #publishableLocale(tag: string): Locale {
    const locale = canonicalLocale(tag);
    const configured = targetLocales(this.#deps);
    const source = this.#deps.sourceLocale ?? DEFAULT_SOURCE_LOCALE;
    if (locale === source && this.#deps.sourceRelease === 'manual') return locale;
    if (!configured.includes(locale)) {
      const hint =
        locale === source ? `${locale} is the source language; the original is always published` : `use one of ${configured.join(', ')}`;
      throw new ValidationError(`publish: ${locale} is not a target locale; ${hint}`);
    }
    return locale;
  }

  async #record(slug: Slug): Promise<ArticleRecord> {
    const record = await this.#deps.store.get(slug);
    if (!record) throw new NotFoundError(`publish: no article "${slug}"; import it first (tandem import <file>)`);
    return record;
  }

  /** One publish or unpublish per article and locale at a time, so version numbers never race. */
  #serialized<R>(slug: Slug, locale: Locale, task: () => Promise<R>): Promise<R> {
    return this.#running.run(`${slug}\u0000${locale}`, task);
  }
}

/** Publication status of one article from its record and the publication store (no writes). */
export async function publicationStatusOf(publications: PublicationStore, record: ArticleRecord): Promise<PublicationStatus[]> {
  const rows = await publications.forArticle(record.article.slug);
  const statuses: PublicationStatus[] = [];
  for (const row of rows) {
    const latest = await publications.version(row.slug, row.locale, row.latestVersion);
    if (!latest) continue;
    const o = outdatedness(record, latest);
    statuses.push({ ...row, currentSourceRevision: o.sourceRevision, outdated: o.outdated, segmentsBehind: o.segmentsBehind });
  }
  return statuses;
}
