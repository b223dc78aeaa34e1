/**
 * Why the memory on PostgreSQL does not look up with pg_trgm (`npm run bench:memory-pg-trgm -- --database-url URL`):
 * the same lookups as bench/memory-postgres.ts on the same entries, once through the store (posting lists, migrations
 * 0207 and 0208) and once with pg_trgm's similarity operator over a GIN trigram index of the same matching forms, both
 * reranked by the same edit distance (core/fuzzy-rerank.ts). Prints median and p99 of each and how many answers agree.
 *
 * `--database-url`: a database bench:memory-postgres filled (it is only read). pg_trgm makes trigrams of the letters
 * and digits of the database's LC_CTYPE only, and under the C locale that is ASCII: Hangul would give none. So the
 * entries are copied into a sibling database `<name>_trgm` created with LC_CTYPE C.UTF-8 (kept between runs), where
 * the GIN index is built (about 5 minutes at 1,000,000 entries on 2 cores). `--lookups` (default 200) must not exceed
 * the count the memory bench used (500); `--floor` is pg_trgm.similarity_threshold (default 0.3: a candidate shares
 * at least 30 % of the trigrams, low enough that none of the store's hits at threshold 75 is missed on this corpus).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PostgresTranslationMemoryStore } from '../src/adapters/storage/postgres/index.ts';
import { matchForm } from '../src/core/fuzzy-index.ts';
import { rerank } from '../src/core/fuzzy-rerank.ts';
import { MemoryBenchSet } from './memory-corpus.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    lookups: { type: 'string', default: '200' },
    floor: { type: 'string', default: '0.3' },
  },
});
if (!args['database-url']) throw new Error('bench:memory-pg-trgm: --database-url of a database bench:memory-postgres filled');
const LOOKUPS = Number(args.lookups);
const FLOOR = Number(args.floor);
const COPY_BATCH = 20_000;
const options = { sourceLocale: 'ko', targetLocale: 'en', threshold: 75, limit: 5 } as const;

const source = new pg.Pool({ connectionString: args['database-url'], max: 1 });
const name = `${new URL(args['database-url']).pathname.slice(1)}_trgm`;
const { rows: counted } = await source.query<{ n: string }>('SELECT count(*) AS n FROM tm_entries WHERE NOT tombstone');
const entries = Number(counted[0]!.n);
const { rows: exists } = await source.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
// CREATE DATABASE takes no parameters; the name is the caller's database name and a suffix, quoted as an identifier.
if (exists.length === 0) {
  await source.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`);
}
const targetUrl = new URL(args['database-url']);
targetUrl.pathname = `/${name}`;
const target = new pg.Pool({ connectionString: targetUrl.href, max: 1 });
try {
  await target.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await target.query(
    'CREATE TABLE IF NOT EXISTS tm_entries (seq bigint PRIMARY KEY, id text NOT NULL, pair text NOT NULL, form text NOT NULL, form_length integer NOT NULL, replaced boolean NOT NULL)',
  );
  const { rows: copied } = await target.query<{ n: string }>('SELECT count(*) AS n FROM tm_entries');
  if (Number(copied[0]!.n) !== entries) {
    const started = performance.now();
    await target.query('TRUNCATE tm_entries');
    await target.query('DROP INDEX IF EXISTS tm_entries_trigrams');
    for (let after = 0; ; ) {
      const { rows } = await source.query<{ seq: string; id: string; pair: string; form: string; form_length: number; replaced: boolean }>(
        `SELECT seq, id, pair, form, form_length, replaced FROM tm_entries WHERE NOT tombstone AND seq > $1 ORDER BY seq LIMIT ${COPY_BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      await target.query(
        `INSERT INTO tm_entries SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bool[])`,
        [
          rows.map((r) => r.seq),
          rows.map((r) => r.id),
          rows.map((r) => r.pair),
          rows.map((r) => r.form),
          rows.map((r) => r.form_length),
          rows.map((r) => r.replaced),
        ],
      );
      after = Number(rows.at(-1)!.seq);
    }
    await target.query("SET maintenance_work_mem = '1GB'");
    await target.query('CREATE INDEX tm_entries_trigrams ON tm_entries USING gin (form gin_trgm_ops) WITH (fastupdate = off)');
    await target.query('VACUUM ANALYZE tm_entries');
    console.log(
      `copied ${entries.toLocaleString('en')} entries into ${name} and built the trigram index in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  const { rows: ctype } = await target.query<{ grams: number }>("SELECT cardinality(show_trgm('말했다')) AS grams");
  if (ctype[0]!.grams === 0) throw new Error(`bench: ${name}'s LC_CTYPE gives Hangul no trigrams`);
  await target.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  await target.query("SELECT pg_prewarm('tm_entries'), pg_prewarm('tm_entries_trigrams')");

  const set = new MemoryBenchSet(entries, 500);
  for (let i = 0; i < entries; i++) set.paragraph();
  const queries = set.queries().slice(0, LOOKUPS);
  const store = new PostgresTranslationMemoryStore(source);
  const trgm = await target.connect();
  await trgm.query(`SET pg_trgm.similarity_threshold = ${FLOOR}`);
  await trgm.query('SET jit = off');
  const timed = { store: [] as number[], trgm: [] as number[] };
  let agree = 0;
  let storeHits = 0;
  let trgmHits = 0;
  for (const query of queries) {
    const form = matchForm(query);
    let start = performance.now();
    const stored = await store.search({ ...options, source: query });
    timed.store.push(performance.now() - start);
    start = performance.now();
    const { rows } = await trgm.query<{ seq: string; id: string; form: string }>({
      name: 'trgm',
      text: `SELECT seq, id, form FROM tm_entries
              WHERE form % $1 AND pair = 'ko>en' AND NOT replaced AND form_length BETWEEN $2 AND $3
              ORDER BY similarity(form, $1) DESC, seq DESC LIMIT 48`,
      values: [form, Math.floor(form.length * 0.75), Math.ceil(form.length / 0.75)],
    });
    const ids = new Map(rows.map((r) => [Number(r.seq), r.id]));
    const hits = rerank(
      form,
      rows.map((r) => ({ id: Number(r.seq), form: r.form })),
      options.threshold,
      options.limit,
    );
    timed.trgm.push(performance.now() - start);
    const a = JSON.stringify(stored.map((h) => [h.item.id, h.score]));
    const b = JSON.stringify(hits.map((h) => [ids.get(h.item), h.score]));
    if (a === b) agree++;
    if (stored.length > 0) storeHits++;
    if (hits.length > 0) trgmHits++;
  }
  trgm.release();
  const at = (q: number, list: number[]) => list.sort((x, y) => x - y)[Math.min(list.length - 1, Math.floor(q * list.length))]!.toFixed(1);
  console.log(`${entries.toLocaleString('en')} entries, ${queries.length} lookups (threshold 75, limit 5), pg_trgm floor ${FLOOR}`);
  console.log(`store (posting lists):     median ${at(0.5, timed.store)} ms   p99 ${at(0.99, timed.store)} ms   ${storeHits} with matches`);
  console.log(`pg_trgm (% over GIN):      median ${at(0.5, timed.trgm)} ms   p99 ${at(0.99, timed.trgm)} ms   ${trgmHits} with matches`);
  console.log(`same answers (ids and scores): ${agree} of ${queries.length}`);
  console.log(
    `load average: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await target.end();
  await source.end();
}
