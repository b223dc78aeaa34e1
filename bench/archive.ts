// npm run bench:archive — issue 13, "Flat with the archive": real `tandem serve` processes on archives of 100 and
// 5,000 generated Korean articles (bench/archive-data.ts; cached, so reruns skip generation), measured side by side:
// queue, articles and home pages, `tandem status --json`, server start, the review page of a 25-segment article, the reader
// article page against a bare Express hello-world (autocannon, same connections, same run), reader latency while the
// queue renders, and importing 500 new articles into the large archive against an empty one. Prints a table with the
// issue's targets and PASS/FAIL per line. BENCH_ARCHIVE_SIZES=100,1000 changes the two sizes (small first);
// BENCH_ARCHIVE_ONLY=status measures `tandem status` alone (its first page, and --all for every article).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { openTandem } from '../src/main.ts';
import { archive, copyArchive, READER_PATH, REVIEW_SLUG, ROOT, slugOf, tandemEnv, writeArticles } from './archive-data.ts';
import {
  BIN,
  CANNON_SECONDS,
  CONNECTIONS,
  login,
  median,
  medianGet,
  REPO,
  requestsPerSecond,
  type Server,
  startHelloWorld,
  startTandem,
  timeGet,
} from './servers.ts';

const [SMALL, LARGE] = (process.env.BENCH_ARCHIVE_SIZES ?? '100,5000').split(',').map(Number) as [number, number];
const ONLY = process.env.BENCH_ARCHIVE_ONLY;
const IMPORTED = 500;
/** Today's review page throughput from the issue (6.9 requests/s); the target is 40 times that. */
const REVIEW_RPS_TODAY = 6.9;

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Wall time of `tandem status --json` on `dataDir` (its output read and discarded). */
async function statusMs(dataDir: string, extra: readonly string[] = []): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'status', '--json', ...extra], {
    cwd: REPO,
    env: tandemEnv(dataDir),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.resume();
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`bench: tandem status exited with ${code}`);
  return performance.now() - started;
}

/** The worst wait of reader requests made one after another while the queue page renders (3 rounds). */
async function readerWaitDuringQueue(server: Server, cookie: string): Promise<number> {
  let worst = 0;
  for (let round = 0; round < 3; round++) {
    let done = false;
    const queue = timeGet(`${server.url}/queue`, cookie).finally(() => {
      done = true;
    });
    // Let the queue request reach the server first.
    await new Promise((resolve) => setTimeout(resolve, 5));
    while (!done) worst = Math.max(worst, await timeGet(`${server.url}${READER_PATH}`));
    await queue;
  }
  return worst;
}

/** Articles per second of importing IMPORTED new articles, in process, into a copy of `data` (null: an empty archive). */
async function importRate(data: string | null, work: string, sources: string): Promise<number> {
  const dataDir = await copyArchive(data, work);
  const tandem = await openTandem(loadConfig(tandemEnv(dataDir)), { lock: true });
  try {
    const files = Array.from({ length: IMPORTED }, (_, i) => join(sources, `${slugOf(LARGE + 1000 + i)}.md`));
    const started = performance.now();
    const outcomes = await tandem.imports.importFiles(files, 'bench');
    const ms = performance.now() - started;
    if (outcomes.some((o) => !o.ok)) throw new Error('bench: an import failed');
    return IMPORTED / (ms / 1000);
  } finally {
    await tandem.close();
    await rm(work, { recursive: true, force: true });
  }
}

