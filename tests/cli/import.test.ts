import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lines, runInProcess, runTandem, SAMPLES, workspace, type CliRun } from './run-tandem.ts';

const SAMPLE_FILES = [
  'defector-arrivals-2026.md',
  'detention-testimony-hyesan.md',
  'jangmadang-rice-prices-2026.md',
  'kpa-autumn-drills-2026.md',
  'sinuiju-dandong-trade-2026.md',
];

describe('tandem import', () => {
  // One real import of the samples through bin/tandem.js in a child process, made once: the first test checks its
  // report, the others start from a copy of its data directory. The others run the same program in this process
  // (runInProcess): what they check is the import's outcome and report, not the process around it, and a fresh Node
  // with tsx per case only added start-up time.
  let template: { dir: string; dataDir: string; run: CliRun };
  let ws: Awaited<ReturnType<typeof workspace>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-cli-template-'));
    const dataDir = join(dir, 'data');
    template = { dir, dataDir, run: await runTandem(['import', SAMPLES], { TANDEM_DATA_DIR: dataDir }) };
  });
  afterAll(() => rm(template.dir, { recursive: true, force: true }));

  beforeEach(async () => {
    ws = await workspace();
    env = { TANDEM_DATA_DIR: ws.dataDir };
  });
  afterEach(() => ws.cleanup());

  /** Start from the data directory the sample import produced. */
  const imported = () => cp(template.dataDir, ws.dataDir, { recursive: true });
  const segmentsOf = (slug: string) => Number(new RegExp(`→ ${slug} \\((\\d+) segments\\)`).exec(template.run.stdout)?.[1]);

  it('when a folder is imported into an empty data directory, then every file is reported new and stored', async () => {
    const run = template.run;

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    for (const file of SAMPLE_FILES) {
      const slug = file.replace(/\.md$/, '');
      expect(out).toContainEqual(expect.stringMatching(new RegExp(`^new +.*${file} → ${slug} \\(\\d+ segments\\)$`)));
    }
    expect(out.at(-1)).toBe('5 files: 5 new, 0 updated, 0 unchanged, 0 failed');
    expect((await readdir(join(template.dataDir, 'articles'))).sort()).toEqual(SAMPLE_FILES.map((f) => f.replace(/\.md$/, '.json')));
  });

  it('when an unchanged folder is imported again, then every file is reported unchanged and no article file is rewritten', async () => {
    await imported();
    const articleFile = join(ws.dataDir, 'articles', 'kpa-autumn-drills-2026.json');
    const before = { text: await readFile(articleFile, 'utf8'), mtime: (await stat(articleFile)).mtimeMs };

    const run = await runInProcess(['import', ws.articles], env);

    expect(run.code).toBe(0);
    expect(lines(run.stdout).filter((l) => l.startsWith('unchanged'))).toHaveLength(5);
    expect(lines(run.stdout).at(-1)).toBe('5 files: 0 new, 0 updated, 5 unchanged, 0 failed');
    expect(await readFile(articleFile, 'utf8')).toBe(before.text);
    expect((await stat(articleFile)).mtimeMs).toBe(before.mtime);
  });

  it('when one paragraph is edited and the file re-imported, then it is reported updated with 1 changed and the rest unchanged', async () => {
    const file = join(ws.articles, 'kpa-autumn-drills-2026.md');
    await imported();
    const total = segmentsOf('kpa-autumn-drills-2026');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('한 국방 전문가는 이렇게 평가했다.', '한 군사 전문가는 이렇게 평가했다.'));

    const run = await runInProcess(['import', file], env);

    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]).toMatch(
      new RegExp(
        `^updated +.*kpa-autumn-drills-2026\\.md → kpa-autumn-drills-2026 \\(revision 2\\): ${total - 1} unchanged, 1 changed, 0 new, 0 removed$`,
      ),
    );
  });

  it('when a paragraph is added and a list item removed, then the counts say 1 new and 1 removed', async () => {
    const file = join(ws.articles, 'jangmadang-rice-prices-2026.md');
    await imported();
    const total = segmentsOf('jangmadang-rice-prices-2026');
    const text = await readFile(file, 'utf8');
    const edited = text
      .replace('- 신의주: 쌀 1kg 6,900원, 옥수수 1kg 3,600원\n', '')
      .replace('## 당국의 대응\n', '## 당국의 대응\n\n함경북도 청진의 쌀값은 확인되지 않았다.\n');
    expect(edited).not.toBe(text);
    await writeFile(file, edited);

    const run = await runInProcess(['import', file], env);

    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]).toMatch(new RegExp(`\\(revision 2\\): ${total - 1} unchanged, 0 changed, 1 new, 1 removed$`));
  });

  it('when a folder holds bad files, then each gets one stderr line naming it, the good files still import and the exit code is 1', async () => {
    await writeFile(join(ws.articles, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    await writeFile(join(ws.articles, 'broken-front-matter.md'), '---\ntitle: [unclosed\nauthor: 기자\n---\n\n본문 문단.\n');
    await writeFile(join(ws.articles, 'escape.md'), '---\ntitle: 제목\nslug: ../../etc/passwd\n---\n\n본문 문단.\n');

    const run = await runInProcess(['import', ws.articles], env);

    expect(run.code).toBe(1);
    const errors = lines(run.stderr);
    expect(errors).toHaveLength(3);
    for (const name of ['binary.md', 'broken-front-matter.md', 'escape.md']) {
      const line = errors.find((l) => l.includes(name));
      expect(line, `an error line naming ${name}`).toMatch(/^tandem: \S/);
      expect(line).not.toMatch(/\bat .+:\d+:\d+/);
    }
    expect(errors.find((l) => l.includes('binary.md'))).toMatch(/binary/);
    expect(errors.find((l) => l.includes('broken-front-matter.md'))).toMatch(/front matter/);
    expect(errors.find((l) => l.includes('escape.md'))).toMatch(/slug/);
    expect(lines(run.stdout).at(-1)).toBe('8 files: 5 new, 0 updated, 0 unchanged, 3 failed');
    expect((await readdir(join(ws.dataDir, 'articles'))).filter((f) => f.endsWith('.json'))).toHaveLength(5);
  });

  it('when --slug is given for one file, then the article is stored under it, and a slug that could escape is refused', async () => {
    const file = join(ws.articles, 'kpa-autumn-drills-2026.md');

    const run = await runInProcess(['import', '--slug', 'kpa-drills-copy', file], env);
    const bad = await runInProcess(['import', '--slug', '../outside', file], env);

    expect(run.code, run.stderr).toBe(0);
    expect(lines(run.stdout)[0]).toMatch(/^new +.*kpa-autumn-drills-2026\.md → kpa-drills-copy \(\d+ segments\)$/);
    expect(bad.code).toBe(2);
    expect(lines(bad.stderr)).toHaveLength(1);
    expect(bad.stderr).toContain('"../outside" is not a valid slug');
    expect(await readdir(join(ws.dataDir, 'articles'))).toEqual(['kpa-drills-copy.json']);
  });

  it('when a path does not exist, then the exit code is 1 with one line naming it', async () => {
    const missing = join(ws.dir, 'nowhere.md');
    const run = await runInProcess(['import', missing], env);

    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([`tandem: import: ${missing} does not exist; check the path`]);
  });

  it('when --json is given, then every outcome is printed as JSON', async () => {
    await writeFile(join(ws.articles, 'binary.md'), Buffer.from([0, 1, 2, 3]));
    const run = await runInProcess(['import', '--json', ws.articles], env);

    expect(run.code).toBe(1);
    const outcomes = JSON.parse(run.stdout) as { file: string; ok: boolean; status?: string; error?: string }[];
    expect(outcomes).toHaveLength(6);
    expect(outcomes.filter((o) => o.ok && o.status === 'new')).toHaveLength(5);
    expect(outcomes.find((o) => !o.ok)).toMatchObject({
      file: join(ws.articles, 'binary.md'),
      ok: false,
      error: expect.stringContaining('binary.md'),
    });
  });
});
