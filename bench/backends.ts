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
import { mkdir, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { openTandem, type Tandem } from '../src/main.ts';
import { FakeDeepl } from '../tests/fake-deepl/server.ts';
import { startPostgresCluster } from '../tests/support/postgres-cluster.ts';
import { ROOT, tandemEnv } from './archive-data.ts';
import { MT_LATENCY_MS, mtFigure } from './backends-mt.ts';
import { benchSlug, createDatabase, lowdbArchive, postgresArchive, SEGMENTS } from './backends-data.ts';
import { login, median, medianGet, type Server, startTandem, timeGet } from './servers.ts';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
/** Only the MT figure (what changed while working on the worker's claim). */
const MT_ONLY = args.includes('--mt-only');
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

/** Approve one translation that was untranslated: save and submit it untimed, then time the approval. */
async function timeOneApproval(tandem: Tandem, size: number, i: number): Promise<number> {
  const slug = benchSlug((i * 7_919 + 13) % size);
  const record = await tandem.articles.get(slug);
  const live = new Set(record.segments.filter((s) => !s.removedAt).map((s) => s.id));
  const target = record.translations.find((t) => t.state === 'untranslated' && live.has(t.segmentId));
  if (!target) throw new Error(`bench: no untranslated segment left in ${slug}`);
  // Numbers kept (10만 written out), words replaced: the error-level checks, which would block the approval, pass.
  const source = record.segments.find((s) => s.id === target.segmentId)!.source;
  const text = source.replace(/(\d+)만/g, (_, d: string) => String(Number(d) * 10_000)).replace(/[\uAC00-\uD7A3]+/g, 'word');
  const ref = { slug, segmentId: target.segmentId, locale: target.locale };
  const translator = { name: 'translator-bench', role: 'translator' as const, locales: [] };
  const saved = await tandem.review.saveTranslation({ ...ref, text, baseRevision: target.revision, actor: translator });
  await tandem.review.submit({ ...ref, baseRevision: saved.revision, actor: translator });
  const started = performance.now();
  await tandem.review.approve({ ...ref, actor: { name: 'reviewer-bench', role: 'reviewer', locales: [] } });
  return performance.now() - started;
}

/** Approval medians with SMALL and LARGE articles stored, alternating between the two installations. */
async function approvals(small: NodeJS.ProcessEnv, large: NodeJS.ProcessEnv, lock: boolean): Promise<[number, number]> {
  const opened = [await openTandem(loadConfig(small), { lock }), await openTandem(loadConfig(large), { lock })];
  const sizes = [SMALL, LARGE];
  const times: number[][] = [[], []];
  try {
    for (let i = 0; i < WARMUP + APPROVALS; i++) {
      for (const k of [0, 1]) {
        const ms = await timeOneApproval(opened[k]!, sizes[k]!, i);
        if (i >= WARMUP) times[k]!.push(ms);
      }
    }
  } finally {
    for (const tandem of opened) await tandem.close();
  }
  return [median(times[0]!), median(times[1]!)];
}

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
  const lowdbApproval = await approvals(tandemEnv(lowdb[0]!), tandemEnv(lowdb[1]!), true);
  const pgApproval = await approvals(pgEnv(0), pgEnv(1), false);
  const ratio = (pair: readonly number[]) => pair[1]! / pair[0]!;
  const approvalCell = (pair: readonly number[]) => `${ms(pair[0]!)} → ${ms(pair[1]!)} (×${ratio(pair).toFixed(2)})`;
  rows.push({
    figure: `approval median, ${SMALL} → ${LARGE} articles`,
    lowdb: approvalCell(lowdbApproval),
    postgres: approvalCell(pgApproval),
    target: 'ratio < 1.2',
    pass: ratio(lowdbApproval) < 1.2 && ratio(pgApproval) < 1.2,
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

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;

async function main(): Promise<void> {
  log(`bench:backends: ${SMALL} and ${LARGE} articles of ${SEGMENTS} segments × ${LOCALES.length} locales; load ${load()}`);
  const work = join(ROOT, `backends-run-${process.pid}`);
  await mkdir(work, { recursive: true });
  const cluster = GIVEN_DATABASE ? null : await startPostgresCluster();
  const adminUrl = GIVEN_DATABASE ?? cluster!.adminUrl;
  const fake = await FakeDeepl.start({ latencyMs: MT_LATENCY_MS });
  const rows: Row[] = [];
  try {
    if (!MT_ONLY) await archiveFigures(adminUrl, work, rows);
    rows.push(await mtFigure(adminUrl, work, fake.url, { articles: MT_ARTICLES, pairs: MT_PAIRS, log }));
  } finally {
    await fake.close();
    await cluster?.stop();
    await rm(work, { recursive: true, force: true });
  }

  const header = { figure: 'figure', lowdb: 'lowdb', postgres: 'postgres', target: 'target', verdict: 'verdict' };
  const table = [header, ...rows.map((r) => ({ ...r, verdict: r.pass ? 'PASS' : 'FAIL' }))];
  const widths = (['figure', 'lowdb', 'postgres', 'target', 'verdict'] as const).map((key) => Math.max(...table.map((r) => r[key].length)));
  log('');
  for (const r of table) log([r.figure, r.lowdb, r.postgres, r.target, r.verdict].map((cell, i) => cell.padEnd(widths[i]!)).join(' | '));
  log(`\nload average at the end: ${load()} (${SEGMENTS} segments an article; medians of sequential requests)`);
  if (!MT_ONLY) {
    log(
      'Pages are measured from the first minute after start; `serve` reconciles the memory only with the articles approved since the last pass (the benchmark approvals), not the archive (RecoveryService.reconcileMemory).',
    );
  }
  process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
}

await main();
