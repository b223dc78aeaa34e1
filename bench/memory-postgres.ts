/**
 * Translation-memory lookups through the memory service on PostgreSQL (asked per lookup, as every instance does)
 * beside the same entries in the embedded in-process index (`npm run bench:memory-postgres -- --entries 1000000`).
 * Starts a throwaway cluster (tests/support/postgres-cluster.ts), stores `--entries` paragraphs (default 100,000:
 * Korean news-like paragraphs of 60 to 320 characters, bench/memory-corpus.ts, deterministic), then times `--lookups`
 * fuzzy lookups (default 500: half are edited copies of stored paragraphs, half new paragraphs). Prints median and p99
 * as the client sees them, and the database's own execution time of the same lookups (each replayed under EXPLAIN
 * ANALYZE), so that time spent waiting for a core on a busy machine is told apart from the query's work; then the
 * machine load. The embedded index runs beside it when the entries fit in this process's heap (`--embedded` forces it,
 * `--no-embedded` skips it), and the two must give the same answers (entry ids and scores).
 *
 * Loading: the entries go through the store's own `add` (unnest inserts of thousands of rows, many per transaction,
 * with their posting lists, migration 0207).
 * `--database-url` keeps the entries in a database of the caller's between runs (see below); `--prewarm` loads the table
 * and the posting lists into shared buffers before timing (the shared_buffers setting is printed either way).
 */
import { readFile } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { InMemoryTranslationMemoryStore } from '../src/adapters/storage/in-memory/translation-memory-store.ts';
import { migrate, PostgresTranslationMemoryStore } from '../src/adapters/storage/postgres/index.ts';
import type { MemoryEntry } from '../src/core/ports/translation-memory-store.ts';
import { MemoryService } from '../src/services/memory.ts';
import { startPostgresCluster } from '../tests/support/postgres-cluster.ts';
import { MemoryBenchSet } from './memory-corpus.ts';

const { values: args } = parseArgs({
  options: {
    entries: { type: 'string', default: process.env.BENCH_ENTRIES ?? '100000' },
    lookups: { type: 'string', default: process.env.BENCH_LOOKUPS ?? '500' },
    embedded: { type: 'boolean' },
    'no-embedded': { type: 'boolean' },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL },
    prewarm: { type: 'boolean' },
  },
});
const ENTRIES = Number(args.entries);
const LOOKUPS = Number(args.lookups);
/** Entries per `add` call: one transaction each. */
const BATCH = 20_000;
/** Heap the embedded side needs per paragraph (entry, form, postings), measured at 100,000: about 2.5 KB. */
const EMBEDDED_BYTES_PER_ENTRY = 2_500;
const embeddedFits = ENTRIES * EMBEDDED_BYTES_PER_ENTRY < getHeapStatistics().heap_size_limit * 0.6;
const EMBEDDED = args.embedded || (!args['no-embedded'] && embeddedFits);

/** Short lookups of common words alone ("말했다."), timed apart: the lookups that read the most postings. */
const SHORT_LOOKUPS = 50;
const set = new MemoryBenchSet(ENTRIES, LOOKUPS);
const entryOf = (i: number, source: string): MemoryEntry => ({
  id: `tm-${i}`,
  sourceLocale: 'ko',
  targetLocale: 'en',
  source,
  target: `translation ${i}`,
  slug: null,
  segmentId: null,
  approvedAt: '2026-03-20T09:00:00.000Z',
  approvedBy: 'bench',
  origin: 'import',
});

/** The statements sent through `pool` that are memory lookups (name `tm-lookup`), with their parameters. */
function recordLookups(pool: pg.Pool): unknown[][] {
  const sent: unknown[][] = [];
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    client.query = ((...a: unknown[]) => {
      const config = a[0] as { name?: string; values?: unknown[] };
      if (config?.name === 'tm-lookup' && config.values) sent.push(config.values);
      return query(...a);
    }) as typeof client.query;
  });
  return sent;
}

/**
 * The CPU time (user + system, ms) the server process behind `client` has used so far: /proc/<pid>/stat, readable
 * because the throwaway cluster runs on this machine. Fields 14 and 15 count clock ticks (100 per second on Linux).
 */
