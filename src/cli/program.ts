import { Command, CommanderError, type HelpContext } from 'commander';
import { loadConfig, type TandemConfig } from '../config.ts';
import { LockedError, ValidationError } from '../core/errors.ts';
import { localReading } from '../services/local-reading.ts';
import type { ReadingServices } from '../services/remote-reading.ts';
import type { WritingServices } from '../services/remote-services.ts';
import type { Tandem } from '../services/tandem.ts';
import type { CliComposition, CliContext, CliIo, DataAccess } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import {
  ArgumentRefusal,
  commandRefusal,
  describeError,
  describeErrorIn,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  isWordedError,
  printable,
} from './errors.ts';

/** How `runCli` runs: the composition it opens data directories with, and where its input and output go. */
export interface RunCliConfig {
  /** Builds the services and the server; src/main.ts passes its own (`openTandem`, `serve`). */
  readonly composition: CliComposition;
  /** Standard output and error (default: the process's). */
  readonly io?: CliIo;
  /** The environment the configuration is read from (default: `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

const stdio: CliIo = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
};

let pipesWatched = false;

/**
 * When the reader of the output goes away (`tandem status | head -1`), stop quietly, as Unix tools stopped by SIGPIPE
 * do. Node ignores SIGPIPE, so the write fails with EPIPE instead, an 'error' event that would otherwise end the
 * process with a stack trace. Any other failure to write is said in one line.
 */
function watchPipes(): void {
  if (pipesWatched) return;
  pipesWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
      if (stream !== process.stderr) process.stderr.write(`tandem: cannot write the output: ${error.message}\n`);
      process.exit(EXIT_FAILURE);
    });
  }
}

/**
 * Commander's Command, except that a missing or unknown sub-command (`tandem glossary`, `tandem help nope`) is a
 * one-line usage error like every other, where Commander prints the whole help on stderr.
 */
class TandemCommand extends Command {
  override createCommand(name?: string): Command {
    return new TandemCommand(name);
  }

  override help(context?: HelpContext | ((text: string) => string)): never {
    if (typeof context === 'object' && context.error) {
      const names = this.commands.map((c) => c.name()).join(', ');
      this.error(this.parent ? `error: ${this.name()} needs a sub-command: ${names}` : `error: name a command: ${names}`);
    }
    return super.help(context as HelpContext);
  }
}

/** Build the `tandem` program with every registered command. */
export function buildProgram(ctx: CliContext): Command {
  const program = new TandemCommand('tandem')
    .description('Tandem: translate and review newsroom articles (Korean source → en, ja, zh-Hans)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.out(text.replace(/\n$/, '')),
      writeErr: (text) => ctx.io.err(text.replace(/\n$/, '')),
      // Usage errors stay one line, in the same shape as every other failure.
      outputError: (text, write) => write(`${text.trim().replace(/^error: /, 'tandem: ')} (see tandem --help)\n`),
    });
  for (const command of COMMANDS) command.register(program, ctx);
  return program;
}

