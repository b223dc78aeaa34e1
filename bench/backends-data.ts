// Archives of generated articles for bench/backends.ts, on lowdb and on PostgreSQL, holding the same records: Korean
// articles of SEGMENTS segments, translations in en, ja and zh-Hans in every state (a fifth of them untranslated, so
// approvals have work), desks and tags, one editor account. Written straight in the stores' own shapes, since going
// through the import service takes about a minute per thousand articles. TEMPLATES distinct articles are generated;
// article n is template n % TEMPLATES under its own slug (the slug and segment ids replaced in the record's JSON):
// - lowdb: `articles/<slug>.json` files and a clean `index.json` of their summaries (cached under BENCH_ARCHIVE_DIR
//   per size, so reruns skip it);
// - PostgreSQL: the templates inserted as the store writes its rows (record json, summarizeArticle's summary, version
//   1), the other articles copied from them inside the database (a client sending 100,000 records takes half an hour).
// Both are left as an installation whose memory reconciliation has finished leaves them: no article is marked as
// bringing approvals (lowdb: an empty memory-pending.json; PostgreSQL: memory_pending false, the column's default), so
// a server started on them reconciles only what the benchmark itself approves, as a real restart would. The generated
// approvals never went through a memory; the benchmark does not look them up.
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { APPROVAL_MARKS_FILE, type ApprovalMarksData } from '../src/adapters/storage/lowdb/approval-marks-file.ts';
import { INDEX_VERSION, type IndexFile } from '../src/adapters/storage/lowdb/article-files.ts';
import { encodeSummary } from '../src/adapters/storage/lowdb/summary-codec.ts';
import { migrate } from '../src/adapters/storage/postgres/index.ts';
import { loadConfig } from '../src/config.ts';
import { summarizeArticle } from '../src/core/article-summary.ts';
import type { ArticleRecord, ArticleSummary, Translation, TranslationState } from '../src/core/model.ts';
import type { Slug } from '../src/core/slug.ts';
import { openTandem } from '../src/main.ts';
import { makeRecord } from '../tests/fixtures/storage/records.ts';
import { EDITOR, PASSWORD, ROOT, tandemEnv } from './archive-data.ts';

/** Bump when what is generated changes, so stale cached archives are not reused. */
const GENERATOR_VERSION = 2;
const TEMPLATES = 500;
export const SEGMENTS = 12;
const STATES: readonly TranslationState[] = ['untranslated', 'draft', 'submitted', 'approved', 'stale'];
const DESKS = ['정치', '경제', '사회', '국제'];
const TAGS = ['선거', '환율', '쌀값', '국경', '무역', '인권'];

export const benchSlug = (n: number) => `bench-${n}`;

/** Article `n` as the store would hold it (what reads back from JSON: no undefined fields). */
export function benchRecord(n: number): ArticleRecord {
  const at = new Date(Date.UTC(2024, 0, 1) + n * 600_000).toISOString();
  const base = makeRecord(benchSlug(n), { segments: SEGMENTS, at, seed: n + 1 });
  const translations = base.translations.map((t, i): Translation => {
    const state = STATES[(n * 7 + i) % STATES.length]!;
    if (state === 'untranslated') return t;
    const text = `Translation ${n}-${i}`;
    return {
      ...t,
      state,
      text,
      origin: i % 2 ? 'machine' : 'human',
      machineDraft: i % 2 ? text : null,
      revision: state === 'draft' ? 1 : 2,
      ...(state === 'approved' || state === 'stale' ? { approvedText: text } : {}),
      updatedAt: new Date(Date.parse(at) + i * 60_000).toISOString(),
      updatedBy: i % 3 ? 'tina' : 'machine',
      textBy: i % 3 ? 'tina' : 'machine',
      ...(i % 11 === 0 ? { checks: [{ checkId: 'numbers', severity: 'error' as const, detail: {} }] } : {}),
    };
  });
  const frontMatter = { ...base.article.frontMatter, desk: DESKS[n % DESKS.length]!, tags: [TAGS[n % TAGS.length]!] };
  return JSON.parse(JSON.stringify({ ...base, article: { ...base.article, frontMatter }, translations })) as ArticleRecord;
}

/** Article `n` as stored: its record's JSON and its summary, made from template `n % TEMPLATES`. */
function fromTemplate(
  n: number,
  templates: readonly { json: string; summary: ArticleSummary }[],
): { json: string; summary: ArticleSummary } {
  const k = n % templates.length;
  const template = templates[k]!;
  if (k === n) return template;
  const [from, to] = [benchSlug(k), benchSlug(n)];
  // Segment ids are `s-<slug>-<i>`: `<slug>-` matches only this article's own (bench-1- is not in bench-12-0).
  const json = template.json.replaceAll(`"${from}"`, `"${to}"`).replaceAll(`${from}-`, `${to}-`);
  return { json, summary: { ...template.summary, slug: to as Slug } };
}

