import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LowdbPublicationStore } from '../../../src/adapters/storage/lowdb/publication-store.ts';
import { InMemoryPublicationStore } from '../../../src/adapters/storage/in-memory/publication-store.ts';
import { ConflictError } from '../../../src/core/errors.ts';
import type { PublicationStore } from '../../../src/core/ports/publication-store.ts';
import type { PublishedVersion } from '../../../src/core/publication.ts';
import type { Slug } from '../../../src/core/slug.ts';

function version(slug: string, locale: string, n: number, publishedAt = `2026-10-0${n}T10:00:00.000Z`): PublishedVersion {
  return {
    slug: slug as Slug,
    locale,
    version: n,
    publishedBy: 'editor-park',
    publishedAt,
    sourceLocale: 'ko',
    sourceRevision: n,
    title: `${slug} ${locale} v${n}`,
    date: '2026-09-14',
    document: `---\ntitle: ${slug} v${n}\n---\n\nBody ${n}\n`,
    segments: [{ id: 's-1', hash: `h${n}` }],
  };
}

const stores: [string, () => Promise<PublicationStore>][] = [
  ['memory', async () => new InMemoryPublicationStore()],
  ['lowdb', async () => LowdbPublicationStore.open(await mkdtemp(join(tmpdir(), 'tandem-pubs-')))],
];

describe.each(stores)('publication store contract (%s)', (_name, open) => {
  it('when versions are appended, then they read back oldest first and the latest is live', async () => {
    const store = await open();
    await store.append(version('a', 'en', 1));
    await store.append(version('a', 'en', 2));
    expect((await store.versions('a' as Slug, 'en')).map((v) => v.version)).toEqual([1, 2]);
    expect(await store.version('a' as Slug, 'en', 1)).toEqual(version('a', 'en', 1));
    expect(await store.version('a' as Slug, 'en', 3)).toBeNull();
    expect(await store.forArticle('a' as Slug)).toMatchObject([{ locale: 'en', latestVersion: 2, live: true, title: 'a en v2' }]);
    expect(await store.versions('a' as Slug, 'ja')).toEqual([]);
    await store.close();
  });

  it('when a version number is not the next one, then the append is refused', async () => {
    const store = await open();
    await expect(store.append(version('a', 'en', 2))).rejects.toThrow(ConflictError);
    await store.append(version('a', 'en', 1));
    await expect(store.append(version('a', 'en', 1))).rejects.toThrow(ConflictError);
    await store.close();
  });

  it('when live publications are listed, then only live rows of that locale come back, newest publish first', async () => {
    const store = await open();
    await store.append(version('old', 'en', 1, '2026-10-01T00:00:00.000Z'));
    await store.append(version('new', 'en', 1, '2026-10-03T00:00:00.000Z'));
    await store.append(version('gone', 'en', 1, '2026-10-04T00:00:00.000Z'));
    await store.append(version('new', 'ja', 1, '2026-10-05T00:00:00.000Z'));
    expect(await store.unpublish('gone' as Slug, 'en', { by: 'editor-park', at: '2026-10-06T00:00:00.000Z' })).toBe(true);
    expect((await store.listLive('en')).map((r) => r.slug)).toEqual(['new', 'old']);
    expect((await store.listLive('ja')).map((r) => r.slug)).toEqual(['new']);
    await store.close();
  });

  it('when a locale is unpublished and published again, then versions stay and the new version is live', async () => {
    const store = await open();
    await store.append(version('a', 'en', 1));
    expect(await store.unpublish('a' as Slug, 'en', { by: 'e', at: '2026-10-02T00:00:00.000Z' })).toBe(true);
    expect(await store.unpublish('a' as Slug, 'en', { by: 'e', at: '2026-10-02T00:00:00.000Z' })).toBe(false);
    expect(await store.unpublish('a' as Slug, 'ja', { by: 'e', at: '2026-10-02T00:00:00.000Z' })).toBe(false);
    expect(await store.forArticle('a' as Slug)).toMatchObject([{ live: false, unpublished: { by: 'e' } }]);
    await store.append(version('a', 'en', 2));
    expect(await store.forArticle('a' as Slug)).toMatchObject([{ live: true, latestVersion: 2 }]);
    expect((await store.versions('a' as Slug, 'en')).length).toBe(2);
    await store.close();
  });

  it('when the latest version is retracted, then the state before it returns, and older versions cannot be retracted', async () => {
    const store = await open();
    await store.append(version('a', 'en', 1));
    await store.unpublish('a' as Slug, 'en', { by: 'e', at: '2026-10-02T00:00:00.000Z' });
    await store.append(version('a', 'en', 2));
    await expect(store.retract('a' as Slug, 'en', 1)).rejects.toThrow(ConflictError);
    await store.retract('a' as Slug, 'en', 2);
    expect(await store.forArticle('a' as Slug)).toMatchObject([{ latestVersion: 1, live: false }]);
    await store.retract('a' as Slug, 'en', 1);
    expect(await store.forArticle('a' as Slug)).toEqual([]);
    expect(await store.listLive('en')).toEqual([]);
    await store.close();
  });
});

describe('lowdb publication store on disk', () => {
  it('when versions are appended, then one small file per article holds them, and a reopened store lists the same rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-pubs-'));
    const store = await LowdbPublicationStore.open(dir);
    await store.append(version('a', 'en', 1));
    await store.append(version('b', 'en', 1));
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.json', 'index.json']);
    const onDisk = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as { locales: Record<string, { versions: unknown[] }> };
    expect(onDisk.locales['en']?.versions).toHaveLength(1);
    await store.close();

    const reopened = await LowdbPublicationStore.open(dir);
    expect((await reopened.listLive('en')).map((r) => r.slug).sort()).toEqual(['a', 'b']);
    await reopened.close();
  });

  it('when the process died without closing, then the next open rebuilds the listing from the article files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-pubs-'));
    const crashed = await LowdbPublicationStore.open(dir);
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
