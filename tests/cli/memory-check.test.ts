import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from './cli-setup.ts';
import { lines, REPO, runInProcess } from './run-tandem.ts';

const SLUG = 'kpa-autumn-drills-2026';
const SOURCE = '군 당국이 꼽은 올해 훈련의 특징은 세 가지다.';
const TARGET = "Military authorities named three features of this year's drills.";

const TMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="ko" o-tmf="test"/>
  <body>
    <tu><tuv xml:lang="ko"><seg>${SOURCE}</seg></tuv><tuv xml:lang="en"><seg>${TARGET}</seg></tuv></tu>
  </body>
</tmx>
`;

interface SegmentsJson {
  segments: { id: string; source: string; translation?: { state: string; text: string; origin: string | null } }[];
}

interface CheckJson {
  slug: string;
  locale: string;
  errors: number;
  warnings: number;
  segments: { segmentId: string; source: string; target: string; state: string; results: { checkId: string; severity: string }[] }[];
}

describe('tandem memory import, search, export; memory drafts with machine translation off; tandem check', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;

  beforeAll(async () => {
    ws = await cliWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('when TMX files are imported, then search finds their pairs and export gives them back as TMX', async () => {
    const file = join(ws.dir, 'kpa.tmx');
    await writeFile(file, TMX);

    const ours = await runInProcess(['memory', 'import', file], ws.env);
    const theirs = await runInProcess(['memory', 'import', join(REPO, 'tests/fixtures/tmx/other-tool.tmx')], ws.env);

    expect(ours.code, ours.stderr).toBe(0);
    expect(lines(ours.stdout)).toEqual([
      `${file}: 1 units, 1 pairs added (en), 0 already known, 0 skipped`,
      '  ko → en: 1 added, 0 already known, 0 empty',
    ]);
    expect(theirs.code, theirs.stderr).toBe(0);
    const found = JSON.parse((await runInProcess(['memory', 'search', '훈련', '--to', 'en', '--json'], ws.env)).stdout) as {
      source: string;
      target: string;
    }[];
    expect(found.map((e) => e.target).sort()).toEqual([TARGET, "The Korean People's Army began exercises on January 22."].sort());
    const byTarget = JSON.parse(
      (await runInProcess(['memory', 'search', 'features', '--to', 'en', '--in', 'target', '--json'], ws.env)).stdout,
    ) as { source: string }[];
    expect(byTarget.map((e) => e.source)).toEqual([SOURCE]);

    const exported = await runInProcess(['memory', 'export', '--to', 'en'], ws.env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^<\?xml/);
    expect(exported.stdout).toContain(`<seg>${SOURCE}</seg>`);
    expect(exported.stdout).toContain('Military authorities named three features of this year');
    const back = join(ws.dir, 'back.tmx');
    await writeFile(back, exported.stdout);
    const reimported = await runInProcess(['memory', 'import', back], ws.env);
    expect(reimported.stdout).toMatch(/ 0 pairs added .*, [1-9]\d* already known/);
  });

  it('when a TMX file is malformed, then it is refused with the line and nothing is added', async () => {
    const run = await runInProcess(['memory', 'import', join(REPO, 'tests/fixtures/tmx/malformed.tmx')], ws.env);

    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/line \d+/);
  });

  it('when an article is imported with machine translation off, then an exact memory match becomes a draft from memory and check lists it', async () => {
    const imported = await runInProcess(['import', ws.file(SLUG)], ws.env);
    expect(imported.code, imported.stderr).toBe(0);

    const body = JSON.parse((await runInProcess(['segments', SLUG, '--locale', 'en', '--json'], ws.env)).stdout) as SegmentsJson;
    const fromMemory = body.segments.filter((s) => s.translation?.origin === 'memory');
    expect(fromMemory.map((s) => [s.source, s.translation!.state, s.translation!.text])).toEqual([[SOURCE, 'draft', TARGET]]);
    expect(body.segments.filter((s) => s.translation?.state === 'untranslated')).toHaveLength(body.segments.length - 1);

    const run = await runInProcess(['check', SLUG, '--locale', 'en', '--json'], ws.env);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as CheckJson;
    expect(report).toMatchObject({ slug: SLUG, locale: 'en' });
    expect(report.segments.map((s) => [s.segmentId, s.state, s.target])).toEqual([[fromMemory[0]!.id, 'draft', TARGET]]);
    const results = report.segments.flatMap((s) => s.results);
    expect(report.errors).toBe(results.filter((r) => r.severity === 'error').length);
    expect(report.warnings).toBe(results.filter((r) => r.severity === 'warning').length);
  });
});
