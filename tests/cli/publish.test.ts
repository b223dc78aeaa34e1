import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('tandem publish --at', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;

  beforeAll(async () => {
    ws = await cliWorkspace();
    const run = await runInProcess(['import', ws.file(SLUG)], ws.env);
    expect(run.code, run.stderr).toBe(0);
    await withTandem(ws.env, (t) => approveAll(t, SLUG, 'en'));
  });
  afterAll(() => ws.cleanup());

  it.each([
    // A malformed time is a usage error (2); one in the past is refused by the service against its clock (1).
    ['without an offset', '2999-12-01T09:00:00', 'not an ISO 8601 time with Z or an offset', 2],
    ['in the past', '2001-01-01T00:00:00Z', 'not in the future', 1],
  ])('when the time is %s, then publish is refused and nothing is recorded', async (_case, at, message, code) => {
    const versions = async () =>
      JSON.parse((await runInProcess(['versions', SLUG, '--locale', 'en', '--json'], ws.env)).stdout) as unknown[];
    const before = await versions();
    const run = await runInProcess(['publish', SLUG, '--locale', 'en', '--at', at], ws.env);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    expect(await versions()).toEqual(before);
  });

  it('when a release time is given, then the version is scheduled, the file carries it as publishDate and versions show it', async () => {
    const run = await runInProcess(['publish', SLUG, '--locale', 'en', '--at', '2999-12-01T18:00:00+09:00'], ws.env);
    expect(run.code, run.stderr).toBe(0);
    expect(lines(run.stdout)).toEqual([`scheduled ${SLUG} in en as v1 (source revision 1, readers see it from 2999-12-01T09:00:00.000Z)`]);
    const file = await readFile(join(ws.publishDir, 'en', `${SLUG}.md`), 'utf8');
    expect(file).toMatch(/^publishDate: .*2999-12-01T09:00:00\.000Z/m);
    const versions = JSON.parse((await runInProcess(['versions', SLUG, '--locale', 'en', '--json'], ws.env)).stdout) as {
      releaseAt?: string;
    }[];
    expect(versions.map((v) => v.releaseAt)).toEqual(['2999-12-01T09:00:00.000Z']);
  });
});
