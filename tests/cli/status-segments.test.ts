import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, runInProcess, SAMPLES } from './run-tandem.ts';

interface StatusJson {
  slug: string;
  title: string;
  sourceLocale: string;
  sourceRevision: number;
  segmentCount: number;
  locales: { locale: string; counts: Record<string, number>; total: number; progress: number }[];
  publications: unknown[];
}

interface SegmentsJson {
  slug: string;
  sourceLocale: string;
  locale?: string;
  segments: { id: string; order: number; kind: string; source: string; translation?: { state: string; text: string } }[];
}

// In this process (runInProcess): these check what status and segments print, not the process around them;
// tests/cli/import.test.ts and lock.test.ts run bin/tandem.js itself.
describe('tandem status and segments', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-cli-status-'));
    env = { TANDEM_DATA_DIR: join(dir, 'data') };
    const run = await runInProcess(['import', SAMPLES], env);
    expect(run.code, run.stderr).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('when status --json runs, then every article is listed with counts by state for each target locale', async () => {
    const run = await runInProcess(['status', '--json'], env);

    expect(run.code, run.stderr).toBe(0);
    const { articles: rows, machineTranslation } = JSON.parse(run.stdout) as {
      articles: StatusJson[];
      machineTranslation: { state: string; message: string };
    };
    expect(machineTranslation.state).toBe('off');
    expect(machineTranslation.message).toContain('DEEPL_AUTH_KEY');
    expect(rows.map((r) => r.slug).sort()).toEqual([
      'defector-arrivals-2026',
      'detention-testimony-hyesan',
      'jangmadang-rice-prices-2026',
      'kpa-autumn-drills-2026',
      'sinuiju-dandong-trade-2026',
    ]);
    for (const row of rows) {
      expect(row.sourceLocale).toBe('ko');
      expect(row.sourceRevision).toBe(1);
      expect(row.segmentCount).toBeGreaterThanOrEqual(6);
      expect(row.segmentCount).toBeLessThanOrEqual(25);
      expect(row.locales.map((l) => l.locale)).toEqual(['en', 'ja', 'zh-Hans']);
      for (const l of row.locales) {
        expect(l.counts).toEqual({ untranslated: row.segmentCount, draft: 0, submitted: 0, approved: 0, stale: 0 });
      }
      expect(row.publications).toEqual([]);
    }
  });

  it('when status runs without --json, then each article shows its title and a line per locale', async () => {
    const run = await runInProcess(['status', 'jangmadang-rice-prices-2026'], env);

    expect(run.code, run.stderr).toBe(0);
    const out = lines(run.stdout);
    expect(out[0]).toBe('jangmadang-rice-prices-2026  평양 장마당 쌀값 한 달 새 18% 올라…환율도 동반 상승');
    expect(out.filter((l) => /^ {2}(en|ja|zh-Hans) +0% approved {2}\d+ untranslated$/.test(l))).toHaveLength(3);
  });

  it('when status names an unknown article, then it exits 1 with one line saying so', async () => {
    const run = await runInProcess(['status', 'no-such-article'], env);

    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual(['tandem: status: no article "no-such-article"; import it first (tandem import <file>)']);
  });

  it('when segments --json --locale en runs, then the live segments come in reading order with their English state', async () => {
    const run = await runInProcess(['segments', 'detention-testimony-hyesan', '--locale', 'en', '--json'], env);

    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as SegmentsJson;
    expect(body.slug).toBe('detention-testimony-hyesan');
    expect(body.locale).toBe('en');
    const { segments } = body;
    expect(segments.map((s) => s.order)).toEqual([...segments.keys()].map((i) => segments[0]!.order + i));
    expect(segments[0]).toMatchObject({ kind: 'title', source: '"구류장에서 보낸 41일"…국경 지역 주민의 증언' });
    expect(segments[1]?.kind).toBe('subtitle');
    expect(segments.map((s) => s.kind)).toEqual(expect.arrayContaining(['heading', 'paragraph', 'list-item', 'quote']));
    expect(segments.some((s) => s.source.includes('김철민씨는'))).toBe(true);
    expect(new Set(segments.map((s) => s.id)).size).toBe(segments.length);
    for (const s of segments) expect(s.translation).toMatchObject({ state: 'untranslated', text: '' });
  });

  it('when segments runs without --locale, then no translation is shown', async () => {
    const json = JSON.parse((await runInProcess(['segments', 'kpa-autumn-drills-2026', '--json'], env)).stdout) as SegmentsJson;
    expect(json.locale).toBeUndefined();
    expect(json.segments.every((s) => s.translation === undefined)).toBe(true);
  });

  it('when segments asks for a locale that is not a target, then it exits 2 naming the configured ones', async () => {
    const run = await runInProcess(['segments', 'kpa-autumn-drills-2026', '--locale', 'fr'], env);

    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      'tandem: locale: fr is not one of the languages this newsroom translates into; use one of en, ja, zh-Hans. (see tandem --help)',
    ]);
  });

  it('when segments is given a slug that could escape a directory, then it is refused before anything is read', async () => {
    const run = await runInProcess(['segments', '../data'], env);

    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^tandem: command-argument value '\.\.\/data' is invalid for argument 'slug'\. slug: "\.\.\/data" is not a valid slug/,
    );
  });
});
