import { NotFoundError, ValidationError } from '../core/errors.ts';
import type { ApiClient } from '../core/ports/api-client.ts';
import type { ConfidentialTermRecord } from '../core/ports/mt-store.ts';
import type { MemoryTombstone } from '../core/ports/translation-memory-store.ts';
import type { XliffFormats } from '../core/ports/xliff-format.ts';
import type { PublishedVersion } from '../core/publication.ts';
import type { Role } from '../core/roles.ts';
import type { AddConfidentialInput } from './confidential.ts';
import type { GlossaryFileImport, GlossaryImported } from './glossary.ts';
import type { ImportSummary } from './memory-import.ts';
import type { PublishInput, ScheduledPublishInput } from './publish-types.ts';
import { decodeUtf8 } from './input-file.ts';
import type { NewUser } from './users.ts';
import type { XliffImportInput, XliffImportReport } from './xliff-exchange.ts';
import { type RemoteImportConfig, type RemoteImports, remoteImports } from './remote-imports.ts';
import type { ApiTokenListing, ApiTokenView, NewApiToken } from './api-tokens.ts';
import type { FeedPollReport } from './feed.ts';
import type {
  BlockedGlossary,
  DrainSummary,
  EnqueueInput,
  MtJobReport,
  MtJobTally,
  MtProgress,
  MtStatus,
  MtWorkerReport,
} from './mt/index.ts';

