import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_SHAPES } from '../support/hostile-inputs.ts';
import { lines, runTandem, workspace, type CliRun } from './run-tandem.ts';

// The hostile inputs through `tandem import`: one stderr line each naming the file and the limit, the other
// files still imported, exit code 1.
const HOSTILE = ['emphasis.md', 'quotes.md', 'alias-bomb.md', 'divs.html', 'many.txt'];

describe('tandem import of hostile files', () => {
  let ws: Awaited<ReturnType<typeof workspace>>;
  let run: CliRun;

  beforeAll(async () => {
    ws = await workspace();
    for (const file of HOSTILE) {
      const shape = HOSTILE_SHAPES.find((s) => s.file === file)!;
      await writeFile(join(ws.articles, file), shape.build(shape.test.size));
    }
    run = await runTandem(['import', ws.articles], { TANDEM_DATA_DIR: ws.dataDir });
  });
  afterAll(() => ws.cleanup());

  it('when a folder holds files past the limits, then each is refused in one line naming it and its limit, and the exit code is 1', () => {
    expect(run.code).toBe(1);
    const errors = lines(run.stderr);
    expect(errors).toHaveLength(HOSTILE.length);
    const line = (file: string) => errors.find((e) => e.includes(file)) ?? '';
    expect(line('emphasis.md')).toMatch(
      /^tandem: markdown: .*emphasis\.md nests lists, quotes, emphasis or links about \d+ levels deep at line 6; the limit is 32$/,
    );
    expect(line('quotes.md')).toContain('the limit is 32');
    expect(line('alias-bomb.md')).toMatch(/expands YAML aliases \(\*name\) past the limit of 20/);
    expect(line('divs.html')).toMatch(/nests elements more than 256 levels deep/);
    expect(line('many.txt')).toMatch(/has \d+ segments; an article may have at most 2000/);
  });

  it('when some files are refused, then the others are imported', () => {
    expect(lines(run.stdout).at(-1)).toBe(`${5 + HOSTILE.length} files: 5 new, 0 updated, 0 unchanged, ${HOSTILE.length} failed`);
  });
});
