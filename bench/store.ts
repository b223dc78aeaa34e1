// npm run bench:store — the embedded store under an archive-sized load.
// 1. Import 2,000 generated articles of 20 segments through the import service into a LowdbArticleStore in a temp dir:
//    throughput and peak memory.
// 2. Approve one translation through the review service with 100 articles stored and with 2,000 stored (alternating
//    between the two stores): medians and their ratio. One approval writes one article file, so the ratio should stay near 1 (target: under 1.5).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeInput, formatForFile } from '../src/adapters/formats/index.ts';
import { LowdbArticleStore } from '../src/adapters/storage/lowdb/article-store.ts';
import { parseSlug } from '../src/core/slug.ts';
import { importArticle } from '../src/services/import-article.ts';
import { ReviewService } from '../src/services/review.ts';
import type { ServiceDeps } from '../src/services/types.ts';

const ARTICLES = 2_000;
const SMALL = 100;
const SEGMENTS = 20;
const APPROVALS = 200;
const LOCALES = ['en', 'ja', 'zh-Hans'] as const;

const SYLLABLES = '북한경제시장가격군사훈련인권탈주민평양쌀환율달러국경무역공장협동농장배급당국회의발표통신기자전문가'.split('');

function sentence(seed: number): string {
  let x = (seed * 2654435761) % 4294967296;
  const words: string[] = [];
  for (let w = 0; w < 14; w++) {
    let word = '';
    for (let i = 0; i < 2 + (w % 3); i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      word += SYLLABLES[x % SYLLABLES.length];
    }
    words.push(word);
  }
  return `${words.join(' ')} ${(seed % 900) + 100}만 원, ${seed % 97}억 달러 규모라고 **${words[0]}** 관계자가 말했다.`;
}

/** Markdown with front matter: a title plus 19 body paragraphs = 20 segments. */
function articleMarkdown(n: number): string {
  const body = Array.from({ length: SEGMENTS - 1 }, (_, i) => sentence(n * 1000 + i + 1));
  return `---\ntitle: ${sentence(n * 1000).slice(0, 40)} ${n}\nauthor: 벤치 기자\ndate: 2026-03-${String((n % 28) + 1).padStart(2, '0')}\n---\n\n${body.join('\n\n')}\n`;
}

const slugOf = (n: number) => parseSlug(`bench-article-${n}`);

function depsFor(store: LowdbArticleStore): ServiceDeps {
  return {
    store,
    formats: { forFile: formatForFile, decode: (content, file) => decodeInput(content, file) },
    targetLocales: LOCALES,
  };
}

async function importArticles(deps: ServiceDeps, count: number): Promise<number> {
  const started = performance.now();
  for (let n = 0; n < count; n++) {
    await importArticle(deps, { file: `${slugOf(n)}.md`, content: articleMarkdown(n), by: 'bench' });
  }
  return performance.now() - started;
}

/** Prepare one approval (save and submit, not timed), then time the approval itself. */
async function timeOneApproval(deps: ServiceDeps, review: ReviewService, stored: number, i: number): Promise<number> {
  const slug = slugOf((i * 37) % stored);
  const record = await deps.store.get(slug);
  if (!record) throw new Error(`bench: ${slug} is missing`);
  const live = new Set(record.segments.filter((s) => !s.removedAt).map((s) => s.id));
  const locale = LOCALES[i % LOCALES.length]!;
  // A segment still untranslated in this locale, so every approval is a real state change.
  const target = record.translations.find((t) => t.locale === locale && t.state === 'untranslated' && live.has(t.segmentId));
  if (!target) throw new Error(`bench: no untranslated ${locale} segment left in ${slug}`);
  const ref = { slug, segmentId: target.segmentId, locale };
  const saved = await review.saveTranslation({
    ...ref,
    text: `Translation ${i}.`,
    baseRevision: target.revision,
    actor: { name: 'translator' },
  });
  await review.submit({ ...ref, baseRevision: saved.revision, actor: { name: 'translator' } });
  const started = performance.now();
  await review.approve({ ...ref, actor: { name: 'reviewer' } });
  return performance.now() - started;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(2)} ms`;

const root = await mkdtemp(join(tmpdir(), 'tandem-bench-'));
try {
  console.log(`bench:store in ${root} (node ${process.version})`);

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);

  const large = await LowdbArticleStore.open(join(root, 'large'));
  const largeDeps = depsFor(large);
  const importMs = await importArticles(largeDeps, ARTICLES);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const files = (await readdir(join(root, 'large', 'articles'))).filter((f) => f.endsWith('.json')).length;
  console.log(
    `import: ${ARTICLES} articles x ${SEGMENTS} segments (${LOCALES.length} target locales) in ${(importMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `import throughput: ${(ARTICLES / (importMs / 1000)).toFixed(0)} articles/s (${ms(importMs / ARTICLES)} per article, ${files} article files)`,
  );
  console.log(`peak memory during import: ${mb(peakRss)} RSS sampled; maxRSS of the process: ${mb(process.resourceUsage().maxRSS * 1024)}`);

  const small = await LowdbArticleStore.open(join(root, 'small'));
  const smallDeps = depsFor(small);
  await importArticles(smallDeps, SMALL);

  // Alternate between the two stores so both see the same disk and machine load.
  const smallReview = new ReviewService(smallDeps);
  const largeReview = new ReviewService(largeDeps);
  const smallTimes: number[] = [];
  const largeTimes: number[] = [];
  for (let i = 0; i < APPROVALS; i++) {
    smallTimes.push(await timeOneApproval(smallDeps, smallReview, SMALL, i));
    largeTimes.push(await timeOneApproval(largeDeps, largeReview, ARTICLES, i));
  }
  const smallMedian = median(smallTimes);
  const largeMedian = median(largeTimes);
  console.log(
    `approve one translation, ${SMALL} articles stored: median ${ms(smallMedian)}, p90 ${ms(percentile(smallTimes, 0.9))} (${APPROVALS} approvals)`,
  );
  console.log(
    `approve one translation, ${ARTICLES} articles stored: median ${ms(largeMedian)}, p90 ${ms(percentile(largeTimes, 0.9))} (${APPROVALS} approvals)`,
  );
  const ratio = largeMedian / smallMedian;
  console.log(`ratio ${ARTICLES}/${SMALL}: ${ratio.toFixed(2)} (target < 1.5: ${ratio < 1.5 ? 'met' : 'NOT met'})`);

  await Promise.all([small.close(), large.close()]);

  // Opening reads only index.json; after a crash (index not marked clean) every article file is read once.
  let started = performance.now();
  await (await LowdbArticleStore.open(join(root, 'large'))).close();
  const cleanOpenMs = performance.now() - started;
  await rm(join(root, 'large', 'index.json'));
  started = performance.now();
  await (await LowdbArticleStore.open(join(root, 'large'))).close();
  console.log(
    `open ${ARTICLES} articles: ${ms(cleanOpenMs)} with a clean index, ${ms(performance.now() - started)} rebuilding it (after a crash)`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
