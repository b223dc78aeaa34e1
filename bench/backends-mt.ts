// The MT figure of bench/backends.ts: throughput of one MT worker process and of two on the same PostgreSQL database,
// against the fake DeepL server answering after 200 ms. One database holding MT_ARTICLES articles with every segment
// queued is built once as a template; each round drains a fresh copy of it (CREATE DATABASE … TEMPLATE), one worker
// and two workers alternating (1, 2, 1, 2 …), and the figure compares the medians, so a burst of load on a shared
// machine moves one round, not the verdict. Each round prints its rate, the 1-minute load average and the CPU spent
// per item: by the workers (their own count, process.cpuUsage), by the PostgreSQL cluster (from /proc, when the
// cluster runs on this machine) and by this process (the fake DeepL server).
// BENCH_MT_ARTICLES (default 200, --quick 100), BENCH_MT_ROUNDS (pairs of rounds, default 3), BENCH_MT_PROFILE=<dir>
// (the workers write CPU profiles there).
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openTandem } from '../src/main.ts';
import { makeRecord } from '../tests/fixtures/storage/records.ts';
import { tandemEnv } from './archive-data.ts';
import { createDatabase, loadPostgres, SEGMENTS } from './backends-data.ts';
import { median, REPO, stopChild } from './servers.ts';

export const MT_LATENCY_MS = 200;
const PROFILE = process.env.BENCH_MT_PROFILE;
const TEMPLATE = 'tandem_bench_mt_template';

/** A row of the bench's table. */
export interface MtRow {
  readonly figure: string;
  readonly lowdb: string;
  readonly postgres: string;
  readonly target: string;
  readonly pass: boolean;
}

/** What one round measured: items a second, and CPU milliseconds per item (null: not measurable here). */
interface Round {
  readonly workers: number;
  readonly rate: number;
  readonly load: number;
  readonly workerCpu: number;
  readonly postgresCpu: number | null;
  readonly benchCpu: number;
  readonly timeline: string;
}

/**
 * Where a drain's time went, from the fake DeepL server's arrival times (ms, performance.now()) of the drain's requests:
 * until the first request, after the last answer, and how many of the workers' request slots were busy meanwhile.
 */
function timeline(arrivals: readonly number[], started: number, ended: number, slots: number): string {
  if (arrivals.length === 0) return 'no request';
  const first = arrivals[0]!;
  const lastAnswer = arrivals.at(-1)! + MT_LATENCY_MS;
  const busy = (arrivals.length * MT_LATENCY_MS) / ((lastAnswer - first) * slots);
  return (
    `${arrivals.length} requests; first after ${(first - started).toFixed(0)} ms, last answer ${(ended - lastAnswer).toFixed(0)} ms` +
    ` before the end; slots busy ${(busy * 100).toFixed(0)} % in between`
  );
}

/** Start `count` worker processes on `env`, let them drain together; resolves to the rate and the workers' CPU. */
async function drainWith(
  env: NodeJS.ProcessEnv,
  count: number,
  items: number,
  arrivals: number[],
): Promise<{ rate: number; cpuMs: number; timeline: string }> {
  const workers = Array.from({ length: count }, () =>
    spawn(
      process.execPath,
      [...(PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : []), '--import', 'tsx', join(REPO, 'bench/mt-worker.ts')],
      {
        cwd: REPO,
        env,
        stdio: ['pipe', 'pipe', 'inherit'],
        // Each worker in its own session, as separately started services are: with the kernel's autogroup scheduling,
        // processes of one session share one session's CPU time, so two workers started together would split one share.
        detached: true,
      },
    ),
  );
  try {
    const lines = workers.map((w) => createInterface({ input: w.stdout! })[Symbol.asyncIterator]());
    for (const line of lines) if ((await line.next()).value !== 'ready') throw new Error('bench: an MT worker did not start');
    const started = performance.now();
    arrivals.length = 0;
    for (const w of workers) w.stdin!.write('go\n');
    const summaries = await Promise.all(
      lines.map(async (line) => JSON.parse((await line.next()).value as string) as { drafts: number; cpuMs: number }),
    );
    const ms = performance.now() - started;
    const drafts = summaries.reduce((n, s) => n + s.drafts, 0);
    if (drafts !== items) throw new Error(`bench: ${count} worker(s) applied ${drafts} drafts for ${items} queued items`);
    // Two requests in flight a worker (src/main.ts).
    const slots = count * 2;
    return {
      rate: items / (ms / 1000),
      cpuMs: summaries.reduce((n, s) => n + s.cpuMs, 0),
      timeline: timeline(arrivals, started, started + ms, slots),
    };
  } finally {
    for (const w of workers) await stopChild(w);
  }
}

/** The template: MT_ARTICLES untranslated articles with every segment queued for every target locale. */
async function buildTemplate(adminUrl: string, dataDir: string, fakeUrl: string, articles: number): Promise<number> {
  const url = await createDatabase(adminUrl, TEMPLATE);
  await loadPostgres(url, articles, (n) => makeRecord(`mt-${n}`, { segments: SEGMENTS, seed: n + 1 }));
  await mkdir(dataDir, { recursive: true });
  const env = tandemEnv(dataDir, { TANDEM_DATABASE_URL: url, DEEPL_AUTH_KEY: 'bench:fx', DEEPL_SERVER_URL: fakeUrl });
  const tandem = await openTandem(loadConfig(env), { lock: false });
  try {
    return (await tandem.mt.enqueue({ by: 'bench' })).added;
  } finally {
    await tandem.close();
  }
}

