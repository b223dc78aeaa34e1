import { Command, CommanderError, type HelpContext } from 'commander';
import { loadConfig, type TandemConfig } from '../config.ts';
import { LockedError } from '../core/errors.ts';
import type { Tandem } from '../services/tandem.ts';
import type { CliComposition, CliContext, CliIo, DataAccess } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { describeError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, printable } from './errors.ts';

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
  const target = config.io ?? stdio;
  // Messages echo what was typed or read: shown, never obeyed, by the terminal.
  const io: CliIo = { out: target.out, err: (text) => target.err(printable(text)) };
  let exitCode = EXIT_OK;
  let tandemConfig: TandemConfig | undefined;

  const ctx: CliContext = {
    io,
    config() {
      tandemConfig ??= loadConfig(config.env ?? process.env);
      return tandemConfig;
    },
    async withTandem<T>(command: string, access: DataAccess, work: (tandem: Tandem) => Promise<T>): Promise<T> {
      let tandem: Tandem;
      try {
        tandem = await config.composition.open(ctx.config(), { lock: true });
      } catch (error) {
        if (error instanceof LockedError) {
          const what = access === 'write' ? 'change' : 'read';
          throw new LockedError(
            `${command}: cannot ${what} the data directory while another process owns it (usually a running "tandem serve"; use the web UI meanwhile): ${error.message}`,
          );
        }
        throw error;
      }
      try {
        return await work(tandem);
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
    io.err(`tandem: ${describeError(error)}`);
    return EXIT_FAILURE;
  }
}
