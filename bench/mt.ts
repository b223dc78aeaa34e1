/**
 * `npm run bench:mt`: 200 generated articles × 20 paragraphs translated to en and ja through the fake DeepL server
 * (30 ms latency per request), then one paragraph edited in each of 10 articles, re-imported and translated again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeeplProvider } from '../src/adapters/mt/deepl.ts';
import { decodeInput, formatForFile } from '../src/adapters/formats/index.ts';
import { LowdbArticleStore } from '../src/adapters/storage/lowdb/article-store.ts';
import { LowdbMtStore } from '../src/adapters/storage/lowdb/mt-store.ts';
import { importArticle } from '../src/services/import-article.ts';
import { ReviewService } from '../src/services/review.ts';
import { createMtService, type MtService } from '../src/services/mt/index.ts';
import type { ServiceDeps } from '../src/services/types.ts';
import { FakeDeepl } from '../tests/fake-deepl/server.ts';

const ARTICLES = 200;
const PARAGRAPHS = 20;
const LOCALES = ['en', 'ja'];
const WORDS = ['평양', '장마당', '쌀값', '환율', '군사', '훈련', '탈북민', '인권', '주민', '당국', '시장', '무역', '국경', '단속', '배급'];

function paragraph(a: number, p: number): string {
  // Every 10th paragraph is a shared boilerplate line, so deduplication has something to do.
  if (p % 10 === 9) return `※ 이 기사는 북한 내부 소식통의 제보를 바탕으로 작성됐다. (${p})`;
  const words = Array.from({ length: 12 }, (_, i) => WORDS[(a * 7 + p * 3 + i * 5) % WORDS.length]);
  return `${words.join(' ')} 기사 ${a}번의 ${p}번째 문단으로, 가격은 ${1000 + a * 13 + p}원이다.`;
}

function markdown(a: number, edited?: number): string {
  const paras = Array.from({ length: PARAGRAPHS }, (_, p) =>
    p === edited ? `${paragraph(a, p)} 수정된 내용이 추가됐다 ${a}.` : paragraph(a, p),
  );
  return `---\ntitle: 벤치마크 기사 ${a}\n---\n\n${paras.join('\n\n')}\n`;
}

const dir = await mkdtemp(join(tmpdir(), 'tandem-bench-mt-'));
const fake = await FakeDeepl.start({ latencyMs: 30 });
const store = await LowdbArticleStore.open(dir);
const mt = await LowdbMtStore.open(dir);
let service: MtService | null = null;
const deps: ServiceDeps = {
  store,
  formats: { forFile: formatForFile, decode: (c, f) => decodeInput(c, f, { maxBytes: 2 * 1024 * 1024 }) },
  sourceLocale: 'ko',
  targetLocales: LOCALES,
  afterImport: (result, record) => service!.afterImport(result, record),
};
service = createMtService({
  store,
  mt,
  provider: new DeeplProvider({ authKey: 'bench:fx', serverUrl: fake.url }),
  drafts: new ReviewService(deps),
  sourceLocale: 'ko',
  targetLocales: LOCALES,
  concurrency: 4,
  autoTranslate: true,
});

try {
  for (let a = 0; a < ARTICLES; a++)
    await importArticle(deps, { file: `bench-${a}.md`, content: markdown(a), slug: `bench-${a}`, by: 'bench' });
  const sources = new Map<string, string>();
  for (const s of await store.list()) for (const seg of (await store.get(s.slug))!.segments) sources.set(seg.hash, seg.source);
  const uniqueChars = [...sources.values()].reduce((n, t) => n + [...t].length, 0) * LOCALES.length;
  const minimum = Math.ceil(sources.size / 50) * LOCALES.length;
  const queued = (await service.progress()).remaining;

  let started = performance.now();
  const first = await service.drain();
  const firstMs = performance.now() - started;

  console.log(
    `first run: ${ARTICLES} articles × ${PARAGRAPHS} paragraphs (+ title), ${queued} queued segment×locale, ${sources.size} unique sources, locales ${LOCALES.join(', ')}`,
  );
  console.log(`  requests: ${first.requests} (minimum possible ${minimum} = ceil(${sources.size} / 50) × ${LOCALES.length})`);
  console.log(`  characters sent: ${first.characters} (unique segments' characters × locales: ${uniqueChars})`);
  console.log(`  drafts applied: ${first.drafts}, failed: ${first.failed}`);
  console.log(`  wall time: ${(firstMs / 1000).toFixed(2)} s`);

  let expected = 0;
  const before = fake.textsReceived.length;
  for (let a = 0; a < 10; a++) {
    const edited = 3;
    const content = markdown(a, edited);
    expected += [...`${paragraph(a, edited)} 수정된 내용이 추가됐다 ${a}.`].length * LOCALES.length;
    await importArticle(deps, { file: `bench-${a}.md`, content, slug: `bench-${a}`, by: 'bench' });
  }
  started = performance.now();
  const second = await service.drain();
  const secondMs = performance.now() - started;
  console.log(`re-import of 10 articles with one edited paragraph each:`);
  console.log(
    `  characters sent: ${second.characters} (the 10 edited paragraphs × ${LOCALES.length} locales: ${expected}) ${second.characters === expected ? 'OK' : 'MISMATCH'}`,
  );
  console.log(`  requests: ${second.requests}, texts: ${fake.textsReceived.length - before}, wall time ${(secondMs / 1000).toFixed(2)} s`);
  if (first.requests !== minimum || first.characters !== uniqueChars || second.characters !== expected) process.exitCode = 1;
} finally {
  await fake.close();
  await mt.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
