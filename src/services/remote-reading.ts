import type { ApiClient } from '../core/ports/api-client.ts';
import type { ConfidentialTermRecord, GlossaryRecord } from '../core/ports/mt-store.ts';
import type { PublishedVersion } from '../core/publication.ts';
import type { MemoryEntry } from '../core/ports/translation-memory-store.ts';
import type { ConcordanceOptions, LookupOptions, MemoryMatch } from './memory-matches.ts';
import type { ArticleCheckReport } from './checks.ts';
import type { SegmentListing } from './segment-listing.ts';
import type { StatusPageQuery } from './status-page.ts';
import type { StatusListing, StatusRow } from './status-report.ts';
import type { VersionDiff } from './publish-types.ts';
import type { UserView, VersionView } from './remote-services.ts';
import type { UsageReport } from './usage.ts';
import type { XliffExport, XliffExportInput } from './xliff-exchange.ts';

/**
 * The reading use cases of the command line's read-only commands, on an open data directory (a Tandem satisfies this)
 * or through a running server's REST API (RemoteReading): same answers, same errors, so a command prints the same
 * either way.
 */
export interface ReadingServices {
  readonly usage: {
    /** As UsageService.report: `since` is a day (YYYY-MM-DD). */
    report(since?: string): Promise<UsageReport>;
  };
  readonly confidential: {
    /** As ConfidentialService.list: the global terms, and the article's own with `slug` (else an empty list). */
    list(
      slug?: string,
    ): Promise<{ readonly global: readonly ConfidentialTermRecord[]; readonly article: readonly ConfidentialTermRecord[] }>;
  };
  readonly users: {
    /** As UserService.list: every account, without its password hash. */
    list(): Promise<readonly UserView[]>;
  };
  readonly publish: {
    /** As PublishService.versions: oldest first, without documents. */
    versions(slug: string, locale: string): Promise<readonly VersionView[]>;
    /** As PublishService.version: NotFoundError when there is no such version. */
    version(slug: string, locale: string, version: number): Promise<PublishedVersion>;
    /** As PublishService.diff: older version first whatever the argument order. */
    diff(slug: string, locale: string, a: number, b: number): Promise<VersionDiff>;
  };
  readonly xliff: {
    /** As XliffExchangeService.exportFile; only the file's text is needed by the command line. */
    exportFile(input: XliffExportInput): Promise<Pick<XliffExport, 'text'>>;
  };
  readonly memory: {
    /** As MemoryService.exportFile: the pair's memory as TMX 1.4b text. */
    exportFile(targetLocale: string, sourceLocale: string): Promise<string>;
    /** As MemoryService.lookup: fuzzy matches of `source`, best first. */
    lookup(source: string, options: LookupOptions & { readonly sourceLocale: string }): Promise<readonly MemoryMatch[]>;
    /** As MemoryService.concordance: entries whose source or translation holds the words of `text`. */
    concordance(text: string, options: ConcordanceOptions & { readonly sourceLocale: string }): Promise<readonly MemoryEntry[]>;
  };
  readonly glossary: {
    /** As GlossaryService.list: every pair's glossary with its entries and details. */
    list(): Promise<readonly GlossaryRecord[]>;
  };
  readonly checks: {
    /** As CheckService.checkArticle: fresh results of every translated segment, each with its status. */
    checkArticle(slug: string, locale: string): Promise<ArticleCheckReport>;
  };
  readonly status: {
    /** As statusListing: the totals, one page of articles and the MT state; ValidationError for a foreign cursor. */
    listing(query: StatusPageQuery): Promise<StatusListing>;
    /** As articleStatusRow: NotFoundError when there is no such article. */
    article(slug: string): Promise<StatusRow>;
  };
  readonly segments: {
    /** As segmentListing: live segments in reading order, with `locale`'s translations and checks (null: none). */
    list(slug: string, locale: string | null): Promise<SegmentListing>;
  };
}

const segment = encodeURIComponent;

