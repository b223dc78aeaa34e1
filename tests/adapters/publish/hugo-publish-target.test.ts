import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HugoPublishTarget } from '../../../src/adapters/publish/hugo-publish-target.ts';
import type { Slug } from '../../../src/core/slug.ts';

const slug = 'jangmadang-rice-prices-2026' as Slug;

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tandem-hugo-'));
}

describe('HugoPublishTarget', () => {
  it('when a file is prepared, then the published file is untouched until commit, and commit puts the whole new file in place', async () => {
    const dir = await tempDir();
    const target = new HugoPublishTarget(dir);
    await mkdir(join(dir, 'en'));
    await writeFile(join(dir, 'en', `${slug}.md`), 'old version\n');

    const prepared = await target.prepare('en', slug, 'new version\n');
    expect(prepared.path).toBe(join(dir, 'en', `${slug}.md`));
    expect(await readFile(prepared.path, 'utf8')).toBe('old version\n');
    expect((await readdir(join(dir, 'en'))).length).toBe(2);

    await prepared.commit();
    expect(await readFile(prepared.path, 'utf8')).toBe('new version\n');
    expect(await readdir(join(dir, 'en'))).toEqual([`${slug}.md`]);
  });

  it('when a prepared file is aborted, then its temp file is gone and the published file stays as it was', async () => {
    const dir = await tempDir();
    const target = new HugoPublishTarget(dir);
    const prepared = await target.prepare('zh-hans', slug, '新版本\n');
    await prepared.abort();
    await prepared.abort();
    expect(await readdir(join(dir, 'zh-Hans'))).toEqual([]);
    await expect(prepared.commit()).rejects.toThrow(/already committed or aborted/);
  });

  it('when a slug or locale would escape the publish directory, then it is refused before anything is written', async () => {
    const dir = await tempDir();
    const target = new HugoPublishTarget(dir);
    await expect(target.prepare('en', '../../etc/passwd' as Slug, 'x')).rejects.toThrow(/slug/);
    await expect(target.prepare('../en', slug, 'x')).rejects.toThrow(/locale/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('when a published file is removed, then it is gone, and removing it again reports there was none', async () => {
    const dir = await tempDir();
    const target = new HugoPublishTarget(dir);
    await (await target.prepare('ja', slug, '記事\n')).commit();
    expect(await target.remove('ja', slug)).toBe(true);
    expect(await target.remove('ja', slug)).toBe(false);
    expect(await readdir(join(dir, 'ja'))).toEqual([]);
  });

  it('when a process died between prepare and commit, then removeLeftovers deletes its temp files and nothing else', async () => {
    const dir = await tempDir();
    const target = new HugoPublishTarget(dir);
    // A pid that existed and is gone: the child has exited and been reaped.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await (await target.prepare('en', slug, 'published\n')).commit();
    const ours = await target.prepare('ja', slug, 'being published right now\n');
    const leftovers = [join(dir, 'en', `.${slug}.md.${dead}.0a1b2c3d.tmp`), join(dir, 'zh-Hans', `.other.md.${dead}.deadbeef.tmp`)];
    await mkdir(join(dir, 'zh-Hans'));
    await mkdir(join(dir, 'en', 'archive'));
    for (const path of leftovers) await writeFile(path, 'half a file');
    const kept = [
      join(dir, 'en', '.hugo_build.lock'),
      join(dir, 'en', 'notes.tmp'),
      join(dir, 'en', 'archive', `.x.md.${dead}.0a1b2c3d.tmp`),
    ];
    for (const path of kept) await writeFile(path, 'not ours');

    expect(await target.removeLeftovers()).toBe(2);
    expect((await readdir(join(dir, 'en'))).sort()).toEqual(['.hugo_build.lock', 'archive', `${slug}.md`, 'notes.tmp']);
    expect(await readdir(join(dir, 'zh-Hans'))).toEqual([]);
    // Only `<publish dir>/<locale>/` holds prepared files; deeper folders belong to the site.
    expect(await readdir(join(dir, 'en', 'archive'))).toHaveLength(1);
    // This process's own prepared file is a publish in progress, not a leftover.
    expect(await readdir(join(dir, 'ja'))).toHaveLength(1);
    await ours.commit();
    expect(await readFile(ours.path, 'utf8')).toBe('being published right now\n');
    expect(await target.removeLeftovers()).toBe(0);
  });

  it('when the publish folder does not exist yet, then removeLeftovers finds nothing', async () => {
    expect(await new HugoPublishTarget(join(await tempDir(), 'missing')).removeLeftovers()).toBe(0);
  });
});
