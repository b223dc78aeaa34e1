import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/core/errors.ts';
import type { Slug } from '../../../src/core/slug.ts';
import { backendsWith, useBackend } from './backends.ts';
import { version } from './publication-versions.ts';

describe.each(backendsWith('publications'))('publication store contract ($name)', (row) => {
  const backend = useBackend(row);

  it('when versions are appended, then they read back oldest first and the latest is live', async () => {
    const store = backend.storage.publications;
    await store.append(version('a', 'en', 1));
    await store.append(version('a', 'en', 2));
    expect((await store.versions('a' as Slug, 'en')).map((v) => v.version)).toEqual([1, 2]);
    expect(await store.version('a' as Slug, 'en', 1)).toEqual(version('a', 'en', 1));
    expect(await store.version('a' as Slug, 'en', 3)).toBeNull();
    expect(await store.forArticle('a' as Slug)).toMatchObject([{ locale: 'en', latestVersion: 2, live: true, title: 'a en v2' }]);
    expect(await store.versions('a' as Slug, 'ja')).toEqual([]);
  });

  it('when a version number is not the next one, then the append is refused', async () => {
    const store = backend.storage.publications;
    await expect(store.append(version('a', 'en', 2))).rejects.toThrow(ConflictError);
    await store.append(version('a', 'en', 1));
    await expect(store.append(version('a', 'en', 1))).rejects.toThrow(ConflictError);
  });

  it('when live publications are listed, then only live rows of that locale come back, newest publish first', async () => {
    const store = backend.storage.publications;
    await store.append(version('old', 'en', 1, '2026-10-01T00:00:00.000Z'));
    await store.append(version('new', 'en', 1, '2026-10-03T00:00:00.000Z'));
    await store.append(version('gone', 'en', 1, '2026-10-04T00:00:00.000Z'));
    await store.append(version('new', 'ja', 1, '2026-10-05T00:00:00.000Z'));
    expect(await store.unpublish('gone' as Slug, 'en', { by: 'editor-park', at: '2026-10-06T00:00:00.000Z' })).toBe(true);
    expect((await store.listLive('en')).map((r) => r.slug)).toEqual(['new', 'old']);
    expect((await store.listLive('ja')).map((r) => r.slug)).toEqual(['new']);
  });

  it('when a locale is unpublished and published again, then versions stay and the new version is live', async () => {
    const store = backend.storage.publications;
    await store.append(version('a', 'en', 1));
    expect(await store.unpublish('a' as Slug, 'en', { by: 'e', at: '2026-10-02T00:00:00.000Z' })).toBe(true);
    expect(await store.unpublish('a' as Slug, 'en', { by: 'e', at: '2026-10-02T00:00:00.000Z' })).toBe(false);
    expect(await store.unpublish('a' as Slug, 'ja', { by: 'e', at: '2026-10-02T00:00:00.000Z' })).toBe(false);
    expect(await store.forArticle('a' as Slug)).toMatchObject([{ live: false, unpublished: { by: 'e' } }]);
    await store.append(version('a', 'en', 2));
    expect(await store.forArticle('a' as Slug)).toMatchObject([{ live: true, latestVersion: 2 }]);
    expect((await store.versions('a' as Slug, 'en')).length).toBe(2);
  });

  it('when the latest version is retracted, then the state before it returns, and older versions cannot be retracted', async () => {
    const store = backend.storage.publications;
    await store.append(version('a', 'en', 1));
    await store.unpublish('a' as Slug, 'en', { by: 'e', at: '2026-10-02T00:00:00.000Z' });
    await store.append(version('a', 'en', 2));
    await expect(store.retract('a' as Slug, 'en', 1)).rejects.toThrow(ConflictError);
    await store.retract('a' as Slug, 'en', 2);
    expect(await store.forArticle('a' as Slug)).toMatchObject([{ latestVersion: 1, live: false }]);
    await store.retract('a' as Slug, 'en', 1);
    expect(await store.forArticle('a' as Slug)).toEqual([]);
    expect(await store.listLive('en')).toEqual([]);
  });
});
