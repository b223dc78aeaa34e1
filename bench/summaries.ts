// npm run bench:summaries — what the queue, the articles list and `tandem status` cost with 100 and 5,000 articles.
// Generates two lowdb archives (22 segments, en/ja/zh-Hans translations in every state, desks and tags) by writing the
// article files directly, opens each store (a rebuild of index.json: the cost after a crash), closes and reopens it
// (the trusted index: a normal start), then times the services the pages and the CLI call, alternating between the
// two archives: first queue page, a later queue page by cursor, the articles list (default, by progress, a title
// search) and allStatus, then the first queue page, the list by progress and allStatus again right after a save that
// changes an article's summary, and the home page's "my work" for a translator, a reviewer and an editor. Medians in ms and the 5,000/100 ratio (target: under 1.5). Service level, no HTTP: the
// readercache helper's archive benchmark measures the real servers.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LowdbArticleStore } from '../src/adapters/storage/lowdb/article-store.ts';
import type { ArticleRecord, Translation, TranslationState } from '../src/core/model.ts';
import { parseSlug } from '../src/core/slug.ts';
import { articleList } from '../src/services/article-list.ts';
import { reviewQueue } from '../src/services/queue-page.ts';
import { WorkService } from '../src/services/my-work.ts';
import { allStatus } from '../src/services/status.ts';
import type { ServiceDeps } from '../src/services/types.ts';
import { makeRecord } from '../tests/fixtures/storage/records.ts';

const SIZES = [100, 5_000] as const;
const SEGMENTS = 22;
const RUNS = 25;
const STATES: readonly TranslationState[] = ['untranslated', 'draft', 'submitted', 'approved', 'stale'];
const DESKS = ['정치', '경제', '사회', '국제'];
const TAGS = ['선거', '환율', '쌀값', '국경', '무역', '인권'];

function generated(n: number): ArticleRecord {
  const at = new Date(Date.UTC(2025, 0, 1) + n * 3_600_000).toISOString();
  const base = makeRecord(`bench-${n}`, { segments: SEGMENTS, at, seed: n + 1 });
  const translations = base.translations.map((t, i): Translation => {
    const state = STATES[(n * 7 + i) % STATES.length]!;
    if (state === 'untranslated') return t;
    const text = `Translation ${n}-${i}`;
    return {
      ...t,
      state,
      text,
      origin: i % 2 ? 'machine' : 'human',
      machineDraft: i % 2 ? `Translation ${n}-${i + 1}` : null,
      ...(state === 'approved' ? { approvedText: text } : {}),
      updatedAt: new Date(Date.parse(at) + i * 60_000).toISOString(),
      updatedBy: i % 3 ? 'tina' : 'machine',
      textBy: i % 3 ? 'tina' : 'machine',
      ...(i % 11 === 0 ? { checks: [{ checkId: 'numbers', severity: 'error' as const, detail: {} }] } : {}),
    };
  });
  const frontMatter = {
    ...base.article.frontMatter,
    desk: DESKS[n % DESKS.length]!,
    tags: [TAGS[n % TAGS.length]!, TAGS[(n * 5) % TAGS.length]!],
  };
  // Every fourth draft was rejected by a reviewer (the home page lists those with the comment).
  const history = translations
    .filter((t, i) => t.state === 'draft' && i % 4 === 1)
    .map((t) => ({
      at: t.updatedAt,
      by: 'rita',
      segmentId: t.segmentId,
      locale: t.locale,
      action: 'reject',
      from: 'submitted' as const,
      to: 'draft' as const,
      textBefore: t.text,
      textAfter: t.text,
      comment: 'Use the agency name',
    }));
  return { ...base, article: { ...base.article, frontMatter }, translations, history: [...base.history, ...history] };
}

