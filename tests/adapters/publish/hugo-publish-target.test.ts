import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
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
});
