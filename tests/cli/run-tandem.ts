import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { serveBeforeRun } from './server-mode.ts';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin/tandem.js');
export const SAMPLES = join(REPO, 'content/ko');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment a child sees: ours without any TANDEM_* or other Tandem settings, plus `env`. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('TANDEM_') && !k.startsWith('DEEPL_') && !['PORT', 'HOST', 'LOG_LEVEL'].includes(k),
    ),
  );
  return { ...clean, ...env };
}

/** Run `node bin/tandem.js …args` to completion (beside a running server in the `cli-server` project: server-mode.ts). */
export async function runTandem(args: readonly string[], env: Record<string, string>, cwd: string = REPO): Promise<CliRun> {
  await serveBeforeRun(args, env);
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: childEnv(env), encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** Non-empty lines of a stream's text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/** A fresh temp directory holding `data/` (empty) and `articles/` (a copy of the sample articles). */
export async function workspace(): Promise<{
  readonly dir: string;
  readonly dataDir: string;
  readonly articles: string;
  cleanup(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-cli-'));
  const articles = join(dir, 'articles');
  await cp(SAMPLES, articles, { recursive: true });
  return { dir, dataDir: join(dir, 'data'), articles, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A child process plus a way to wait for a line on its stdout. */
export interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first stdout line matching `pattern` (rejects if the process exits first). */
  waitForLine(pattern: RegExp): Promise<string>;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** Everything written to stderr so far. */
  stderr(): string;
}

export function startChild(command: string, args: readonly string[], env: Record<string, string>): Child {
  const child = spawn(command, args, { cwd: REPO, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const seen: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    seen.push(line);
    for (const w of [...waiters]) {
      if (w.pattern.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  void exited.then(() => {
    for (const w of waiters.splice(0)) w.reject(new Error(`process exited before printing ${w.pattern}; stderr: ${stderr}`));
  });
  return {
    process: child,
    exited,
    stderr: () => stderr,
    waitForLine(pattern) {
      const found = seen.find((l) => pattern.test(l));
      if (found) return Promise.resolve(found);
      if (child.exitCode !== null) return Promise.reject(new Error(`process already exited; stderr: ${stderr}`));
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
  };
}

/**
 * Run the same program in this process (as bin/tandem.js does, through main.ts's composition) with captured output: for failure paths, where spawning a fresh Node for
 * every case would only add start-up time. `env` replaces the environment entirely. Beside a running server in the
 * `cli-server` project (server-mode.ts).
 */
export async function runInProcess(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  await serveBeforeRun(args, env);
  const { runTandemCli } = await import('../../src/main.ts');
  let stdout = '';
  let stderr = '';
  const code = await runTandemCli(['node', 'tandem', ...args], {
    env,
    io: { out: (text) => void (stdout += `${text}\n`), err: (text) => void (stderr += `${text}\n`) },
  });
  return { code, stdout, stderr };
}