/**
 * The reading use cases through a Tandem server's `/api/v1` GET routes (the ApiClient port). The server runs the same
 * services; its refusals come back as the same errors with the same one-line messages.
 */
export class RemoteReading implements ReadingServices {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  get url(): string {
    return this.#api.url;
  }

  async #get<T>(path: string, query?: Readonly<Record<string, string | readonly string[] | undefined>>): Promise<T> {
    return (await this.#api.request({ method: 'GET', path, ...(query ? { query } : {}) })).body as T;
  }

  readonly usage: ReadingServices['usage'] = {
    report: (since) => this.#get('/usage', { since }),
  };

  readonly confidential: ReadingServices['confidential'] = {
    list: (slug) => this.#get('/confidential', { slug }),
  };

  readonly users: ReadingServices['users'] = {
    list: async () => (await this.#get<{ items: UserView[] }>('/users')).items,
  };

  readonly publish: ReadingServices['publish'] = {
    versions: async (slug, locale) =>
      (await this.#get<{ items: VersionView[] }>(`/articles/${segment(slug)}/publications/${segment(locale)}/versions`)).items,
    version: (slug, locale, version) => this.#get(`/articles/${segment(slug)}/publications/${segment(locale)}/versions/${version}`),
    diff: (slug, locale, a, b) =>
      this.#get(`/articles/${segment(slug)}/publications/${segment(locale)}/diff`, { from: String(a), to: String(b) }),
  };

  readonly xliff: ReadingServices['xliff'] = {
    exportFile: async (input) => ({
      text: await this.#get<string>(`/xliff/${segment(input.locale)}`, { slug: input.slugs, version: input.version }),
    }),
  };

  readonly memory: ReadingServices['memory'] = {
    exportFile: (targetLocale, sourceLocale) => this.#get(`/memory/${segment(sourceLocale)}/${segment(targetLocale)}/tmx`),
    lookup: async (source, options) =>
      (
        await this.#get<{ items: MemoryMatch[] }>(`/memory/${segment(options.sourceLocale)}/${segment(options.targetLocale)}/matches`, {
          q: source,
          threshold: options.threshold === undefined ? undefined : String(options.threshold),
          limit: options.limit === undefined ? undefined : String(options.limit),
        })
      ).items,
    concordance: async (text, options) =>
      (
        await this.#get<{ items: MemoryEntry[] }>(`/memory/${segment(options.sourceLocale)}/${segment(options.targetLocale)}/concordance`, {
          q: text,
          in: options.in,
          limit: options.limit === undefined ? undefined : String(options.limit),
        })
      ).items,
  };

  readonly glossary: ReadingServices['glossary'] = {
    list: async () => {
      const pairs = (await this.#get<{ items: { from: string; to: string }[] }>('/glossaries')).items;
      return Promise.all(pairs.map((p) => this.#get<GlossaryRecord>(`/glossaries/${segment(p.from)}/${segment(p.to)}`)));
    },
  };

  readonly checks: ReadingServices['checks'] = {
    checkArticle: (slug, locale) => this.#get(`/articles/${segment(slug)}/checks/${segment(locale)}`),
  };

  readonly status: ReadingServices['status'] = {
    listing: async (query) => {
      const listing: StatusListing = await this.#get('/status', {
        cursor: query.cursor,
        limit: query.limit === undefined ? undefined : String(query.limit),
      });
      // The command line prints the service's sentence (`operatorMessage`), not the one worded for web users.
      const { operatorMessage, ...mt } = listing.machineTranslation as StatusListing['machineTranslation'] & {
        readonly operatorMessage?: string;
      };
      return { ...listing, machineTranslation: { ...mt, message: operatorMessage ?? mt.message } };
    },
    article: (slug) => this.#get(`/articles/${segment(slug)}/status`),
  };

  readonly segments: ReadingServices['segments'] = {
    list: (slug, locale) => this.#get(`/articles/${segment(slug)}/segments`, { locale: locale ?? undefined }),
  };
}