/** An account as the command line prints it. */
export interface UserView {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly locales: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A published version as the command line prints it (never the document itself). */
export type VersionView = Omit<PublishedVersion, 'document' | 'segments'>;

/**
 * The writing use cases the command line can run on an open data directory (a Tandem satisfies this) or through a
 * running server's REST API (RemoteServices): same inputs, same answers, same errors, so a command prints the same
 * either way.
 */
export interface WritingServices {
  readonly confidential: {
    /** As ConfidentialService.add; `by` is the token's owner through a server. */
    add(input: AddConfidentialInput): Promise<ConfidentialTermRecord>;
    /** As ConfidentialService.remove: false when the term was not on that list. */
    remove(term: string, slug?: string): Promise<boolean>;
  };
  readonly glossary: {
    /** As GlossaryService.importFile. */
    importFile(input: GlossaryFileImport): Promise<GlossaryImported>;
  };
  readonly users: {
    /** As UserService.add. Through a server the password is always generated (the API takes none). */
    add(input: NewUser): Promise<{ readonly user: UserView; readonly generatedPassword?: string }>;
    /** As UserService.resetPassword: ends the account's sessions. Through a server the password is always generated. */
    resetPassword(
      name: string,
      password?: string,
    ): Promise<{ readonly user: { readonly name: string }; readonly generatedPassword?: string }>;
    setRole(name: string, role: Role | string): Promise<UserView>;
    setLocales(name: string, locales: readonly string[]): Promise<UserView>;
  };
  readonly publish: {
    /** As PublishService.publish; through a server the actor is as RemoteServicesConfig.onBehalf says. */
    publish(input: ScheduledPublishInput): Promise<{ readonly status: 'published' | 'unchanged'; readonly version: VersionView }>;
    /** As PublishService.unpublish: false when the locale was not live. Through a server the actor is as RemoteServicesConfig.onBehalf says. */
    unpublish(input: PublishInput): Promise<boolean>;
  };
  readonly memory: {
    /** As MemoryService.importFile. */
    importFile(text: string, file?: string): Promise<ImportSummary>;
    /** As MemoryService.deleteEntry; through a server `deletedBy` is as RemoteServicesConfig.onBehalf says. */
    deleteEntry(id: string, deletedBy: string): Promise<Omit<MemoryTombstone, 'kind'>>;
  };
  readonly xliff: {
    /** As XliffExchangeService.importFile; through a server the importer's name is as RemoteServicesConfig.onBehalf says, with the token's role. */
    importFile(input: XliffImportInput): Promise<XliffImportReport>;
  };
  /** As ImportService (collectFiles, importFiles); through a server see RemoteServicesConfig for whom history names. */
  readonly imports: RemoteImports;
  /** As ApiTokenService's administrator methods: the operator acts for any user; through a server its token must be an admin's. */
  readonly apiTokens: {
    createFor(userName: string, input: Omit<NewApiToken, 'owner'>): Promise<{ readonly secret: string; readonly token: ApiTokenListing }>;
    listFor(userName?: string): Promise<ApiTokenListing[]>;
    revoke(id: string, by: 'operator'): Promise<ApiTokenView>;
  };
  /** Machine translation as `tandem translate` runs it (MtService's methods of the same names). */
  readonly mt: {
    status(): Promise<Pick<MtStatus, 'state' | 'message' | 'blockedGlossaries'>>;
    resume(): Promise<void>;
    retryFailedJobs(): Promise<{ readonly retried: number; readonly jobs: readonly ({ readonly jobId: string } & MtJobTally)[] }>;
    recover(): Promise<number>;
    enqueue(
      input: EnqueueInput,
    ): Promise<{ readonly job: { readonly id: string } | null; readonly added: number; readonly skipped: number }>;
    /** The whole queue's progress. */
    progress(): Promise<MtProgress>;
    /** The whole queue's counts and what the draining process did since it started. */
    workerReport(): Promise<MtWorkerReport>;
    jobReport(jobId: string): Promise<MtJobReport>;
    /** Translate the queue in this process (a data directory); null through a server, whose worker drains it. */
    readonly drain: ((options?: { onProgress?: () => void }) => Promise<DrainSummary>) | null;
  };
  /** As FeedService.pollOnce (under the feed duty); null on a data directory without a feed (a server says so itself). */
  readonly feed: { pollOnce(): Promise<FeedPollReport> } | null;
}

/** What RemoteServices needs besides the API: the command line's own file reading, and whose name it may send. */
export interface RemoteServicesConfig {
  readonly imports: RemoteImportConfig;
  /**
   * The API token is the server file's local admin token (whoever reads the 0600 file may open the data directory
   * anyway): every `by` is sent as the actor, so the history reads as on the data directory (`--by`, else
   * `cli:<user>`). Through TANDEM_URL the token's owner is named, except that `tandem import --by` is sent (the server
   * lets admins name another person and refuses everyone else).
   */
  readonly onBehalf: boolean;
}

const segment = encodeURIComponent;

/**
 * The writing use cases through a Tandem server's `/api/v1` (the ApiClient port): what the command line uses when a
 * server owns the data directory, or TANDEM_URL names one. The server runs the same services with the same checks;
 * its refusals come back as the same errors (core/problem-types.ts) with the same one-line messages.
 */
export class RemoteServices implements WritingServices {
  readonly #api: ApiClient;
  readonly #xliff: XliffFormats;
  readonly #config: RemoteServicesConfig;

  /** `xliff` reads an agency file's target locale here, as the API takes the file in one locale's path. */
  constructor(api: ApiClient, xliff: XliffFormats, config: RemoteServicesConfig) {
    this.#api = api;
    this.#xliff = xliff;
    this.#config = config;
  }

  get url(): string {
    return this.#api.url;
  }

