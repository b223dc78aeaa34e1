import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { startServeChild, type ServeChild } from '../support/serve-child.ts';
import { REPO } from './run-tandem.ts';

// Issue 15: "a test runs the CLI suite against a running server". In the `cli-server` vitest project
// (vitest.config.ts, tests/cli/server-mode-setup.ts) every CLI run of tests/cli/run-tandem.ts first makes sure a real
// `tandem serve` owns the run's data directory, so the command goes through its API (found by the server file) and
// the suite's own expectations check that it prints and exits as on the data directory. The server of a directory is
// started once and kept for the next commands (one start per test file's workspace); it is stopped when the test
// opens the directory itself (cli-setup.ts's withTandem: setup a test would otherwise do through the web UI), when a
// command brings another environment, and after the file.

/**
 * Commands that cannot go through a server yet: in this mode they run on the data directory with its server stopped,
 * like the test's own setup, so a suite that uses them still runs its other commands through the server. A command
 * leaves this list when it goes through a server; every command that can does now, so the list is empty.
 */
const NOT_THROUGH_A_SERVER: readonly string[] = [];

/**
 * Suites whose servers run `tandem serve --role web`, without the background duties, because the suite itself is
 * what those duties would do or what they would change: feed.test.ts polls the feed and expects the first poll to find
 * its items new, which the server's own poller (polling at start) would already have imported; status-mt.test.ts plants
 * queue items waiting for a retry (due by the clock) and one queued, which the server's MT worker would send at once
 * (to an unreachable provider) before `status` reads them. Every command still goes through the server.
 */
const WITHOUT_BACKGROUND_DUTIES: readonly string[] = ['tests/cli/feed.test.ts', 'tests/cli/status-mt.test.ts'];

let enabled = false;
let role: 'all' | 'web' = 'all';
const running = new Map<string, { readonly key: string; readonly serve: ServeChild }>();

/** Turn the mode on or off for the test file at `file` (the `cli-server` project's setup file does, around each one). */
export function setThroughServer(on: boolean, file?: string): void {
  enabled = on;
  role = file && WITHOUT_BACKGROUND_DUTIES.includes(relative(REPO, file)) ? 'web' : 'all';
}

/** Whether CLI runs go through a running server (the `cli-server` project). */
export function throughServer(): boolean {
  return enabled;
}

/** The data directory a run works on, absolute, or null when the mode leaves it alone. */
function dataDirOf(env: Readonly<Record<string, string>>): string | null {
  // A remote Tandem or a database server is not this directory's; no directory at all would be the repository's own.
  if (!enabled || !env.TANDEM_DATA_DIR || env.TANDEM_URL || env.TANDEM_DATABASE_URL) return null;
  return resolve(REPO, env.TANDEM_DATA_DIR);
}

async function stop(dataDir: string): Promise<void> {
  const found = running.get(dataDir);
  if (!found) return;
  running.delete(dataDir);
  const { process: child } = found.serve.child;
  if (child.exitCode === null && child.signalCode === null) await found.serve.stop();
}

/**
 * Make sure a server owns the data directory of `env` with this very environment, before a CLI run of `args` on it
 * (or that none does, for a command NOT_THROUGH_A_SERVER). A server
 * that cannot start (an invalid environment, a directory another process holds) leaves the run to meet the same
 * refusal itself, as it would without the mode.
 */
export async function serveBeforeRun(args: readonly string[], env: Readonly<Record<string, string>>): Promise<void> {
  const dataDir = dataDirOf(env);
  if (!dataDir) return;
  if (NOT_THROUGH_A_SERVER.includes(args[0] ?? '')) return stop(dataDir);
  // A server always made its directory first; one named but never made (`/nonexistent/…`) stays unmade.
  if (!existsSync(dataDir)) return stop(dataDir);
  // Workspaces removed by earlier tests: their servers go first.
  for (const dir of [...running.keys()]) if (!existsSync(dir)) await stop(dir);
  const serverEnv: Record<string, string> = {
    ...env,
    TANDEM_DATA_DIR: dataDir,
    // The first start of a server imports the samples of `<content>/ko` into an empty store, which a command on the
    // data directory never does: the server looks for them where there are none, and publishes where the run would.
    TANDEM_CONTENT_DIR: join(dataDir, '..', '.no-samples'),
    TANDEM_PUBLISH_DIR: resolve(REPO, env.TANDEM_PUBLISH_DIR ?? env.TANDEM_CONTENT_DIR ?? 'content'),
  };
  const key = JSON.stringify({ role, serverEnv });
  const current = running.get(dataDir);
  if (current?.key === key && current.serve.child.process.exitCode === null) return;
  await stop(dataDir);
  try {
    running.set(dataDir, { key, serve: await startServeChild(serverEnv, role) });
  } catch {
    // Not startable here: the command meets the same configuration or lock on its own.
  }
}

/** Stop the server of `env`'s data directory, if one runs, so the test can open the directory itself. */
export async function releaseServer(env: Readonly<Record<string, string>>): Promise<void> {
  const dataDir = dataDirOf(env);
  if (dataDir) await stop(dataDir);
}

/** Stop every server the mode started (after each test file). */
export async function stopServers(): Promise<void> {
  await Promise.all([...running.keys()].map(stop));
}
