import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startChild, type Child } from '../cli/run-tandem.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's one-file build of the `tandem` program (bundle-global-setup.ts), null when it could not be built. */
    tandemBundle: string | null;
    /** Why the build failed, null when it did not. */
    tandemBundleError: string | null;
  }
}

/** What a running `tandem serve` child left in its data directory for the command line. */
export interface ServerFileContent {
  readonly url: string;
  readonly token: string;
  readonly tokenId: string;
  readonly pid: number;
}

export interface ServeChild {
  readonly child: Child;
  /** What the server file said once the server announced it. */
  readonly file: ServerFileContent;
  /** SIGTERM (a clean shutdown) and the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the server file and the lock stay behind. */
  kill(): Promise<void>;
}

export const SERVER_FILE = 'tandem.server.json';

/**
 * The program file `tandem serve` children run: the run's one-file build of what bin/tandem.js runs (tandem-bundle.ts:
 * the same code, started in half the CPU time). Throws when the build failed, with its error.
 */
export function serveProgram(): string {
  const program = inject('tandemBundle');
  if (!program)
    throw new Error(`serve-child: no build of tandem for this run: ${inject('tandemBundleError') ?? 'globalSetup did not run'}`);
  return program;
}

/**
 * A real `tandem serve` process (serveProgram) on `env`'s data directory, on a free port, resolved once it has written
 * its server file (it logs that; LOG_LEVEL is forced to info for the line). `role` is its `--role` (default `all`).
 */
export async function startServeChild(env: Record<string, string>, role: 'all' | 'web' = 'all'): Promise<ServeChild> {
  const child = startChild(process.execPath, [serveProgram(), 'serve', '--role', role], { ...env, PORT: '0', LOG_LEVEL: 'info' });
  await child.waitForLine(/"msg":"server file written for the local command line"/);
  const file = JSON.parse(await readFile(join(env.TANDEM_DATA_DIR!, SERVER_FILE), 'utf8')) as ServerFileContent;
  return {
    child,
    file,
    async stop() {
      child.process.kill('SIGTERM');
      return child.exited;
    },
    async kill() {
      child.process.kill('SIGKILL');
      await child.exited;
    },
  };
}