/** Run the CLI on `argv` (as process.argv) and resolve to the exit code; never throws, never prints a stack trace. */
export async function runCli(argv: readonly string[], config: RunCliConfig): Promise<number> {
  if (!config.io) watchPipes();
  const target = config.io ?? stdio;
  // Messages echo what was typed or read: shown, never obeyed, by the terminal.
  const io: CliIo = { out: target.out, err: (text) => target.err(printable(text)) };
  let exitCode = EXIT_OK;
  let tandemConfig: TandemConfig | undefined;

  /**
   * The refusal of a command that found the data directory owned by another process, said once: whether a server
   * answers there (`served`: the command cannot go through one yet) or nothing the command could go through does.
   */
  const lockedRefusal = (command: string, access: DataAccess, error: LockedError, served = false): LockedError => {
    const { dataDir, owner } = error.params;
    if (dataDir === undefined || owner === undefined) return error;
    const what = access === 'write' ? 'change' : 'read';
    return new LockedError(
      served
        ? `${command}: cannot ${what} data directory ${dataDir}: the running Tandem server ${owner} owns it and this command does not go through a server; use the web UI or stop the server`
        : `${command}: cannot ${what} data directory ${dataDir}: another Tandem process ${owner} owns it and left no server to go through; stop it or set TANDEM_DATA_DIR to another directory`,
      error.params,
    );
  };
  /** Open the data directory with its lock, or fail with the locked refusal. */
  const openLocked = async (command: string, access: DataAccess): Promise<Tandem> => {
    try {
      return await config.composition.open(ctx.config(), { lock: true });
    } catch (error) {
      if (!(error instanceof LockedError)) throw error;
      throw lockedRefusal(command, access, error, (await config.composition.remoteReading(ctx.config())) !== null);
    }
  };

  // Work done through a server's API: its refusals of the token's role read as this command's (commandRefusal).
  const viaServer = async <T>(command: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw commandRefusal(command, error);
    }
  };

  const ctx: CliContext = {
    io,
    config() {
      tandemConfig ??= loadConfig(config.env ?? process.env);
      return tandemConfig;
    },
    async withTandem<T>(command: string, access: DataAccess, work: (tandem: Tandem) => Promise<T>): Promise<T> {
      const remote = ctx.config().remote;
      if (remote) {
        throw new ValidationError(
          `${command}: works on the local data directory only, and TANDEM_URL points at ${remote.url}; unset TANDEM_URL and TANDEM_TOKEN to run it here`,
          [],
          { reason: 'remote.not-supported', params: { url: remote.url } },
        );
      }
      const tandem = await openLocked(command, access);
      try {
        return await work(tandem);
      } finally {
        await tandem.close();
      }
    },
    async withServices<T>(command: string, work: (services: WritingServices) => Promise<T>): Promise<T> {
      const settings = ctx.config();
      if (settings.remote) return viaServer(command, async () => work((await config.composition.remote(settings))!));
      let tandem: Tandem;
      try {
        tandem = await config.composition.open(settings, { lock: true });
      } catch (error) {
        if (!(error instanceof LockedError)) throw error;
        // A live owner that left its server file: the command goes through its API instead of being refused.
        const remote = await config.composition.remote(settings);
        if (!remote) throw lockedRefusal(command, 'write', error);
        return viaServer(command, () => work(remote));
      }
      try {
        return await work(tandem);
      } finally {
        await tandem.close();
      }
    },
    async withReading<T>(command: string, work: (services: ReadingServices) => Promise<T>): Promise<T> {
      const settings = ctx.config();
      if (settings.remote) return viaServer(command, async () => work((await config.composition.remoteReading(settings))!));
      let tandem: Tandem;
      try {
        tandem = await config.composition.open(settings, { lock: true });
      } catch (error) {
        if (!(error instanceof LockedError)) throw error;
        const remote = await config.composition.remoteReading(settings);
        if (!remote) throw lockedRefusal(command, 'read', error);
        return viaServer(command, () => work(remote));
      }
      try {
        return await work(localReading(tandem));
      } finally {
        await tandem.close();
      }
    },
    async serve(role) {
      await config.composition.serve(ctx.config(), role);
    },
    migrateDatabase: () => config.composition.migrateDatabase(ctx.config()),
    importLowdb: (dir, onProgress) => config.composition.importLowdb(ctx.config(), dir, onProgress),
    checks: config.composition.checks,
    translator: (language) => config.composition.translator(language),
    setExitCode(code) {
      exitCode = Math.max(exitCode, code);
    },
  };

  try {
    await buildProgram(ctx).parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help that was asked for, with exit code 0).
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (isWordedError(error)) {
      const t = await ctx.translator('en').catch(() => null);
      const usage = error instanceof ArgumentRefusal;
      io.err(`tandem: ${t ? describeErrorIn(error, t) : describeError(error)}${usage ? ' (see tandem --help)' : ''}`);
      return usage ? EXIT_USAGE : EXIT_FAILURE;
    }
    io.err(`tandem: ${describeError(error)}`);
    return EXIT_FAILURE;
  }
}