async function cpuOfBackend(client: pg.PoolClient): Promise<() => Promise<number>> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return async () => {
    const fields = (await readFile(`/proc/${rows[0]!.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  };
}

const at = (q: number, list: readonly number[]) => list[Math.min(list.length - 1, Math.floor(q * list.length))]!.toFixed(2);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

// `--database-url`: a database kept between runs (building 1,000,000 entries takes a while), migrated and, when it
// holds exactly the entries this run would store (same count: the corpus is deterministic), not stored again.
const cluster = args['database-url'] ? null : await startPostgresCluster();
const POOL_SIZE = 4;
const pool = new pg.Pool({ connectionString: args['database-url'] ?? cluster!.adminUrl, max: POOL_SIZE });
const sent = recordLookups(pool);
try {
  await migrate(pool);
  const database = new PostgresTranslationMemoryStore(pool);
  const embeddedStore = new InMemoryTranslationMemoryStore();
  const storing = performance.now();
  const { rows: stored } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM tm_entries');
  const reuse = Number(stored[0]!.n) === ENTRIES;
  if (!reuse && Number(stored[0]!.n) > 0) throw new Error(`--database-url: tm_entries holds ${stored[0]!.n} rows, not ${ENTRIES}`);
  for (let from = 0; from < ENTRIES; from += BATCH) {
    const batch: MemoryEntry[] = [];
    for (let i = from; i < Math.min(ENTRIES, from + BATCH); i++) {
      batch.push(entryOf(i, set.paragraph()));
    }
    if (!reuse) await database.add(batch);
    if (EMBEDDED) await embeddedStore.add(batch);
  }
  if (!reuse) await pool.query('VACUUM ANALYZE tm_entries, tm_postings');
  const storeMs = performance.now() - storing;
  const { rows: sizes } = await pool.query<{ rows: string; table: string; postings: string }>(
    `SELECT count(*) AS rows, pg_size_pretty(pg_total_relation_size('tm_entries')) AS table,
            pg_size_pretty(pg_total_relation_size('tm_postings')) AS postings FROM tm_entries`,
  );
  console.log(
    `entries: ${ENTRIES.toLocaleString('en')} paragraphs, ${reuse ? 'reused from --database-url' : `stored in ${(storeMs / 1000).toFixed(0)} s`}; table with indexes ${sizes[0]!.table}, posting lists ${sizes[0]!.postings}`,
  );

  const queries = set.queries();
  const shortQueries = set.shortQueries(SHORT_LOOKUPS);
  const options = { targetLocale: 'en', threshold: 75, limit: 5 };
  const time = async (memory: MemoryService, list = queries) => {
    const times: number[] = [];
    const answers: string[] = [];
    for (const q of list) {
      const start = performance.now();
      const matches = await memory.lookup(q, options);
      times.push(performance.now() - start);
      answers.push(JSON.stringify(matches.map((m) => [m.entry.id, m.score])));
    }
    return { times: times.sort((a, b) => a - b), answers };
  };
  // A lookup reads the posting lists of its rarest bigrams and the table rows of its best counted entries: whether those
  // pages sit in shared buffers decides much of its time, so the setting is printed, and `--prewarm` loads the table and
  // the posting lists into them first (pg_prewarm, as a server that has run a while has them).
  const { rows: buffers } = await pool.query<{ setting: string }>("SELECT current_setting('shared_buffers') AS setting");
  if (args.prewarm) {
    await pool.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
    await pool.query(
      `SELECT pg_prewarm('tm_entries'), pg_prewarm('tm_postings'), pg_prewarm('tm_postings_pkey'),
              pg_prewarm(reltoastrelid::regclass), pg_prewarm('tm_bigram_counts') FROM pg_class WHERE relname = 'tm_postings'`,
    );
    // Each server process also reads every page of the table once, as the pooled connections of a server that has run
    // a while have: measured here, a process's first read of a page in shared buffers cost about 0.4 ms (mapping the
    // shared memory into it), against microseconds afterwards.
    const clients = await Promise.all(Array.from({ length: POOL_SIZE }, () => pool.connect()));
    await Promise.all(
      clients.map((c) => c.query('SELECT (SELECT count(*) FROM tm_entries), (SELECT sum(cardinality(postings)) FROM tm_postings)')),
    );
    for (const c of clients) c.release();
  }
  console.log(
    `shared_buffers ${buffers[0]!.setting}${args.prewarm ? `, table and posting lists prewarmed, every page of the table and posting lists read by each of the ${POOL_SIZE} connections` : ''}`,
  );
  const shared = new MemoryService({ store: database });
  // Warm-up (not measured): connections opened, statements prepared, code compiled; other texts than the measured ones.
  for (let i = 0; i < 20; i++) await shared.lookup(set.corpus.paragraph(), options);
  const loadBefore = load();
  const clientCpu = process.cpuUsage();
  const onDatabase = await time(shared);
  const clientUsed = process.cpuUsage(clientCpu);
  const clientCpuMs = (clientUsed.user + clientUsed.system) / 1000;
  const loadAfter = load();
  const shortOnDatabase = await time(shared, shortQueries);
  const measured = sent.slice(-queries.length);
  // The database's own time for the same lookups: each replayed under EXPLAIN ANALYZE (no queueing for a connection,
  // no network, no client work; the pages are warm, as they were for the measured run after the warm-up).
  const executions: number[] = [];
  const replay = await pool.connect();
  const backendCpu = await cpuOfBackend(replay);
  const cpuBefore = await backendCpu();
  for (const values of measured) {
    const { rows } = await replay.query<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>(
      'EXPLAIN (ANALYZE, FORMAT JSON) SELECT exact, seq, form, entry FROM tm_lookup($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      values,
    );
    executions.push(rows[0]!['QUERY PLAN'][0]['Execution Time']);
  }
  const databaseCpu = (await backendCpu()) - cpuBefore;
  replay.release();
  executions.sort((a, b) => a - b);
  const hits = onDatabase.answers.filter((a) => a !== '[]').length;
  console.log(`lookups: ${queries.length} (threshold 75, limit 5), ${hits} with matches`);
  console.log(`PostgreSQL, memory service (client): median ${at(0.5, onDatabase.times)} ms   p99 ${at(0.99, onDatabase.times)} ms`);
  console.log(`PostgreSQL, execution (EXPLAIN ANALYZE): median ${at(0.5, executions)} ms   p99 ${at(0.99, executions)} ms`);
  console.log(
    `PostgreSQL, ${SHORT_LOOKUPS} short lookups of common words alone (client): median ${at(0.5, shortOnDatabase.times)} ms   max ${at(1, shortOnDatabase.times)} ms`,
  );
  // Wall-clock times include waiting for a core; CPU time is the work itself, whatever else the machine runs.
  console.log(
    `CPU per lookup (mean): database backend ${(databaseCpu / measured.length).toFixed(2)} ms (10 ms ticks over ${measured.length}), client process ${(clientCpuMs / queries.length).toFixed(2)} ms`,
  );
  if (EMBEDDED) {
    const embedded = new MemoryService({ store: embeddedStore });
    const loading = performance.now();
    await embedded.load();
    const loadMs = performance.now() - loading;
    const inProcess = await time(embedded);
    const inProcessShort = await time(embedded, shortQueries);
    const same =
      onDatabase.answers.every((a, i) => a === inProcess.answers[i]) &&
      shortOnDatabase.answers.every((a, i) => a === inProcessShort.answers[i]);
    console.log(
      `embedded index (same entries, built in ${(loadMs / 1000).toFixed(0)} s): median ${at(0.5, inProcess.times)} ms   p99 ${at(0.99, inProcess.times)} ms`,
    );
    console.log(
      `embedded index, the ${SHORT_LOOKUPS} short lookups: median ${at(0.5, inProcessShort.times)} ms   max ${at(1, inProcessShort.times)} ms`,
    );
    console.log(`same answers (ids and scores): ${same ? 'yes' : 'NO'}`);
  } else {
    console.log(
      `embedded index: not run (${embeddedFits ? '--no-embedded' : 'needs more heap than this process has; --embedded forces it'})`,
    );
  }
  console.log(`load average (/proc/loadavg 1, 5, 15 min): ${loadBefore} before, ${loadAfter} after the timed lookups`);
} finally {
  await pool.end();
  await cluster?.stop();
}
