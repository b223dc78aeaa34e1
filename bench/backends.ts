// npm run bench:backends [-- --quick] [-- --articles N] — issue 16's figures on lowdb and PostgreSQL side by side in
// one run (bench/backends-data.ts generates the archives; PostgreSQL is a throwaway cluster as in the tests, or the
// server of TANDEM_DATABASE_URL, whose user must be allowed to create databases: tandem_bench_* are made there):
// 1. approval latency (save and submit untimed, then the approval timed, through openTandem's review service) with
//    1,000 articles stored and with N (default 100,000), alternating between the two: medians and their ratio;
// 2. `GET /queue` and `GET /articles` medians on a real `tandem serve` holding N articles, over HTTP;
// 3. MT throughput against the fake DeepL server answering after 200 ms: one worker process, then two on the same
//    database, in alternating rounds with their CPU per item (bench/backends-mt.ts; PostgreSQL only: a lowdb data
//    directory belongs to one process).
// Prints a table (figure, lowdb, postgres, target, PASS/FAIL) and the machine load. --quick: N = 10,000, fewer samples.
// --lowdb-approval: figure 1 on lowdb only, with the bytes and write calls of one approval (bench/backends-approval.ts).
import { mkdir, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { FakeDeepl } from '../tests/fake-deepl/server.ts';
import { startPostgresCluster } from '../tests/support/postgres-cluster.ts';
import { ROOT, tandemEnv } from './archive-data.ts';
import { type ApprovalFigure, approvalFigures } from './backends-approval.ts';
import { MT_LATENCY_MS, mtFigure } from './backends-mt.ts';
import { createDatabase, lowdbArchive, postgresArchive, SEGMENTS } from './backends-data.ts';
import { login, medianGet, type Server, startTandem, timeGet } from './servers.ts';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
/** Only the MT figure (what changed while working on the worker's claim). */
const MT_ONLY = args.includes('--mt-only');
/** Only lowdb's approval figure (see lowdbApprovalOnly). */
const LOWDB_APPROVAL = args.includes('--lowdb-approval');
const articlesFlag = args.indexOf('--articles');
const SMALL = 1_000;
const LARGE = articlesFlag >= 0 ? Number(args[articlesFlag + 1]) : QUICK ? 10_000 : 100_000;
if (!Number.isInteger(LARGE) || LARGE < SMALL) throw new Error(`bench: --articles expects a whole number of at least ${SMALL}`);
const APPROVALS = QUICK ? 20 : 40;
const WARMUP = 3;
const PAGE_RUNS = QUICK ? 9 : 15;
const MT_ARTICLES = Number(process.env.BENCH_MT_ARTICLES ?? (QUICK ? 100 : 200));
/** Pairs of MT rounds (one worker, then two). */
const MT_PAIRS = Number(process.env.BENCH_MT_ROUNDS ?? (QUICK ? 2 : 3));
const LOCALES = ['en', 'ja', 'zh-Hans'];
/** Read before tandemEnv strips TANDEM_* from the children's environment. */
const GIVEN_DATABASE = process.env.TANDEM_DATABASE_URL;

const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

/** `GET /queue` and `GET /articles` medians (ms) and the start time of a server on `dataDir` with `extra` env. */
async function pages(dataDir: string, extra: Record<string, string>): Promise<{ queue: number; articles: number; start: number }> {
  const server: Server = await startTandem(dataDir, extra);
  try {
    const cookie = await login(server.url);
    // The first reads build the summary index of the server (once per process): warm-up, not measured.
    for (let i = 0; i < 2; i++) for (const path of ['/queue', '/articles']) await timeGet(`${server.url}${path}`, cookie);
    const queue = await medianGet(`${server.url}/queue`, cookie, PAGE_RUNS, 30_000);
    const articles = await medianGet(`${server.url}/articles`, cookie, PAGE_RUNS, 30_000);
    return { queue, articles, start: server.startMs };
  } finally {
    await server.stop();
  }
}

interface Row {
  readonly figure: string;
  readonly lowdb: string;
  readonly postgres: string;
  readonly target: string;
  readonly pass: boolean;
}

/** Approval latency and the two pages, on both backends. */
async function archiveFigures(adminUrl: string, work: string, rows: Row[]): Promise<void> {
  log('generating archives');
  const lowdb = [await lowdbArchive(SMALL, log), await lowdbArchive(LARGE, log)];
  const pgDirs = [join(work, 'pg-small'), join(work, 'pg-large')];
  const pgUrls = [await createDatabase(adminUrl, 'tandem_bench_small'), await createDatabase(adminUrl, 'tandem_bench_large')];
  await postgresArchive(pgUrls[0]!, pgDirs[0]!, SMALL, log);
  await postgresArchive(pgUrls[1]!, pgDirs[1]!, LARGE, log);
  const pgEnv = (k: number) => tandemEnv(pgDirs[k]!, { TANDEM_DATABASE_URL: pgUrls[k]! });

  log(`approvals (load ${load()})`);
  const settings = { warmup: WARMUP, approvals: APPROVALS };
  const lowdbApproval = await approvalFigures([tandemEnv(lowdb[0]!), tandemEnv(lowdb[1]!)], [SMALL, LARGE], { ...settings, lock: true });
  const pgApproval = await approvalFigures([pgEnv(0), pgEnv(1)], [SMALL, LARGE], { ...settings, lock: false });
  log(`  lowdb: ${approvalDetail(lowdbApproval)}\n  postgres: ${approvalDetail(pgApproval)}`);
  rows.push({
    figure: `approval median, ${SMALL} → ${LARGE} articles`,
    lowdb: approvalCell(lowdbApproval),
    postgres: approvalCell(pgApproval),
    target: 'ratio < 1.2',
    pass: approvalRatio(lowdbApproval) < 1.2 && approvalRatio(pgApproval) < 1.2,
  });

  log(`queue and articles pages on real servers (load ${load()})`);
  const lowdbPages = await pages(lowdb[1]!, {});
  const pgPages = await pages(pgDirs[1]!, { TANDEM_DATABASE_URL: pgUrls[1]! });
  for (const key of ['queue', 'articles'] as const) {
    rows.push({
      figure: `GET /${key} median, ${LARGE} articles`,
      lowdb: ms(lowdbPages[key]),
      postgres: ms(pgPages[key]),
      target: '< 100 ms',
      pass: lowdbPages[key] < 100 && pgPages[key] < 100,
    });
  }
  rows.push({
    figure: `server start, ${LARGE} articles (info)`,
    lowdb: ms(lowdbPages.start),
    postgres: ms(pgPages.start),
    target: '—',
    pass: true,
  });
}

const approvalRatio = (pair: readonly ApprovalFigure[]) => pair[1]!.ms / pair[0]!.ms;
const approvalCell = (pair: readonly ApprovalFigure[]) => `${ms(pair[0]!.ms)} → ${ms(pair[1]!.ms)} (×${approvalRatio(pair).toFixed(2)})`;
/** What one approval wrote and the collector's time, small → large (why a ratio is what it is). */
const approvalDetail = (pair: readonly ApprovalFigure[]) =>
  `per approval ${pair.map((f) => `${f.bytes} bytes in ${f.writes} writes, CPU ${ms(f.cpuMs)}`).join(' → ')}; GC in the timed approvals ${pair.map((f) => ms(f.gcMs)).join(' → ')}`;

/**
 * --lowdb-approval: only lowdb's approval figure (no PostgreSQL, no MT), for work on the embedded store; the approvals
 * cost only the sample's few writes, so it can be run again and again.
 */
async function lowdbApprovalOnly(): Promise<Row[]> {
  const lowdb = [await lowdbArchive(SMALL, log), await lowdbArchive(LARGE, log)];
  log(`approvals (load ${load()})`);
  const pair = await approvalFigures([tandemEnv(lowdb[0]!), tandemEnv(lowdb[1]!)], [SMALL, LARGE], {
    warmup: WARMUP,
    approvals: APPROVALS,
    lock: true,
  });
  log(`  lowdb: ${approvalDetail(pair)}`);
  return [
    {
      figure: `approval median, ${SMALL} → ${LARGE} articles`,
      lowdb: approvalCell(pair),
      postgres: '—',
      target: 'ratio < 1.2',
      pass: approvalRatio(pair) < 1.2,
    },
  ];
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;

/** Every figure: approvals and pages on both backends (unless --mt-only), then MT throughput. */
async function everyFigure(): Promise<Row[]> {
  const rows: Row[] = [];
  const work = join(ROOT, `backends-run-${process.pid}`);
  await mkdir(work, { recursive: true });
  const cluster = GIVEN_DATABASE ? null : await startPostgresCluster();
  const adminUrl = GIVEN_DATABASE ?? cluster!.adminUrl;
  const fake = await FakeDeepl.start({ latencyMs: MT_LATENCY_MS });
  try {
    if (!MT_ONLY) await archiveFigures(adminUrl, work, rows);
    const arrivals: number[] = [];
    fake.onRequest((request) => {
      if (request.path === '/v2/translate') arrivals.push(performance.now());
    });
    rows.push(await mtFigure(adminUrl, work, fake.url, { articles: MT_ARTICLES, pairs: MT_PAIRS, log, arrivals }));
  } finally {
    await fake.close();
    await cluster?.stop();
    await rm(work, { recursive: true, force: true });
  }
  return rows;
}

async function main(): Promise<void> {
  log(`bench:backends: ${SMALL} and ${LARGE} articles of ${SEGMENTS} segments × ${LOCALES.length} locales; load ${load()}`);
  const rows: Row[] = LOWDB_APPROVAL ? await lowdbApprovalOnly() : await everyFigure();
  const header = { figure: 'figure', lowdb: 'lowdb', postgres: 'postgres', target: 'target', verdict: 'verdict' };
  const table = [header, ...rows.map((r) => ({ ...r, verdict: r.pass ? 'PASS' : 'FAIL' }))];
  const widths = (['figure', 'lowdb', 'postgres', 'target', 'verdict'] as const).map((key) => Math.max(...table.map((r) => r[key].length)));
  log('');
  for (const r of table) log([r.figure, r.lowdb, r.postgres, r.target, r.verdict].map((cell, i) => cell.padEnd(widths[i]!)).join(' | '));
  log(`\nload average at the end: ${load()} (${SEGMENTS} segments an article; medians of sequential requests)`);
  if (!MT_ONLY && !LOWDB_APPROVAL) {
    log(
      'Pages are measured from the first minute after start; `serve` reconciles the memory only with the articles approved since the last pass (the benchmark approvals), not the archive (RecoveryService.reconcileMemory).',
    );
  }
  process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
}

await main();