async function archive(size: number): Promise<{ dir: string; deps: ServiceDeps; rebuildMs: number; openMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), `tandem-bench-summaries-${size}-`));
  await mkdir(join(dir, 'articles'));
  for (let n = 0; n < size; n++) await writeFile(join(dir, 'articles', `bench-${n}.json`), JSON.stringify(generated(n)));
  let t = performance.now();
  const first = await LowdbArticleStore.open(dir);
  const rebuildMs = performance.now() - t;
  await first.close();
  t = performance.now();
  const store = await LowdbArticleStore.open(dir);
  const openMs = performance.now() - t;
  return { dir, deps: { store, targetLocales: ['en', 'ja', 'zh-Hans'] }, rebuildMs, openMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const archives = [];
  for (const size of SIZES) archives.push({ size, ...(await archive(size)) });
  const viewer = { locales: ['en'] };
  const cases: Record<string, (deps: ServiceDeps) => Promise<unknown>> = {
    'queue, first page': (deps) => reviewQueue(deps, {}, viewer),
    'queue, page 3 by cursor': async (deps) => {
      let page = await reviewQueue(deps, {}, viewer);
      for (let i = 0; i < 2 && page.next; i++) page = await reviewQueue(deps, { cursor: page.next }, viewer);
    },
    'queue, ja submitted with errors': (deps) => reviewQueue(deps, { locales: ['ja'], states: ['submitted'], issues: 'errors' }, viewer),
    'articles, newest first': (deps) => articleList(deps, {}),
    'articles, by progress in ja': (deps) => articleList(deps, { sort: 'progress', locale: 'ja' }),
    'articles, title search': (deps) => articleList(deps, { q: '북' }),
    'status (allStatus)': (deps) => allStatus(deps),
    'home, translator': (deps) => new WorkService(deps).myWork({ name: 'tina', role: 'translator', locales: ['en'] }),
    'home, reviewer': (deps) => new WorkService(deps).myWork({ name: 'rita', role: 'reviewer', locales: ['en', 'ja'] }),
    'home, editor': (deps) => new WorkService(deps).myWork({ name: 'eddie', role: 'editor', locales: [] }),
  };
  // The same reads right after a save (untimed): what is kept on write stays flat, what is cached per change is redone.
  let saves = 0;
  const save = (deps: ServiceDeps) =>
    deps.store.update(parseSlug('bench-0'), (r) => {
      const [first, ...rest] = r!.translations;
      // Draft and submitted in turn, so every save changes the article's summary.
      const state = ++saves % 2 ? 'draft' : 'submitted';
      return { ...r!, translations: [{ ...first!, text: `Saved ${saves}`, state }, ...rest] };
    });
  for (const name of ['queue, first page', 'articles, by progress in ja', 'status (allStatus)', 'home, translator', 'home, editor']) {
    cases[`${name}, after a save`] = cases[name]!;
  }
  const times = new Map<string, number[]>();
  for (let run = 0; run < 2 * RUNS; run++) {
    for (const a of archives) {
      for (const [name, fn] of Object.entries(cases)) {
        // The reads without saves come first, all runs long; the reads after a save follow.
        if (name.endsWith('after a save') !== run >= RUNS) continue;
        if (name.endsWith('after a save')) await save(a.deps);
        const t = performance.now();
        await fn(a.deps);
        const key = `${name}|${a.size}`;
        times.set(key, [...(times.get(key) ?? []), performance.now() - t]);
      }
    }
  }
  const [small, large] = SIZES;
  console.log(`${'median ms'.padEnd(48)}${String(small).padStart(10)}${String(large).padStart(10)}   ratio`);
  for (const name of Object.keys(cases)) {
    const a = median(times.get(`${name}|${small}`)!);
    const b = median(times.get(`${name}|${large}`)!);
    console.log(`${name.padEnd(48)}${a.toFixed(2).padStart(10)}${b.toFixed(2).padStart(10)}   ${(b / a).toFixed(2)}`);
  }
  for (const a of archives) {
    console.log(
      `store open at ${a.size}: rebuild of index.json ${a.rebuildMs.toFixed(0)} ms, with a clean index ${a.openMs.toFixed(0)} ms`,
    );
    await a.deps.store.close();
    await rm(a.dir, { recursive: true, force: true });
  }
}

await main();
