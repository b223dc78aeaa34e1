// The approval figure of bench/backends.ts: the same approvals timed on an installation with few articles and one with
// many, alternating between the two in one process (so a change of the machine's load hits both alike), with what the
// process wrote per approval (from /proc/self/io: bytes and write calls; on lowdb the store's files, on PostgreSQL the
// socket to the server), its CPU time and the time spent in garbage collection.
import { readFile } from 'node:fs/promises';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { openTandem, type Tandem } from '../src/main.ts';
import { benchSlug } from './backends-data.ts';
import { median } from './servers.ts';

/** Medians over the timed approvals of one installation. */
export interface ApprovalFigure {
  readonly ms: number;
  /** CPU time of the process (every thread) during one approval: less shaken by other work on the machine than `ms`. */
  readonly cpuMs: number;
  /** Bytes the process wrote during one approval (NaN where /proc/self/io is missing). */
  readonly bytes: number;
  /** write, pwrite and the like during one approval. */
  readonly writes: number;
  /** Garbage collection that started inside the timed approvals, summed (ms). */
  readonly gcMs: number;
}

interface Io {
  readonly bytes: number;
  readonly writes: number;
}

async function io(): Promise<Io> {
  const text = await readFile('/proc/self/io', 'utf8').catch(() => '');
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { bytes: field('wchar'), writes: field('syscw') };
}

/**
 * The `i`-th article to approve in and its untranslated translation: article (i × 7,919 + 13) mod `size`, or the next
 * one that still has an untranslated translation of a live segment (earlier runs used up those of the first choices).
 */
async function nextWork(tandem: Tandem, size: number, i: number) {
  for (let step = 0; step < size; step++) {
    const slug = benchSlug((i * 7_919 + 13 + step) % size);
    const record = await tandem.articles.get(slug);
    const live = new Set(record.segments.filter((s) => !s.removedAt).map((s) => s.id));
    const target = record.translations.find((t) => t.state === 'untranslated' && live.has(t.segmentId));
    if (target) return { slug, record, target };
  }
  throw new Error(`bench: no untranslated translation left in the ${size} articles; delete the cached archive to build it again`);
}

/** Approve one translation that was untranslated: save and submit it unmeasured, then measure the approval. */
async function oneApproval(tandem: Tandem, size: number, i: number): Promise<Omit<ApprovalFigure, 'gcMs'> & { readonly from: number }> {
  const { slug, record, target } = await nextWork(tandem, size, i);
  // Numbers kept (10만 written out), words replaced: the error-level checks, which would block the approval, pass.
  const source = record.segments.find((s) => s.id === target.segmentId)!.source;
  const text = source.replace(/(\d+)만/g, (_, d: string) => String(Number(d) * 10_000)).replace(/[\uAC00-\uD7A3]+/g, 'word');
  const ref = { slug, segmentId: target.segmentId, locale: target.locale };
  const translator = { name: 'translator-bench', role: 'translator' as const, locales: [] };
  const saved = await tandem.review.saveTranslation({ ...ref, text, baseRevision: target.revision, actor: translator });
  await tandem.review.submit({ ...ref, baseRevision: saved.revision, actor: translator });
  const before = await io();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await tandem.review.approve({ ...ref, actor: { name: 'reviewer-bench', role: 'reviewer', locales: [] } });
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  const after = await io();
  return {
    ms,
    cpuMs: (user + system) / 1000,
    bytes: after.bytes - before.bytes,
    writes: after.writes - before.writes,
    from: started,
  };
}

/**
 * Approval figures on the installations of `envs` holding `sizes` articles. Each is first reconciled as a server start
 * reconciles it, so both begin with no article marked as bringing approvals and each timed approval (of an article
 * not approved since) marks its article, on both alike. Without it the installation a server had last run on had its
 * marks cleared and paid for marking, while the other, whose articles earlier runs had marked, paid nothing.
 */
export async function approvalFigures(
  envs: readonly [NodeJS.ProcessEnv, NodeJS.ProcessEnv],
  sizes: readonly [number, number],
  options: { readonly lock: boolean; readonly warmup: number; readonly approvals: number },
): Promise<[ApprovalFigure, ApprovalFigure]> {
  const opened: Tandem[] = [];
  // Entries arrive after the fact (a collection during the index's load can be reported during an approval), so each
  // is counted by when it started.
  const collections: { readonly start: number; readonly ms: number }[] = [];
  const collect = (entries: readonly PerformanceEntry[]) => {
    for (const entry of entries) collections.push({ start: entry.startTime, ms: entry.duration });
  };
  const observer = new PerformanceObserver((list) => collect(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const runs: Omit<ApprovalFigure, 'gcMs'>[][] = [[], []];
  const windows: [number, number][][] = [[], []];
  try {
    for (const env of envs) opened.push(await openTandem(loadConfig(env), { lock: options.lock }));
    for (const tandem of opened) await tandem.recovery.reconcileMemory();
    for (let i = 0; i < options.warmup + options.approvals; i++) {
      for (const k of [0, 1] as const) {
        const { from, ...figure } = await oneApproval(opened[k]!, sizes[k], i);
        if (i < options.warmup) continue;
        windows[k]!.push([from, from + figure.ms]);
        runs[k]!.push(figure);
      }
    }
  } finally {
    collect(observer.takeRecords());
    observer.disconnect();
    for (const tandem of opened) await tandem.close();
  }
  const summary = (figures: readonly Omit<ApprovalFigure, 'gcMs'>[], during: readonly [number, number][]): ApprovalFigure => ({
    ms: median(figures.map((f) => f.ms)),
    cpuMs: median(figures.map((f) => f.cpuMs)),
    bytes: median(figures.map((f) => f.bytes)),
    writes: median(figures.map((f) => f.writes)),
    gcMs: collections.filter((c) => during.some(([a, b]) => c.start >= a && c.start < b)).reduce((sum, c) => sum + c.ms, 0),
  });
  return [summary(runs[0]!, windows[0]!), summary(runs[1]!, windows[1]!)];
}
