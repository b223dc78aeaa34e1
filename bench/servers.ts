// Real servers for the benchmarks: `tandem serve` on a data directory, a bare Express hello-world, a signed-in
// editor's cookie, sequential GET medians and autocannon throughput.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { EDITOR, PASSWORD, tandemEnv } from './archive-data.ts';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(REPO, 'bin/tandem.js');
/** autocannon connections and seconds per run. */
export const CONNECTIONS = 10;
export const CANNON_SECONDS = 5;

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** How long a server may take to answer its first request (BENCH_START_TIMEOUT seconds, default 600). */
const START_TIMEOUT_MS = Number(process.env.BENCH_START_TIMEOUT ?? 600) * 1000;

export async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bench: the server exited with ${child.exitCode} before answering`);
    if (performance.now() > deadline) throw new Error(`bench: the server did not answer within ${START_TIMEOUT_MS / 1000} s`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface Server {
  readonly url: string;
  readonly startMs: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `tandem serve` as an operator starts it (`extra`: more environment, e.g. TANDEM_DATABASE_URL); start time is spawn
 * until /healthz answers. Logs (level info) are discarded.
 */
export async function startTandem(dataDir: string, extra: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: REPO,
    env: tandemEnv(dataDir, { ...extra, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The last of stderr, to say why a server that exits before answering did so.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child);
  } catch (error) {
    await stopChild(child);
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return { url, startMs: performance.now() - started, child, stop: () => stopChild(child) };
}

export async function startHelloWorld(): Promise<Server> {
  const port = await freePort();
  const script = `import express from 'express'; const app = express(); app.get('/', (_req, res) => { res.send('Hello World!'); }); app.listen(${port}, '127.0.0.1');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { url, startMs: 0, child, stop: () => stopChild(child) };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  // A child ended by a signal has a signalCode and no exitCode.
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  // A server still opening its stores has no signal handler yet and may be busy: end it after 10 s.
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Log in as the bench editor; resolves to the Cookie header of the session. */
export async function login(url: string): Promise<string> {
  const page = await fetch(`${url}/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  const anonymous = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!csrf) throw new Error('bench: no CSRF token on the login page');
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anonymous },
    body: new URLSearchParams({ name: EDITOR, password: PASSWORD, _csrf: csrf }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('tandem_session='));
  if (res.status !== 303 || !session) throw new Error(`bench: login answered ${res.status}`);
  return session.split(';')[0]!;
}

/** Milliseconds for one GET read to the end; throws on a status other than 200. */
export async function timeGet(url: string, cookie?: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`bench: GET ${url} answered ${res.status}`);
  return performance.now() - started;
}

/** Median of sequential GETs: up to `count`, stopping early (after at least 3) once `budgetMs` is spent. */
export async function medianGet(url: string, cookie: string | undefined, count: number, budgetMs: number): Promise<number> {
  const times: number[] = [];
  const started = performance.now();
  while (times.length < count && (times.length < 3 || performance.now() - started < budgetMs)) times.push(await timeGet(url, cookie));
  return median(times);
}

export async function requestsPerSecond(url: string, cookie?: string): Promise<number> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: CANNON_SECONDS,
    ...(cookie ? { headers: { cookie } } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`bench: ${url} answered ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}
