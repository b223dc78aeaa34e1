import type { Command } from 'commander';
import type { TandemConfig } from '../config.ts';
import type { Check, CheckTranslate } from '../core/ports/check.ts';
import type { ReadingServices } from '../services/remote-reading.ts';
import type { WritingServices } from '../services/remote-services.ts';
import type { CopyProgress, StorageCopyResult } from '../services/storage-copy/index.ts';
import type { Tandem } from '../services/tandem.ts';

/** Where a command writes: lines to stdout and one-line errors to stderr. Tests capture them. */
export interface CliIo {
  /** Write one line (or several joined by newlines) to standard output. */
  out(text: string): void;
  /** Write one line to standard error. */
  err(text: string): void;
}

/**
 * What the composition root hands the CLI (src/main.ts builds it): the CLI never imports main.ts or an adapter, so the
 * dependency rule holds and `tandem --help` loads no adapter.
 */
export interface CliComposition {
  /**
   * Open the data directory named by `config` and build its services; with `lock: true` take the data-directory lock
   * first. Throws a LockedError when another process owns the directory, a ConfigError for unusable settings.
   */
  open(config: TandemConfig, options: { readonly lock: boolean }): Promise<Tandem>;
  /**
   * Start the web server on the data directory and resolve once it listens (it then runs until SIGTERM/SIGINT); for
   * role `worker` the worker duties without a listener. Throws a LockedError when another process owns the directory,
   * a ConfigError for `web` or `worker` without a shared database.
   */
  serve(config: TandemConfig, role: ServeRole): Promise<unknown>;
  /** The quality check registry (src/checks/index.ts), for `tandem check --list` without opening the data directory. */
  readonly checks: readonly Check[];
  /**
   * Bring the server database named by `config` (TANDEM_DATABASE_URL) up to this version's schema, without opening the
   * data directory (a running server keeps it). Throws a ConfigError when the configured backend has no database.
   */
  migrateDatabase(config: TandemConfig): Promise<DatabaseMigration>;
  /**
   * Copy the lowdb data directory `dir` into the database of TANDEM_DATABASE_URL (migrating it first) and verify it,
   * holding `dir`'s lock and never writing into it. Throws a LockedError while another process owns `dir`, and
   * errors with message codes for a missing database URL, a folder that is no data directory, a corrupt source file
   * or an unusable database.
   */
  importLowdb(config: TandemConfig, dir: string, onProgress?: CopyProgress): Promise<LowdbImport>;
  /**
   * i18next's `t` bound to `language` (`en`, `ko`), for text the CLI shows in the reader's language (check results).
   * Throws a ValidationError for a language Tandem ships no texts in.
   */
  translator(language: string): Promise<CheckTranslate>;
  /**
   * The writing services of a running Tandem server: the one `config.remote` names (TANDEM_URL, TANDEM_TOKEN), else
   * the one whose server file lies in the data directory and answers; null when there is neither (a file left behind
   * by a killed server counts as none).
   */
  remote(config: TandemConfig): Promise<WritingServices | null>;
  /** The reading services of the running Tandem server `remote` would find; null when there is none. */
  remoteReading(config: TandemConfig): Promise<ReadingServices | null>;
}

/**
 * What one `tandem serve` process does: `web` serves HTTP only, `worker` runs the MT worker and the other background
 * duties without HTTP, `all` both (the default; the only role on lowdb).
 */
export const SERVE_ROLES = ['web', 'worker', 'all'] as const;
export type ServeRole = (typeof SERVE_ROLES)[number];

/** What `tandem db migrate` did: the migration files applied now, in order, and the schema version afterwards. */
export interface DatabaseMigration {
  readonly applied: readonly string[];
  readonly version: number;
}

/** What `tandem db import-lowdb` did: the migrations it applied first, then the copy and its verification. */
export interface LowdbImport extends StorageCopyResult {
  /** The source directory, absolute. */
  readonly dataDir: string;
  /** Migration files applied to the database before the copy (empty when it was up to date). */
  readonly migrations: readonly string[];
  /** The schema version of the database. */
  readonly schemaVersion: number;
}

/** Whether a command changes the data directory; writers take the data-directory lock. */
export type DataAccess = 'read' | 'write';

/** What every command gets from the CLI shell. */
export interface CliContext {
  /** Standard output and error. */
  readonly io: CliIo;
  /** The configuration, read from the environment once, on first use (so `--help` works with a broken environment). */
  config(): TandemConfig;
  /**
   * Open the data directory, run `work`, and close it again whatever happens. Both kinds of access take the
   * data-directory lock (opening the store may repair its index, which is a write); when a server or another command
   * owns the directory, this fails with a LockedError that says so.
   */
  withTandem<T>(command: string, access: DataAccess, work: (tandem: Tandem) => Promise<T>): Promise<T>;
  /**
   * Run a writing command: on the data directory as withTandem does, or through a server's REST API, the way `docker`
   * talks to its daemon, when TANDEM_URL is set or a running server owns the directory and left its server file there.
   * Fails with the same LockedError as withTandem when another process owns the directory and no server answers.
   */
  withServices<T>(command: string, work: (services: WritingServices) => Promise<T>): Promise<T>;
  /**
   * Run a read-only command: on the data directory, or through a server's REST API when TANDEM_URL is set or a running
   * server owns the directory (as withServices). Fails with the same LockedError when another process owns the
   * directory and no server answers.
   */
  withReading<T>(command: string, work: (services: ReadingServices) => Promise<T>): Promise<T>;
  /** Start the web server or worker with the configuration (`tandem serve`); rejects as CliComposition.serve does. */
  serve(role: ServeRole): Promise<void>;
  /** Migrate the configured server database (CliComposition.migrateDatabase). */
  migrateDatabase(): Promise<DatabaseMigration>;
  /** Import a lowdb data directory into the configured database (CliComposition.importLowdb). */
  importLowdb(dir: string, onProgress?: CopyProgress): Promise<LowdbImport>;
  /** The quality check registry (CliComposition.checks). */
  readonly checks: readonly Check[];
  /** i18next's `t` in `language`, as CliComposition.translator. */
  translator(language: string): Promise<CheckTranslate>;
  /** Make the process exit with this code once the command returns (for partial failures already reported). */
  setExitCode(code: number): void;
}

/**
 * One `tandem` sub-command. Adding a command is one file exporting a CliCommand plus one line in `commands/index.ts`.
 * @example
 * export const helloCommand = {
 *   name: 'hello',
 *   register(program, ctx) {
 *     program.command('hello').description('say hello').action(() => ctx.io.out('hello'));
 *   },
 * } satisfies CliCommand;
 */
export interface CliCommand {
  /** The sub-command name as typed (`import`, `status`…); unique in the registry. */
  readonly name: string;
  /** Add the sub-command, its arguments, options and action to `program`. */
  register(program: Command, ctx: CliContext): void;
}