/** A fresh copy of the template named `name`; resolves to its URL. */
async function copyTemplate(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    // The template's last sessions (closed by the enqueue above) may still be ending: PostgreSQL refuses to copy a
    // database someone is connected to (55006), so those are ended and the copy tried again.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error;
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [TEMPLATE]);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

const TICK_MS = (() => {
  try {
    return 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return 10;
  }
})();

/** utime, stime, cutime, cstime of a process in clock ticks, and its parent, or null when it is gone. */
function procTimes(pid: number): { ppid: number; ticks: number } | null {
  try {
    // The command name (field 2) may hold spaces: the fields after it start after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) };
  } catch {
    return null;
  }
}

/**
 * CPU milliseconds the cluster of `postmaster` has used so far: the postmaster, its live children, and (through the
 * postmaster's cutime/cstime) every child that ended. Null when /proc does not show it (a server elsewhere).
 */
function clusterCpuMs(postmaster: number | null): number | null {
  if (postmaster === null) return null;
  const own = procTimes(postmaster);
  if (!own) return null;
  let ticks = own.ticks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procTimes(Number(entry));
    if (child?.ppid === postmaster) ticks += child.ticks;
  }
  return ticks * TICK_MS;
}

/** The postmaster's process id, when the server runs on this machine and /proc shows it. */
async function postmasterOf(adminUrl: string): Promise<number | null> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return procTimes(rows[0]!.pid)?.ppid ?? null;
  } catch {
    return null;
  } finally {
    await admin.end();
  }
}

/** One round: a fresh copy of the template drained by `workers` processes. */
async function round(
  adminUrl: string,
  work: string,
  k: number,
  workers: number,
  items: number,
  fakeUrl: string,
  postmaster: number | null,
  arrivals: number[],
): Promise<Round> {
  const name = `tandem_bench_mt_r${k}`;
  const url = await copyTemplate(adminUrl, name);
  const dataDir = join(work, `mt-r${k}`);
  await mkdir(dataDir, { recursive: true });
  const env = tandemEnv(dataDir, { TANDEM_DATABASE_URL: url, DEEPL_AUTH_KEY: 'bench:fx', DEEPL_SERVER_URL: fakeUrl });
  const load = loadavg()[0]!;
  const pgBefore = clusterCpuMs(postmaster);
  const benchBefore = process.cpuUsage();
  const { rate, cpuMs, timeline } = await drainWith(env, workers, items, arrivals);
  const bench = process.cpuUsage(benchBefore);
  const pgAfter = clusterCpuMs(postmaster);
  await dropDatabase(adminUrl, name);
  return {
    workers,
    rate,
    load,
    workerCpu: cpuMs / items,
    postgresCpu: pgBefore === null || pgAfter === null ? null : (pgAfter - pgBefore) / items,
    benchCpu: (bench.user + bench.system) / 1000 / items,
    timeline,
  };
}

/**
 * The MT figure: `pairs` pairs of rounds (one worker, then two) over copies of one queued database; the ratio of the
 * two medians against the target of two workers at least 1.8 times one. Logs each round as it ends.
 */
export async function mtFigure(
  adminUrl: string,
  work: string,
  fakeUrl: string,
  options: { articles: number; pairs: number; log: (line: string) => void; arrivals: number[] },
): Promise<MtRow> {
  const { log } = options;
  log(`MT throughput, fake DeepL at ${MT_LATENCY_MS} ms a request, ${options.articles} articles (load ${loadavg()[0]!.toFixed(2)})`);
  const items = await buildTemplate(adminUrl, join(work, 'mt-template'), fakeUrl, options.articles);
  const postmaster = await postmasterOf(adminUrl);
  const rounds: Round[] = [];
  const cpu = (ms: number | null) => (ms === null ? 'n/a' : `${ms.toFixed(2)} ms`);
  try {
    for (let k = 0; k < 2 * options.pairs; k++) {
      const r = await round(adminUrl, work, k, (k % 2) + 1, items, fakeUrl, postmaster, options.arrivals);
      rounds.push(r);
      log(
        `  round ${k + 1}: ${r.workers} worker${r.workers > 1 ? 's' : ' '} ${r.rate.toFixed(0).padStart(4)} items/s (load ${r.load.toFixed(2)});` +
          ` CPU per item: workers ${cpu(r.workerCpu)}, postgres ${cpu(r.postgresCpu)}, bench and fake DeepL ${cpu(r.benchCpu)}`,
      );
      log(`           ${r.timeline}`);
    }
  } finally {
    await dropDatabase(adminUrl, TEMPLATE);
  }
  const one = median(rounds.filter((r) => r.workers === 1).map((r) => r.rate));
  const two = median(rounds.filter((r) => r.workers === 2).map((r) => r.rate));
  return {
    figure: `MT throughput, ${items} items, median of ${options.pairs} rounds each: 1 → 2 workers`,
    lowdb: 'n/a (one process per data dir)',
    postgres: `${one.toFixed(0)} → ${two.toFixed(0)} items/s (×${(two / one).toFixed(2)})`,
    target: 'two ≥ 1.8 × one',
    pass: two >= 1.8 * one,
  };
}
