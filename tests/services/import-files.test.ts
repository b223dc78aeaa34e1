import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportService } from '../../src/services/import-files.ts';
import { article, P1, P2, testDeps } from './support.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-import-files-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function service() {
  const deps = testDeps();
  return { deps, imports: new ImportService(deps, { extensions: ['.md', '.html', '.txt'] }) };
}

describe('ImportService', () => {
  it('when a folder is given, then its known files are found recursively in name order, hidden entries skipped; a named file is kept whatever its ending', async () => {
    await mkdir(join(dir, 'b'));
    await mkdir(join(dir, '.hidden'));
    await writeFile(join(dir, 'b', 'two.md'), article('둘', [P2]));
    await writeFile(join(dir, 'a.md'), article('하나', [P1]));
    await writeFile(join(dir, 'notes.pdf'), 'x');
    await writeFile(join(dir, '.hidden', 'x.md'), 'x');
    const { imports } = service();
    expect(await imports.collectFiles([dir])).toEqual([join(dir, 'a.md'), join(dir, 'b', 'two.md')]);
    expect(await imports.collectFiles([join(dir, 'notes.pdf')])).toEqual([join(dir, 'notes.pdf')]);
    await expect(imports.collectFiles([join(dir, 'missing')])).rejects.toThrow(
      `import: ${join(dir, 'missing')} does not exist; check the path`,
    );
  });

  it('when a file cannot be read, then its outcome says so and the other files are still imported', async () => {
    await writeFile(join(dir, 'rice.md'), article('쌀값', [P1]));
    const { imports } = service();
    const outcomes = await imports.importFiles([join(dir, 'gone.md'), join(dir, 'rice.md')], 'editor');
    expect(outcomes[0]).toMatchObject({ ok: false, error: { message: `import: ${join(dir, 'gone.md')} does not exist; check the path` } });
    expect(outcomes[1]).toMatchObject({ ok: true, result: { slug: 'rice', status: 'new' } });
  });

  it('when samples are seeded, then they are imported into an empty store only, and a missing folder is reported, not thrown', async () => {
    await writeFile(join(dir, 'rice.md'), article('쌀값', [P1]));
    const { imports } = service();
    expect(await imports.seedSamples(join(dir, 'missing'))).toEqual({ skipped: 'no-folder', outcomes: [] });
    const first = await imports.seedSamples(dir);
    expect(first.skipped).toBeNull();
    expect(first.outcomes.map((o) => o.ok)).toEqual([true]);
    expect(await imports.seedSamples(dir)).toEqual({ skipped: 'not-empty', outcomes: [] });
  });
});
