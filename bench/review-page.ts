// npm run bench:review — issue 13's review and reader figures on one real `tandem serve` over the cached archive of
// BENCH_REVIEW_ARTICLES (default 1,000) generated articles (bench/archive-data.ts; its translation memory holds the
// approved paragraphs): the review page of a 25-segment article (median of sequential GETs, autocannon requests/s,
// and the server's CPU time per request, steadier than wall time on a shared machine), and the reader article page
// against a bare Express hello-world in the same run.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { archive, copyArchive, READER_PATH, REVIEW_SLUG, ROOT } from './archive-data.ts';
import { CANNON_SECONDS, CONNECTIONS, login, medianGet, requestsPerSecond, startHelloWorld, startTandem, timeGet } from './servers.ts';

const SIZE = Number(process.env.BENCH_REVIEW_ARTICLES ?? 1000);
const log = (line: string) => process.stdout.write(`${line}\n`);

/** CPU milliseconds (user + system) a process has used, from /proc (Linux; NaN elsewhere), in 10 ms ticks. */
async function cpuMs(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.length > 12 ? (Number(fields[11]) + Number(fields[12])) * 10 : Number.NaN;
}

/** Server CPU per request over `count` sequential GETs: unlike wall time, it holds on a machine shared with other work. */
async function cpuPerRequest(pid: number | undefined, url: string, cookie: string | undefined, count: number): Promise<number> {
  const before = await cpuMs(pid);
  for (let i = 0; i < count; i++) await timeGet(url, cookie);
  return ((await cpuMs(pid)) - before) / count;
}

/** The 1, 5 and 15-minute load averages (Linux): the machine may be shared, and wall times move with it. */
async function loadAverage(): Promise<string> {
  return (await readFile('/proc/loadavg', 'utf8').catch(() => '? ? ?')).split(' ').slice(0, 3).join(' ');
}

async function main(): Promise<void> {
  const loadStart = await loadAverage();
  const data = await archive(SIZE, log);
  const work = join(ROOT, `review-${process.pid}`);
  await mkdir(work, { recursive: true });
  const server = await startTandem(await copyArchive(data, join(work, 'data')));
  try {
    const cookie = await login(server.url);
    const review = `${server.url}/review/${REVIEW_SLUG}/en`;
    for (let i = 0; i < 3; i++) await timeGet(review, cookie);
    await timeGet(`${server.url}${READER_PATH}`);
    const reviewMs = await medianGet(review, cookie, 50, 20_000);
    const reviewCpu = await cpuPerRequest(server.child.pid, review, cookie, 200);
    const readerCpu = await cpuPerRequest(server.child.pid, `${server.url}${READER_PATH}`, undefined, 1000);
    const cannonCpuBefore = await cpuMs(server.child.pid);
    const reviewRps = await requestsPerSecond(review, cookie);
    // autocannon reports the mean requests per second: times its seconds, the requests it made.
    const reviewCannonCpu = ((await cpuMs(server.child.pid)) - cannonCpuBefore) / (reviewRps * CANNON_SECONDS);
    const pageBytes = (await (await fetch(review, { headers: { cookie } })).arrayBuffer()).byteLength;
    const hello = await startHelloWorld();
    let helloRps: number;
    let readerRps: number;
    try {
      const before = await requestsPerSecond(hello.url);
      readerRps = await requestsPerSecond(`${server.url}${READER_PATH}`);
      helloRps = (before + (await requestsPerSecond(hello.url))) / 2;
    } finally {
      await hello.stop();
    }
    log(
      `bench:review — ${SIZE} articles, ${CONNECTIONS} connections, ${CANNON_SECONDS} s per autocannon run, load ${loadStart} → ${await loadAverage()}`,
    );
    log(
      `review page, 25 segments (${(pageBytes / 1024).toFixed(0)} KB): median ${reviewMs.toFixed(1)} ms (target < 15 ms), ${reviewRps.toFixed(0)} req/s ` +
        `(target ≥ 276), server CPU ${reviewCpu.toFixed(1)} ms/request sequential, ${reviewCannonCpu.toFixed(1)} ms/request under autocannon`,
    );
    log(
      `reader article page: ${readerRps.toFixed(0)} req/s (server CPU ${readerCpu.toFixed(2)} ms/request), hello-world ${helloRps.toFixed(0)} req/s ` +
        `(${((100 * readerRps) / helloRps).toFixed(0)} %, target ≥ 25 %)`,
    );
  } finally {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
