import { embargoNoticeAt, type EmbargoNotice } from '../core/front-matter.ts';
import { NotFoundError } from '../core/errors.ts';
import { DEFAULT_SOURCE_LOCALE, type Locale, targetLocaleIn } from '../core/locale.ts';
import type { ArticleRecord } from '../core/model.ts';
import { parseSlug } from '../core/slug.ts';
import { importArticle, targetLocales, type ImportInput } from './import-article.ts';
import { articleEffort, effortSummary, type ArticleEffort, type EffortSummary } from './post-edit.ts';
import { articleList, type ArticleListPage, type ArticleListQuery } from './article-list.ts';
import type { QueueFilter, QueuePage, QueueViewer } from './queue.ts';
import { reviewQueue } from './queue-page.ts';
import { allStatus, articleStatus, type ArticleStatus } from './status.ts';
import { statusPage, type StatusPage, type StatusPageQuery } from './status-page.ts';
import type { ImportResult, ServiceDeps } from './types.ts';

/**
 * The articles as the web and the CLI see them: reading one, importing one, their status, the post-edit effort and
 * the review queue. A facade over the use-case functions of import-article, status, post-edit and queue, so callers
 * never hold the store.
 */
export class ArticleService {
  readonly #deps: ServiceDeps;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
  }

  /** The installation's source locale (default `ko`). */
  get sourceLocale(): Locale {
    return this.#deps.sourceLocale ?? DEFAULT_SOURCE_LOCALE;
  }

  /** The installation's target locales, in configuration order. */
  get targetLocales(): readonly Locale[] {
    return targetLocales(this.#deps);
  }

  /** Whether `locale` (canonical) is one of the target locales. */
  isTargetLocale(locale: Locale): boolean {
    return this.targetLocales.includes(locale);
  }

  /**
   * `raw` as a canonical target locale. ValidationError when it is no BCP 47 tag; NotFoundError when it is not a
   * target locale of this installation (it names the URL of a page that does not exist).
   */
  targetLocale(raw: string): Locale {
    return targetLocaleIn(this.targetLocales, raw);
  }

  /** The stored article with its segments, translations and history. ValidationError for a malformed slug, NotFoundError when absent. */
  async get(slug: string): Promise<ArticleRecord> {
    const valid = parseSlug(slug);
    const record = await this.#deps.store.get(valid);
    if (!record)
      throw new NotFoundError(`articles: no article "${valid}"; import it first`, { reason: 'article.not-found', params: { slug: valid } });
    return record;
  }

  /**
   * The stored record itself, not a copy (ArticleStore.peek), for read paths that never change it: the review page
   * reads a whole record per view, and copying it cost more than drawing it. The model's types are readonly
   * throughout, so only a cast could change it. ValidationError for a malformed slug, NotFoundError when absent.
   */
  async read(slug: string): Promise<ArticleRecord> {
    const valid = parseSlug(slug);
    const record = await this.#deps.store.peek(valid, (stored): ArticleRecord => stored);
    if (!record)
      throw new NotFoundError(`articles: no article "${valid}"; import it first`, { reason: 'article.not-found', params: { slug: valid } });
    return record;
  }

  /** Import one file's content (see `importArticle` for the rules and the errors). */
  import(input: ImportInput): Promise<ImportResult> {
    return importArticle(this.#deps, input);
  }

  /** Per-locale counts by state of one article; NotFoundError when absent. */
  status(slug: string): Promise<ArticleStatus> {
    return articleStatus(this.#deps, slug);
  }

  /** One page of the articles list, filtered and sorted (see `articleList`); reads summaries only. */
  list(query: ArticleListQuery = {}): Promise<ArticleListPage> {
    return articleList(this.#deps, query);
  }

  /** Status of every article, newest first (from the store's summaries). */
  allStatus(): Promise<ArticleStatus[]> {
    return allStatus(this.#deps);
  }

  /** One page of every article's status with the archive's totals (see `statusPage`); reads summaries only. */
  statusPage(query: StatusPageQuery = {}): Promise<StatusPage> {
    return statusPage(this.#deps, query);
  }

  /** Post-edit effort (0–100 per segment) of one article's approved machine drafts. */
  /**
   * Why readers may not see this article now (draft, publish date ahead, expired), with its dates; null when they may.
   * Times are ISO 8601 UTC, read against the service clock.
   */
  embargoOf(record: ArticleRecord): EmbargoNotice | null {
    return embargoNoticeAt(record.article.frontMatter, this.#deps.now?.() ?? new Date());
  }

  /** Post-edit effort of one article per target locale (0–100, character-based; see services/post-edit.ts). */
  effortOf(record: ArticleRecord): ArticleEffort {
    return articleEffort(record);
  }

  /** Post-edit effort over the whole archive, per locale and article (reads every article). */
  effort(options: { readonly locale?: Locale } = {}): Promise<EffortSummary> {
    return effortSummary(this.#deps.store, options);
  }

  /** One page of the review queue (see `reviewQueue`). */
  queue(filter: QueueFilter = {}, viewer: QueueViewer = { locales: [] }): Promise<QueuePage> {
    return reviewQueue(this.#deps, filter, viewer);
  }
}
