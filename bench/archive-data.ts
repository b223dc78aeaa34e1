// Archives for bench/archive.ts: N generated Korean articles of 22 segments, translations in mixed states in en, ja
// and zh-Hans, a translation memory filled by the approvals, a few English versions published, one editor account.
// Built once per parameter set under BENCH_ARCHIVE_DIR (default <tmp>/tandem-bench-archive) and copied for each run.
import { execFile } from 'node:child_process';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openStorage } from '../src/adapters/storage/index.ts';
import { loadConfig } from '../src/config.ts';
import type { ArticleRecord, Translation, TranslationState } from '../src/core/model.ts';
import type { MemoryEntry } from '../src/core/ports/translation-memory-store.ts';
import { parseSlug } from '../src/core/slug.ts';
import { openTandem } from '../src/main.ts';

const run = promisify(execFile);

/** Bump when what is generated changes, so stale cached archives are not reused. */
const GENERATOR_VERSION = 2;
export const SEGMENTS = 22;
export const LOCALES = ['en', 'ja', 'zh-Hans'] as const;
export const EDITOR = 'editor-bench';
export const PASSWORD = 'bench-password-archive-13';
/** The article the review page is measured on (25 segments, English drafts to review). */
export const REVIEW_SLUG = 'bench-review-25';
export const REVIEW_SEGMENTS = 25;
/** Articles whose English is fully approved and published (every PUBLISH_EVERY-th one). */
const PUBLISH_EVERY = 20;
const MAX_PUBLISHED = 50;
export const ROOT = process.env.BENCH_ARCHIVE_DIR ?? join(tmpdir(), 'tandem-bench-archive');

const SYLLABLES = '북한경제시장가격군사훈련인권탈주민평양쌀환율달러국경무역공장협동농장배급당국회의발표통신기자전문가'.split('');

function sentence(seed: number, words = 24): string {
  let x = (seed * 2654435761) % 4294967296;
  const out: string[] = [];
  for (let w = 0; w < words; w++) {
    let word = '';
    for (let i = 0; i < 2 + (w % 3); i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      word += SYLLABLES[x % SYLLABLES.length];
    }
    out.push(word);
  }
  return `${out.join(' ')} 번호 ${(seed % 900) + 100} 관련, **${out[0]}** 관계자가 말했다.`;
}

/** Markdown with front matter: a title plus `segments - 1` paragraph-length body paragraphs. */
export function articleMarkdown(n: number, segments = SEGMENTS, prefix = 'bench'): string {
  const body = Array.from({ length: segments - 1 }, (_, i) => `${sentence(n * 1000 + i + 1)} ${sentence(n * 1000 + i + 500, 12)}`);
  const day = String((n % 28) + 1).padStart(2, '0');
  return `---\ntitle: ${prefix} ${sentence(n * 1000, 6).slice(0, 40)} ${n}\nauthor: 벤치 기자\ndate: 2026-03-${day}\ntags: [경제, 시장]\n---\n\n${body.join('\n\n')}\n`;
}

export const slugOf = (n: number) => `bench-article-${n}`;

/** The environment a `tandem` process gets for `dataDir` (no MT provider, no automatic translation, no samples). */
export function tandemEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('TANDEM_') || key.startsWith('DEEPL_')) delete env[key];
  return {
    ...env,
    TANDEM_DATA_DIR: dataDir,
    TANDEM_PUBLISH_DIR: join(dataDir, 'published'),
    TANDEM_CONTENT_DIR: join(dataDir, 'no-samples'),
    TANDEM_SOURCE_LOCALE: 'ko',
    TANDEM_TARGET_LOCALES: LOCALES.join(','),
    TANDEM_AUTO_TRANSLATE: 'false',
    TANDEM_ADMIN_PASSWORD: PASSWORD,
    ...extra,
  };
}

/** Mixed states, varying by article and locale: mostly approved, some in review, drafts, stale and untranslated. */
function stateFor(article: number, segment: number, locale: number): TranslationState {
  if (article % PUBLISH_EVERY === 0 && locale === 0) return 'approved';
  const x = (article * 31 + segment * 7 + locale * 13) % 20;
  if (x < 9) return 'approved';
  if (x < 11) return 'submitted';
  if (x < 14) return 'draft';
  if (x < 15) return 'stale';
  return 'untranslated';
}

const WORDS = ['market', 'price', 'rice', 'border', 'trade', 'report', 'official', 'said', 'the', 'of', 'city', 'farm'];

/** A stand-in translation that passes the error-level checks: Hangul words replaced, numbers and inline tags kept. */
function targetText(source: string, locale: string): string {
  let i = locale.length;
  return source.replace(/[\uAC00-\uD7A3]+/g, () => WORDS[i++ % WORDS.length]!);
}