  readonly confidential: WritingServices['confidential'] = {
    add: async (input) => {
      const body = { term: input.term, ...(input.render ? { render: input.render } : {}), ...(input.slug ? { slug: input.slug } : {}) };
      return (await this.#api.request({ method: 'POST', path: '/confidential', body })).body as ConfidentialTermRecord;
    },
    remove: async (term, slug) => {
      // The list is named first, so a 404 below can only mean the term is not on it (an unknown article has no terms).
      const lists = (await this.#api.request({ method: 'GET', path: '/confidential', query: { slug } })).body as Record<
        'global' | 'article',
        readonly ConfidentialTermRecord[]
      >;
      const wanted = term.normalize('NFC').trim();
      const listed = (slug === undefined ? lists.global : lists.article).some((t) => t.term === wanted);
      if (!listed && slug === undefined) return false;
      try {
        // Not listed under a slug: asked all the same, so an article the server does not have is refused as it is here.
        await this.#api.request({ method: 'DELETE', path: '/confidential', query: { term: wanted, slug } });
      } catch (error) {
        if (!listed && error instanceof NotFoundError) return false;
        throw error;
      }
      return true;
    },
  };

  readonly glossary: WritingServices['glossary'] = {
    importFile: async (input) => {
      // One mode on the API: merge wins, as the command line never sends both (its options conflict).
      const mode = input.merge ? 'merge' : input.replace ? 'replace' : 'overwrite';
      const path = `/glossaries/${segment(input.from)}/${segment(input.to)}/csv`;
      const body = { content: input.content, mode, ...(input.file === undefined ? {} : { file: input.file }) };
      return (await this.#api.request({ method: 'POST', path, body })).body as GlossaryImported;
    },
  };

  readonly users: WritingServices['users'] = {
    add: async (input) => {
      if (input.password !== undefined) throw this.#noPassword('users add');
      const { body } = await this.#api.request({
        method: 'POST',
        path: '/users',
        body: { name: input.name, role: input.role, locales: [...(input.locales ?? [])] },
      });
      const { user, password } = body as { user: UserView; password: string };
      return { user, ...(password ? { generatedPassword: password } : {}) };
    },
    resetPassword: async (name, password) => {
      if (password !== undefined) throw this.#noPassword('users reset-password');
      const { body } = await this.#api.request({ method: 'POST', path: `/users/${segment(name)}/password`, body: {} });
      const answer = body as { name: string; password: string };
      return { user: { name: answer.name }, ...(answer.password ? { generatedPassword: answer.password } : {}) };
    },
    setRole: async (name, role) =>
      (await this.#api.request({ method: 'PUT', path: `/users/${segment(name)}/access`, body: { role } })).body as UserView,
    setLocales: async (name, locales) =>
      (await this.#api.request({ method: 'PUT', path: `/users/${segment(name)}/access`, body: { locales: [...locales] } }))
        .body as UserView,
  };

  readonly publish: WritingServices['publish'] = {
    publish: async (input) => {
      const { status, body } = await this.#api.request({
        method: 'POST',
        path: `/articles/${segment(input.slug)}/publications/${segment(input.locale)}`,
        body: { ...(input.at === undefined ? {} : { at: input.at }), ...this.#actor(input.actor.name, false) },
      });
      return { status: status === 201 ? 'published' : 'unchanged', version: body as VersionView };
    },
    unpublish: async (input) => {
      const path = `/articles/${segment(input.slug)}/publications/${segment(input.locale)}`;
      const query = this.#actor(input.actor.name, false);
      return ((await this.#api.request({ method: 'DELETE', path, query })).body as { unpublished: boolean }).unpublished;
    },
  };

  readonly memory: WritingServices['memory'] = {
    importFile: async (text, file) =>
      (await this.#api.request({ method: 'POST', path: '/memory/tmx', body: { content: text, ...(file ? { file } : {}) } }))
        .body as ImportSummary,
    deleteEntry: async (id, deletedBy) => {
      const query = this.#actor(deletedBy, false);
      return (await this.#api.request({ method: 'DELETE', path: `/memory/entries/${segment(id)}`, query })).body as Omit<
        MemoryTombstone,
        'kind'
      >;
    },
  };

  readonly xliff: WritingServices['xliff'] = {
    importFile: async (input) => {
      const content = typeof input.content === 'string' ? input.content : decodeUtf8(input.content, input.file, 'xliff');
      // Parsed here for its target locale only (a malformed file is refused as on the data directory); the server
      // parses it again and checks every unit.
      const { targetLocale } = await this.#xliff.parse(content, input.file);
      const body = {
        content,
        file: input.file,
        ...(input.agency === undefined ? {} : { agency: input.agency }),
        ...(input.approve ? { approve: true } : {}),
        ...this.#actor(input.importer.name, false),
      };
      return (await this.#api.request({ method: 'POST', path: `/xliff/${segment(targetLocale)}`, body })).body as XliffImportReport;
    },
  };

  get imports(): RemoteImports {
    return remoteImports(this.#api, this.#config.imports, (by, given) => this.#actor(by, given));
  }

  readonly apiTokens: WritingServices['apiTokens'] = {
    createFor: async (user, input) => {
      const body = {
        user,
        name: input.name,
        readOnly: input.readOnly ?? false,
        locales: [...(input.locales ?? [])],
        ...(input.expiresInDays === undefined ? {} : { days: input.expiresInDays }),
      };
      return (await this.#api.request({ method: 'POST', path: '/tokens', body })).body as { secret: string; token: ApiTokenListing };
    },
    listFor: async (user) =>
      ((await this.#api.request({ method: 'GET', path: '/tokens', query: { user } })).body as { items: ApiTokenListing[] }).items,
    revoke: async (id) => (await this.#api.request({ method: 'DELETE', path: `/tokens/${segment(id)}` })).body as ApiTokenView,
  };

  readonly mt: WritingServices['mt'] = {
    status: async () => {
      const { body } = await this.#api.request({ method: 'GET', path: '/mt' });
      const { operatorMessage, ...status } = body as {
        state: MtStatus['state'];
        message: string;
        operatorMessage?: string;
        blockedGlossaries: BlockedGlossary[];
      };
      // The command line says what it says beside a data directory: the service's sentence, not the one for web users.
      return { ...status, message: operatorMessage ?? status.message };
    },
    resume: async () => {
      await this.#api.request({ method: 'POST', path: '/mt/resume', body: {} });
    },
    retryFailedJobs: async () =>
      (await this.#api.request({ method: 'POST', path: '/mt/retry', body: {} })).body as {
        retried: number;
        jobs: ({ jobId: string } & MtJobTally)[];
      },
    // The server put its items left in flight back when it started.
    recover: async () => 0,
    enqueue: async (input) => {
      const body = { locales: [...(input.locales ?? [])], ...(input.slugs ? { slugs: [...input.slugs] } : {}) };
      const answer = (await this.#api.request({ method: 'POST', path: '/mt/jobs', body })).body as {
        jobId: string | null;
        added: number;
        skipped: number;
      };
      return { job: answer.jobId === null ? null : { id: answer.jobId }, added: answer.added, skipped: answer.skipped };
    },
    progress: async () => {
      const { queue } = (await this.#api.request({ method: 'GET', path: '/mt' })).body as { queue: MtStatus['queue'] };
      return { done: queue.done, failed: queue.failed, remaining: queue.queued + queue.inFlight };
    },
    workerReport: async () => ((await this.#api.request({ method: 'GET', path: '/mt' })).body as { worker: MtWorkerReport }).worker,
    jobReport: async (jobId) => (await this.#api.request({ method: 'GET', path: `/mt/jobs/${segment(jobId)}` })).body as MtJobReport,
    drain: null,
  };

  readonly feed: WritingServices['feed'] = {
    pollOnce: async () => (await this.#api.request({ method: 'POST', path: '/feed/poll', body: {} })).body as FeedPollReport,
  };

  /** The `actor` field of a write done for `by` (see RemoteServicesConfig.onBehalf): empty when the token's owner acts. */
  #actor(by: string, given: boolean): { readonly actor?: string } {
    return this.#config.onBehalf || given ? { actor: by } : {};
  }

  /** The API generates passwords and never takes one: a password given on the command line is refused, saying why. */
  #noPassword(command: string): ValidationError {
    return new ValidationError(
      `${command}: a password cannot be given through the server at ${this.#api.url}; leave out --password-stdin (one is generated) or stop the server`,
      [],
      { reason: 'remote.not-supported', params: { url: this.#api.url } },
    );
  }
}
