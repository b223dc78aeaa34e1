import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbPublicationStore } from '../../../../src/adapters/storage/lowdb/publication-store.ts';
import type { PublicationStore } from '../../../../src/core/ports/publication-store.ts';
import { version } from '../publication-versions.ts';

const dirs: string[] = [];
const open: PublicationStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-pubs-'));
  dirs.push(dir);
  return dir;
}

describe('lowdb publication store on disk', () => {
  it('when versions are appended, then one small file per article holds them, and a reopened store lists the same rows', async () => {
    const dir = await tempDir();
    const store = await LowdbPublicationStore.open(dir);
    await store.append(version('a', 'en', 1));
    await store.append(version('b', 'en', 1));
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.json', 'index.json']);
    const onDisk = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as { locales: Record<string, { versions: unknown[] }> };
    expect(onDisk.locales.en?.versions).toHaveLength(1);
    await store.close();

    const reopened = await LowdbPublicationStore.open(dir);
    expect((await reopened.listLive('en')).map((r) => r.slug).sort()).toEqual(['a', 'b']);
    await reopened.close();
  });

  it('when the process died without closing, then the next open rebuilds the listing from the article files', async () => {
    const dir = await tempDir();
    const crashed = await LowdbPublicationStore.open(dir);
    open.push(crashed);
    await crashed.append(version('a', 'en', 1));
    await crashed.append(version('a', 'ja', 1));
    // No close(): the index on disk still says it is dirty.
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { clean: boolean };
    expect(index.clean).toBe(false);

    const reopened = await LowdbPublicationStore.open(dir);
    expect((await reopened.listLive('en')).map((r) => r.slug)).toEqual(['a']);
    expect((await reopened.listLive('ja')).map((r) => r.slug)).toEqual(['a']);
    await reopened.close();
  });
});
