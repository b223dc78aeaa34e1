import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import { childEnv, REPO } from '../cli/run-tandem.ts';
import { serveProgram } from '../support/serve-child.ts';

// The processes of the several-instances test (several-instances.test.ts): `tandem serve --role web|worker` children
// on one database, whose JSON log lines the test waits for.

/** One `tandem serve --role <role>` child and its log. */
export interface Instance {
  readonly name: string;
  readonly process: ChildProcess;
  /** The web instance's URL (null for a worker). */
  readonly url: string | null;
  /** Every stdout line as it comes (pino JSON). */
  readonly lines: EventEmitter<{ line: [string] }>;
  /** The lines so far. */
  readonly logged: readonly string[];
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/**
 * Start `tandem serve --role <role>` and resolve once it is ready: a web instance when it listens, a worker when it
 * logged `worker started`. Rejects with its stderr when it exits first.
 */
export function startInstance(name: string, role: 'web' | 'worker', env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [serveProgram(), 'serve', '--role', role], {
    cwd: REPO,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines = new EventEmitter<{ line: [string] }>();
  const logged: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    logged.push(line);
    lines.emit('line', line);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = role === 'web' ? /"msg":"server listening"/ : /"msg":"worker started"/;
  return new Promise((resolve, reject) => {
    const onLine = (line: string) => {
      if (!ready.test(line)) return;
      lines.off('line', onLine);
      const url = role === 'web' ? (JSON.parse(line) as { url: string }).url : null;
      resolve({ name, process: child, url, lines, logged, exited, stderr: () => stderr });
    };
    lines.on('line', onLine);
    void exited.then((code) => reject(new Error(`${name} exited (${code}) before it was ready: ${stderr.slice(-2000)}`)));
  });
}

/**
 * Resolve once `check()` holds, asking it now and again after each log line matching `pattern` from any of
 * `instances` (the event that may have made it true).
 */
export function whenLogged(instances: readonly Instance[], pattern: RegExp, check: () => Promise<boolean>): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    let asking = Promise.resolve();
    const ask = () => {
      asking = asking.then(async () => {
        if (done) return;
        try {
          if (await check()) finish();
        } catch (error) {
          finish(error);
        }
      });
    };
    const onLine = (line: string) => {
      if (pattern.test(line)) ask();
    };
    const finish = (error?: unknown) => {
      done = true;
      for (const i of instances) i.lines.off('line', onLine);
      if (error) reject(error);
      else resolve();
    };
    for (const i of instances) i.lines.on('line', onLine);
    ask();
  });
}

/** SIGTERM the instance and resolve with its exit code. */
export async function stopInstance(instance: Instance): Promise<number | null> {
  if (instance.process.exitCode === null && instance.process.signalCode === null) instance.process.kill('SIGTERM');
  return instance.exited;
}