interface Row {
  readonly figure: string;
  readonly small: string;
  readonly large: string;
  readonly target: string;
  readonly pass: boolean;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
const rps = (value: number) => `${value.toFixed(0)} req/s`;

async function main(): Promise<void> {
  log(`bench:archive: ${SMALL} and ${LARGE} articles (cache: ${ROOT})`);
  const [smallData, largeData] = [await archive(SMALL, log), await archive(LARGE, log)];
  const work = join(ROOT, `run-${process.pid}`);
  await mkdir(work, { recursive: true });
  const rows: Row[] = [];
  const servers: Server[] = [];
  try {
    const smallDir = await copyArchive(smallData, join(work, 'small'));
    const largeDir = await copyArchive(largeData, join(work, 'large'));

    log('measuring tandem status --json');
    // Small and large in turns, so a change in the machine's load falls on both.
    const runs: number[][] = [[], [], [], []];
    for (let round = 0; round < 3; round++) {
      runs[0]!.push(await statusMs(smallDir));
      runs[1]!.push(await statusMs(largeDir));
    }
    for (let round = 0; round < 2; round++) {
      runs[2]!.push(await statusMs(smallDir, ['--all']));
      runs[3]!.push(await statusMs(largeDir, ['--all']));
    }
    const [status, statusAll] = [runs.slice(0, 2).map(median), runs.slice(2).map(median)];
    const ratio = (values: readonly number[]) => values[1]! / values[0]!;
    rows.push(
      {
        figure: 'tandem status --json',
        small: ms(status[0]!),
        large: ms(status[1]!),
        target: `ratio < 1.5 (×${ratio(status).toFixed(2)})`,
        pass: ratio(status) < 1.5,
      },
      {
        figure: 'tandem status --json --all',
        small: ms(statusAll[0]!),
        large: ms(statusAll[1]!),
        target: `none, every article (×${ratio(statusAll).toFixed(2)})`,
        pass: true,
      },
    );
    if (ONLY === 'status') return printTable(rows);

    log('starting both servers');
    const small = await startTandem(smallDir);
    servers.push(small);
    const large = await startTandem(largeDir);
    servers.push(large);
    const [smallCookie, largeCookie] = [await login(small.url), await login(large.url)];
    const both = [
      { server: small, cookie: smallCookie },
      { server: large, cookie: largeCookie },
    ];
    for (const { server, cookie } of both) {
      for (const path of ['/queue', '/articles', '/', `/review/${REVIEW_SLUG}/en`]) await timeGet(`${server.url}${path}`, cookie);
      await timeGet(`${server.url}${READER_PATH}`);
    }

    log('measuring the queue, articles and home pages');
    const queue = await Promise.all([0, 1].map(async () => 0));
    const articles = [...queue];
    const home = [...queue];
    for (const [i, { server, cookie }] of both.entries()) {
      queue[i] = await medianGet(`${server.url}/queue`, cookie, 15, 30_000);
      articles[i] = await medianGet(`${server.url}/articles`, cookie, 15, 30_000);
      home[i] = await medianGet(`${server.url}/`, cookie, 15, 30_000);
    }

    log('measuring the review page');
    const review = [0, 0];
    const reviewRps = [0, 0];
    for (const [i, { server, cookie }] of both.entries()) {
      review[i] = await medianGet(`${server.url}/review/${REVIEW_SLUG}/en`, cookie, 30, 20_000);
      reviewRps[i] = await requestsPerSecond(`${server.url}/review/${REVIEW_SLUG}/en`, cookie);
    }

    log('measuring the reader page against a bare Express hello-world');
    const hello = await startHelloWorld();
    servers.push(hello);
    // Hello-world before and after the reader runs, averaged: the machine's load drifts during a run.
    const helloBefore = await requestsPerSecond(hello.url);
    const readerRps = [await requestsPerSecond(`${small.url}${READER_PATH}`), await requestsPerSecond(`${large.url}${READER_PATH}`)];
    const helloRps = (helloBefore + (await requestsPerSecond(hello.url))) / 2;
    await hello.stop();

    log('measuring reader waits while the queue renders');
    const readerWait = [await readerWaitDuringQueue(small, smallCookie), await readerWaitDuringQueue(large, largeCookie)];

    const start = [small.startMs, large.startMs];
    await small.stop();
    await large.stop();

    log(`importing ${IMPORTED} new articles into ${LARGE} and into an empty archive`);
    const sources = join(work, 'new-articles');
    await writeArticles(sources, LARGE + 1000, IMPORTED, 'new');
    const importEmpty = await importRate(null, join(work, 'import-empty'), sources);
    const importLarge = await importRate(largeData, join(work, 'import-large'), sources);

    rows.push(
      {
        figure: 'GET /queue median',
        small: ms(queue[0]!),
        large: ms(queue[1]!),
        target: `< 50 ms at ${LARGE}, ratio < 1.5 (×${ratio(queue).toFixed(2)})`,
        pass: queue[1]! < 50 && ratio(queue) < 1.5,
      },
      {
        figure: 'GET /articles median',
        small: ms(articles[0]!),
        large: ms(articles[1]!),
        target: `< 50 ms at ${LARGE}, ratio < 1.5 (×${ratio(articles).toFixed(2)})`,
        pass: articles[1]! < 50 && ratio(articles) < 1.5,
      },
      {
        figure: 'GET / (home, my work) median',
        small: ms(home[0]!),
        large: ms(home[1]!),
        target: `< 50 ms at ${LARGE}, ratio < 1.5 (×${ratio(home).toFixed(2)})`,
        pass: home[1]! < 50 && ratio(home) < 1.5,
      },
      {
        figure: 'server start',
        small: ms(start[0]!),
        large: ms(start[1]!),
        target: `ratio ≤ 1.3 (×${ratio(start).toFixed(2)})`,
        pass: ratio(start) <= 1.3,
      },
      {
        figure: 'review page, 25 segments, median',
        small: ms(review[0]!),
        large: ms(review[1]!),
        target: '< 15 ms',
        pass: review[1]! < 15 && review[0]! < 15,
      },
      {
        figure: 'review page throughput',
        small: rps(reviewRps[0]!),
        large: rps(reviewRps[1]!),
        target: `≥ ${(40 * REVIEW_RPS_TODAY).toFixed(0)} req/s (40 × ${REVIEW_RPS_TODAY})`,
        pass: Math.min(...reviewRps) >= 40 * REVIEW_RPS_TODAY,
      },
      {
        figure: 'reader article page',
        small: rps(readerRps[0]!),
        large: rps(readerRps[1]!),
        target: `≥ 25 % of hello-world ${rps(helloRps)} (${((100 * Math.min(...readerRps)) / helloRps).toFixed(0)} %)`,
        pass: Math.min(...readerRps) >= 0.25 * helloRps,
      },
      {
        figure: 'reader wait while /queue renders (worst)',
        small: ms(readerWait[0]!),
        large: ms(readerWait[1]!),
        target: '≤ 20 ms',
        pass: Math.max(...readerWait) <= 20,
      },
      {
        figure: `import of ${IMPORTED} new articles`,
        small: `${importEmpty.toFixed(0)} art/s (empty)`,
        large: `${importLarge.toFixed(0)} art/s`,
        target: `≥ 80 % of empty (${((100 * importLarge) / importEmpty).toFixed(0)} %)`,
        pass: importLarge >= 0.8 * importEmpty,
      },
    );
  } finally {
    for (const server of servers) await server.stop();
    await rm(work, { recursive: true, force: true });
  }
  printTable(rows);
}

function printTable(rows: readonly Row[]): void {
  const header = { figure: 'figure', small: `${SMALL} articles`, large: `${LARGE} articles`, target: 'target', verdict: 'verdict' };
  const table = [header, ...rows.map((r) => ({ ...r, verdict: r.pass ? 'PASS' : 'FAIL' }))];
  const widths = (['figure', 'small', 'large', 'target', 'verdict'] as const).map((key) => Math.max(...table.map((r) => r[key].length)));
  log('');
  for (const r of table) log([r.figure, r.small, r.large, r.target, r.verdict].map((cell, i) => cell.padEnd(widths[i]!)).join(' | '));
  log(
    `\n${CONNECTIONS} connections, ${CANNON_SECONDS} s per autocannon run; medians of sequential requests; servers log at info to /dev/null.`,
  );
  process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
}

await main();