function translated(record: ArticleRecord, article: number, at: string, memory: MemoryEntry[]): ArticleRecord {
  const segments = new Map(record.segments.map((s) => [s.id, s]));
  const translations = record.translations.map((t): Translation => {
    const segment = segments.get(t.segmentId);
    const locale = LOCALES.indexOf(t.locale as (typeof LOCALES)[number]);
    if (!segment || locale < 0) return t;
    const state = article < 0 ? (locale === 0 ? 'draft' : 'untranslated') : stateFor(article, segment.order, locale);
    const text = targetText(segment.source, t.locale);
    const base = {
      ...t,
      text,
      origin: 'machine' as const,
      machineDraft: text,
      updatedAt: at,
      updatedBy: 'translator-bench',
      textBy: 'machine',
    };
    switch (state) {
      case 'untranslated':
        return t;
      case 'draft':
        return { ...base, state, revision: 1 };
      case 'submitted':
        return { ...base, state, revision: 2, textBy: 'translator-bench' };
      case 'stale':
        return {
          ...base,
          state,
          revision: 4,
          staleSource: `${segment.source} 이전`,
          approvedText: text,
          approvedSource: `${segment.source} 이전`,
        };
      default:
        memory.push({
          id: `tm-bench-${record.article.slug}-${segment.id}-${t.locale}`,
          sourceLocale: 'ko',
          targetLocale: t.locale,
          source: segment.source,
          target: text,
          slug: record.article.slug,
          segmentId: segment.id,
          approvedAt: at,
          approvedBy: EDITOR,
          origin: 'approval',
        });
        return {
          ...base,
          state,
          revision: 3,
          updatedBy: EDITOR,
          textBy: 'translator-bench',
          approvedText: text,
          approvedSource: segment.source,
        };
    }
  });
  return { ...record, translations };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Write `count` article files numbered from `first` into `dir` (for `tandem import`). */
export async function writeArticles(dir: string, first: number, count: number, prefix = 'bench'): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let n = first; n < first + count; n++) await writeFile(join(dir, `${slugOf(n)}.md`), articleMarkdown(n, SEGMENTS, prefix));
}

/**
 * Leave the archive as a newsroom's server leaves it once its memory reconciliation has run: no article marked as
 * bringing approvals the memory has not seen. The generator writes translations with their memory entries straight
 * into the store (which marks them), and an archive cached before approval marks existed counts as all marked; either
 * way the first start would otherwise re-read the whole archive in the background while the other server is measured.
 * Cheap when nothing is marked.
 */
async function settleMemory(data: string): Promise<void> {
  const tandem = await openTandem(loadConfig(tandemEnv(data)), { lock: true });
  try {
    await tandem.recovery.reconcileMemory();
  } finally {
    await tandem.close();
  }
}

/**
 * The cached archive of `size` articles (built when missing, which takes about a minute per thousand articles): a data
 * directory ready for `tandem serve`. Callers copy it (copyArchive) before anything writes to it.
 */
export async function archive(size: number, log: (line: string) => void): Promise<string> {
  const dir = join(ROOT, `v${GENERATOR_VERSION}-articles${size}-segments${SEGMENTS}-${LOCALES.join('_')}`);
  const data = join(dir, 'data');
  if (await exists(join(dir, 'done'))) {
    // An archive cached by an older Tandem has an older index.json: opening the store once rebuilds and saves it, as
    // the first start after an upgrade would, so the figures are those of a normal start (cheap when already current).
    const config = loadConfig(tandemEnv(data));
    const storage = await openStorage(config.storage, { dataDir: data });
    // The listing is read on first need: list it so an outdated index is rebuilt here, not in a measured start.
    await storage.articles.list();
    await storage.close();
    await settleMemory(data);
    return data;
  }
  await rm(dir, { recursive: true, force: true });
  const sources = join(dir, 'sources');
  await writeArticles(sources, 0, size);
  await writeFile(
    join(sources, `${REVIEW_SLUG}.md`),
    articleMarkdown(999_999, REVIEW_SEGMENTS, 'review').replace('---\n', `---\nslug: ${REVIEW_SLUG}\n`),
  );
  const started = Date.now();
  const config = loadConfig(tandemEnv(data));
  let tandem = await openTandem(config, { lock: true });
  const files = [...Array.from({ length: size }, (_, n) => join(sources, `${slugOf(n)}.md`)), join(sources, `${REVIEW_SLUG}.md`)];
  const outcomes = await tandem.imports.importFiles(files, 'bench');
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok) throw new Error(`bench: import of ${failed.file} failed: ${failed.error.message}`);
  await tandem.users.add({ name: EDITOR, role: 'editor', locales: [], password: PASSWORD });
  await tandem.close();
  log(`  generated ${size} articles in ${((Date.now() - started) / 1000).toFixed(0)} s; adding translations`);

  // Translations written straight into the store, one write per article (the review service would take one per segment).
  const storage = await openStorage(config.storage, { dataDir: data });
  const at = '2026-03-20T09:00:00.000Z';
  for (let n = -1; n < size; n++) {
    const memory: MemoryEntry[] = [];
    const slug = parseSlug(n < 0 ? REVIEW_SLUG : slugOf(n));
    await storage.articles.update(slug, (record) => (record ? translated(record, n, at, memory) : null));
    if (memory.length > 0) await storage.translationMemory.add(memory);
  }
  await storage.close();

  tandem = await openTandem(config, { lock: true });
  for (let n = 0, published = 0; n < size && published < MAX_PUBLISHED; n += PUBLISH_EVERY, published++) {
    await tandem.publish.publish({ slug: slugOf(n), locale: 'en', actor: { name: EDITOR, role: 'editor' } });
  }
  await tandem.close();
  await settleMemory(data);
  await rm(sources, { recursive: true });
  await writeFile(join(dir, 'done'), new Date().toISOString());
  log(`  archive of ${size} ready in ${((Date.now() - started) / 1000).toFixed(0)} s (${dir})`);
  return data;
}

/** A fresh writable copy of a cached archive's data directory (or an empty one for `null`) under `into`. */
export async function copyArchive(data: string | null, into: string): Promise<string> {
  await rm(into, { recursive: true, force: true });
  await mkdir(into, { recursive: true });
  const target = join(into, 'data');
  if (data) await run('cp', ['-a', data, target]);
  else await mkdir(target);
  return target;
}

/** The English article page readers are measured on: the first published one. */
export const READER_PATH = `/en/articles/${slugOf(0)}`;