function templatesFor(size: number): { json: string; summary: ArticleSummary }[] {
  return Array.from({ length: Math.min(size, TEMPLATES) }, (_, k) => {
    const record = benchRecord(k);
    return { json: JSON.stringify(record), summary: summarizeArticle(record) };
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The editor account the benchmark logs in with, added through the user service of `env`'s backend. */
async function addEditor(env: NodeJS.ProcessEnv): Promise<void> {
  const tandem = await openTandem(loadConfig(env), { lock: false });
  try {
    await tandem.users.add({ name: EDITOR, role: 'editor', locales: [], password: PASSWORD });
  } finally {
    await tandem.close();
  }
}

/**
 * The cached lowdb data directory with `size` articles (built when missing). Approvals and pages change a few articles
 * of it; the generated states leave plenty to approve for many runs.
 */
export async function lowdbArchive(size: number, log: (line: string) => void): Promise<string> {
  const dir = join(ROOT, `backends-v${GENERATOR_VERSION}-articles${size}-segments${SEGMENTS}`);
  const data = join(dir, 'data');
  const settled: ApprovalMarksData = { version: 1, slugs: [] };
  if (await exists(join(dir, 'done'))) {
    // An archive cached before approval marks existed: reconciled as generated (see the top of the file).
    if (!(await exists(join(data, APPROVAL_MARKS_FILE)))) await writeFile(join(data, APPROVAL_MARKS_FILE), JSON.stringify(settled));
    return data;
  }
  const started = Date.now();
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(data, 'articles'), { recursive: true });
  const templates = templatesFor(size);
  const rows: ReturnType<typeof encodeSummary>[] = [];
  for (let n = 0; n < size; n += 200) {
    const writes = [];
    for (let m = n; m < Math.min(size, n + 200); m++) {
      const { json, summary } = fromTemplate(m, templates);
      rows.push(encodeSummary(summary));
      writes.push(writeFile(join(data, 'articles', `${benchSlug(m)}.json`), json));
    }
    await Promise.all(writes);
  }
  // The index a clean close leaves, so the first open trusts it instead of reading every file.
  const index: IndexFile = { version: INDEX_VERSION, clean: true, articles: rows };
  await writeFile(join(data, 'index.json'), JSON.stringify(index));
  await writeFile(join(data, APPROVAL_MARKS_FILE), JSON.stringify(settled));
  await addEditor(tandemEnv(data));
  await writeFile(join(dir, 'done'), new Date().toISOString());
  log(`  lowdb: ${size} articles generated in ${((Date.now() - started) / 1000).toFixed(0)} s (${dir})`);
  return data;
}

/** Create database `name` on the cluster of `adminUrl` (dropped first if it exists) and return its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // An identifier cannot be a bind parameter; the names are ours.
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** Insert rows as the store writes them (record json, its summary, version 1) in one statement. */
async function insertRows(pool: pg.Pool, records: readonly { json: string; summary: ArticleSummary }[]): Promise<void> {
  await pool.query(
    `INSERT INTO articles (slug, version, record, summary, updated_at)
     SELECT slug, 1, record, summary, updated_at FROM unnest($1::text[], $2::json[], $3::jsonb[], $4::text[])
            AS r (slug, record, summary, updated_at)`,
    [
      records.map((r) => r.summary.slug),
      records.map((r) => r.json),
      records.map((r) => JSON.stringify(r.summary)),
      records.map((r) => r.summary.updatedAt),
    ],
  );
}

/**
 * Migrate the empty database at `url` and insert articles 0 to `size - 1` made by `record` (500 a statement), as the
 * store writes them. For small sets (the MT benchmark's); the archives copy templates (postgresArchive).
 */
export async function loadPostgres(url: string, size: number, record: (n: number) => ArticleRecord): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await migrate(pool);
    for (let n = 0; n < size; n += 500) {
      const records = Array.from({ length: Math.min(500, size - n) }, (_, i) => {
        const stored = record(n + i);
        return { json: JSON.stringify(stored), summary: summarizeArticle(stored) };
      });
      await insertRows(pool, records);
    }
    await pool.query('VACUUM ANALYZE articles');
  } finally {
    await pool.end();
  }
}

/** Fill the empty database at `url` with `size` bench articles and the editor account (`dataDir`: its data directory). */
export async function postgresArchive(url: string, dataDir: string, size: number, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await migrate(pool);
    const templates = templatesFor(size);
    for (let k = 0; k < templates.length; k += 100) await insertRows(pool, templates.slice(k, k + 100));
    // The same replacements as fromTemplate, in the database: json keeps the text as written, jsonb is rebuilt.
    for (let n = templates.length; n < size; n += 20_000) {
      await pool.query(
        `INSERT INTO articles (slug, version, record, summary, updated_at)
         SELECT 'bench-' || g, 1,
                replace(replace(t.record::text, '"bench-' || (g % $1) || '"', '"bench-' || g || '"'),
                        'bench-' || (g % $1) || '-', 'bench-' || g || '-')::json,
                jsonb_set(t.summary, '{slug}', to_jsonb('bench-' || g)), t.updated_at
           FROM generate_series($2::int, $3::int) AS g JOIN articles t ON t.slug = 'bench-' || (g % $1)`,
        [templates.length, n, Math.min(size, n + 20_000) - 1],
      );
    }
    await pool.query('VACUUM ANALYZE articles');
  } finally {
    await pool.end();
  }
  const loaded = Date.now();
  await mkdir(dataDir, { recursive: true });
  await addEditor(tandemEnv(dataDir, { TANDEM_DATABASE_URL: url }));
  log(
    `  postgres: ${size} articles loaded in ${((loaded - started) / 1000).toFixed(0)} s, editor added in ${((Date.now() - loaded) / 1000).toFixed(0)} s`,
  );
}
