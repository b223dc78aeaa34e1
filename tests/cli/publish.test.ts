import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlug } from '../../src/core/slug.ts';
import { approveAll, cliWorkspace, withTandem } from './cli-setup.ts';
import { lines, runInProcess, runTandem } from './run-tandem.ts';

const SLUG = 'kpa-autumn-drills-2026';

describe('tandem publish, versions, unpublish and status', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;

  beforeAll(async () => {
    ws = await cliWorkspace();
    const run = await runInProcess(['import', ws.file(SLUG)], ws.env);
    expect(run.code, run.stderr).toBe(0);
  });
  afterAll(() => ws.cleanup());

  it('when nothing is approved, then publish is refused with the segments missing and their state', async () => {
    const segments = await withTandem(ws.env, async (t) => (await t.articles.get(SLUG)).segments.filter((s) => !s.removedAt));

    const run = await runInProcess(['publish', SLUG, '--locale', 'en'], ws.env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(SLUG);
    expect(run.stderr).toContain('untranslated');
    expect(run.stderr).toContain(segments[0]!.id);
    expect(run.stdout).toBe('');
  });

  it('when every segment is approved, then publish writes v1 and the English file; versions, unpublish and status follow', async () => {
    const approved = await withTandem(ws.env, (t) => approveAll(t, SLUG, 'en'));
    expect(approved).toBeGreaterThan(5);

    const published = await runTandem(['publish', SLUG, '--locale', 'en', '--by', 'editor-park'], ws.env);
    expect(published.code, published.stderr).toBe(0);
    expect(lines(published.stdout)).toEqual([`published ${SLUG} in en as v1 (source revision 1)`]);
    const file = await readFile(join(ws.publishDir, 'en', `${SLUG}.md`), 'utf8');
    expect(file).toMatch(/^---\n/);
    expect(file).toContain('[en] 조선인민군, 하기훈련 마무리');
    expect(file).toMatch(/translationOf: .*kpa-autumn-drills-2026/);

    const again = await runInProcess(['publish', SLUG, '--locale', 'en'], ws.env);
    expect(lines(again.stdout)).toEqual([`unchanged ${SLUG} in en: v1 already says this`]);

    const versions = await runInProcess(['versions', SLUG, '--locale', 'en', '--json'], ws.env);
    expect(versions.code, versions.stderr).toBe(0);
    const list = JSON.parse(versions.stdout) as { version: number; publishedBy: string; sourceRevision: number }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ version: 1, publishedBy: 'editor-park', sourceRevision: 1 });

    const status = await runInProcess(['status', SLUG], ws.env);
    expect(status.stdout).toMatch(/en .*v1.*current/);

    // An edited paragraph: the published version stays live, marked one segment behind.
    const source = await readFile(ws.file(SLUG), 'utf8');
    await writeFile(ws.file(SLUG), source.replace('세 가지다.', '네 가지다.'));
    const reimport = await runInProcess(['import', ws.file(SLUG)], ws.env);
    expect(reimport.code, reimport.stderr).toBe(0);
    const behind = await runInProcess(['status', SLUG], ws.env);
    expect(behind.stdout).toContain('outdated: 1 segment behind source revision 2');

    const unpublished = await runInProcess(['unpublish', SLUG, '--locale', 'en'], ws.env);
    expect(lines(unpublished.stdout)).toEqual([`unpublished ${SLUG} in en`]);
    const twice = await runInProcess(['unpublish', SLUG, '--locale', 'en'], ws.env);
    expect(lines(twice.stdout)).toEqual([`${SLUG} was not live in en; nothing to unpublish`]);
    const kept = JSON.parse((await runInProcess(['versions', SLUG, '--locale', 'en', '--json'], ws.env)).stdout) as unknown[];
    expect(kept).toHaveLength(1);
  });
});
