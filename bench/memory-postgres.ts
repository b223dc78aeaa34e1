/**
 * Translation-memory lookups through the memory service on PostgreSQL (asked per lookup, as every instance does)
 * beside the same entries in the embedded in-process index (`npx tsx bench/memory-postgres.ts`). Starts a throwaway
 * cluster (tests/support/postgres-cluster.ts), stores BENCH_ENTRIES entries (default 100,000: Korean news-like
 * sentences, deterministic), then times BENCH_LOOKUPS fuzzy lookups on each and checks that both give the same
 * answers (entry ids and scores). Prints medians, p99 and the machine load.
 */
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { InMemoryTranslationMemoryStore } from '../src/adapters/storage/in-memory/translation-memory-store.ts';
import { migrate, PostgresTranslationMemoryStore } from '../src/adapters/storage/postgres/index.ts';
import type { MemoryEntry } from '../src/core/ports/translation-memory-store.ts';
import { MemoryService } from '../src/services/memory.ts';
import { startPostgresCluster } from '../tests/support/postgres-cluster.ts';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 500);

// mulberry32: deterministic, so runs are comparable.
let seed = 7;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const SYLLABLES = [
  ...'가각간갈감강개거건검경계고공과관교구국군권규그근금기김나남내노농다단달당대도동두라로류리마만명모목무문물미민박반방배백법변보복본부북분비사산상생서석선설성세소수순시식신실심아안양어언여역연영오온왕외요용우운원월위유육은음의이인일임자장재전정제조종주중지진집차창채천철청초총최추충치타태토통파판평포표품하학한함항해행향허현형호화환황회효후훈휘희',
];
const WORDS = Array.from({ length: 30_000 }, () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join(''));
const PARTICLES = ['은', '는', '이', '가', '을', '를', '의', '에서', '으로', ''];
const word = () => WORDS[Math.floor(WORDS.length * random() ** 2)]! + pick(PARTICLES);
function sentence(): string {
  return `${Array.from({ length: 8 + Math.floor(random() * 12) }, word).join(' ')} 밝혔다.`;
}
function perturb(text: string): string {
  const words = text.split(' ');
  words[Math.floor(random() * (words.length - 1))] = word();
  return words.join(' ');
}

const cluster = await startPostgresCluster();
const pool = new pg.Pool({ connectionString: cluster.adminUrl, max: 4 });
try {
  await migrate(pool);
  const sources = Array.from({ length: ENTRIES }, sentence);
  const entries: MemoryEntry[] = sources.map((source, i) => ({
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
  }));
  const database = new PostgresTranslationMemoryStore(pool);
  const storing = performance.now();
  await database.add(entries);
  await pool.query('ANALYZE tm_entries');
  const storeMs = performance.now() - storing;
  const embeddedStore = new InMemoryTranslationMemoryStore();
  await embeddedStore.add(entries);
  const shared = new MemoryService({ store: database });
  const embedded = new MemoryService({ store: embeddedStore });
  await embedded.load();

  const queries = Array.from({ length: LOOKUPS }, (_, i) => (i % 2 === 0 ? perturb(pick(sources)) : sentence()));
  const options = { targetLocale: 'en', threshold: 75, limit: 5 };
  // Warm-up (not measured): connections opened, statements planned, code compiled.
  for (const q of queries.slice(0, 20)) await shared.lookup(`${q} `, options);
  const time = async (memory: MemoryService) => {
    const times: number[] = [];
    const answers: string[] = [];
    for (const q of queries) {
      const start = performance.now();
      const matches = await memory.lookup(q, options);
      times.push(performance.now() - start);
      answers.push(JSON.stringify(matches.map((m) => [m.entry.id, m.score])));
    }
    times.sort((a, b) => a - b);
    return { times, answers };
  };
  const onDatabase = await time(shared);
  const inProcess = await time(embedded);
  const at = (q: number, list: number[]) => list[Math.min(list.length - 1, Math.floor(q * list.length))]!.toFixed(2);
  const same = onDatabase.answers.every((a, i) => a === inProcess.answers[i]);
  const hits = onDatabase.answers.filter((a) => a !== '[]').length;
  console.log(
    `entries: ${ENTRIES.toLocaleString('en')} (stored in ${(storeMs / 1000).toFixed(1)} s); lookups: ${LOOKUPS}, ${hits} with matches`,
  );
  console.log(`PostgreSQL (memory service, per lookup): median ${at(0.5, onDatabase.times)} ms   p99 ${at(0.99, onDatabase.times)} ms`);
  console.log(`embedded index (same entries):          median ${at(0.5, inProcess.times)} ms   p99 ${at(0.99, inProcess.times)} ms`);
  console.log(`same answers (ids and scores): ${same ? 'yes' : 'NO'}`);
  console.log(
    `load average: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
} finally {
  await pool.end();
  await cluster.stop();
}
