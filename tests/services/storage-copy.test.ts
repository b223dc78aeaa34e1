import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MtAuditEntry } from '../../src/core/ports/mt-store.ts';
import type { Storage } from '../../src/core/ports/storage-backend.ts';
import type { MemoryEntry } from '../../src/core/ports/translation-memory-store.ts';
import type { Slug } from '../../src/core/slug.ts';
import { copyStorage, type StorageCopyResult } from '../../src/services/storage-copy/index.ts';
import { version } from '../adapters/storage/publication-versions.ts';
import { user } from '../adapters/storage/user-records.ts';
import { makeRecord } from '../fixtures/storage/records.ts';
import { openTestStorage } from '../support/storage.ts';

const SLUG = 'rice-prices' as Slug;

function memory(id: string, target: string, extra: Partial<MemoryEntry> = {}): MemoryEntry {
  return {
    id,
    sourceLocale: 'ko',
    targetLocale: 'en',
    source: '쌀값이 올랐다.',
    target,
    slug: SLUG,
    segmentId: 's-1',
    approvedAt: '2026-03-01T09:00:00.000Z',
    approvedBy: 'editor-park',
    origin: 'approval',
    ...extra,
  };
}

const LEDGER: MtAuditEntry = {
  at: '2026-03-01T09:00:00.000Z',
  provider: 'deepl',
  sourceLocale: 'ko',
  targetLocale: 'en',
  articles: [{ slug: SLUG, segmentIds: ['s-1'], characters: 8 }],
  jobs: [{ jobId: 'j-1', characters: 8 }],
  texts: 1,
  characters: 8,
  billedCharacters: 8,
  outcome: 'ok',
};

const row = (result: StorageCopyResult, kind: string) => result.copied.find((r) => r.kind === kind)!;
const check = (result: StorageCopyResult, kind: string) => result.verified.find((r) => r.kind === kind)!;

describe('copyStorage (port to port)', () => {
  let source: Storage;
  let target: Storage;
  beforeEach(async () => {
    [source, target] = await Promise.all([openTestStorage(), openTestStorage()]);
  });
  afterEach(async () => {
    await Promise.all([source.close(), target.close()]);
  });

  it('when the memory log holds corrections and deletions, then the target holds the same log in the same order, and a second copy adds nothing', async () => {
    await source.translationMemory.add([memory('tm-1', 'Rice rose.'), memory('tm-2', 'Rice prices rose.', { replaces: 'tm-1' })]);
    await source.translationMemory.delete({
      kind: 'tombstone',
      id: 'tmd-1',
      deletes: 'tm-2',
      sourceLocale: 'ko',
      targetLocale: 'en',
      source: '쌀값이 올랐다.',
      target: 'Rice prices rose.',
      deletedAt: '2026-03-02T09:00:00.000Z',
      deletedBy: 'editor-kim',
    });
    await source.translationMemory.add([memory('tm-3', 'The price of rice went up.')]);
    // Two requests alike in every field: both are in the ledger, both are copied once.
    await source.mt.ledger.append(LEDGER);
    await source.mt.ledger.append(LEDGER);

    const first = await copyStorage(source, target, { providers: ['deepl'] });

    expect(await target.translationMemory.all()).toEqual(await source.translationMemory.all());
    expect(await target.mt.ledger.entries()).toEqual([LEDGER, LEDGER]);
    expect(row(first, 'translation-memory')).toMatchObject({ source: 4, added: 4, present: 0 });
    expect(first.verified.every((v) => v.matching === v.source)).toBe(true);

    const again = await copyStorage(source, target, { providers: ['deepl'] });
    expect(row(again, 'translation-memory')).toMatchObject({ source: 4, added: 0, present: 4 });
    expect(row(again, 'mt-ledger')).toMatchObject({ source: 2, added: 0, present: 2 });
    expect((await target.translationMemory.all()).length).toBe(4);
    expect((await target.mt.ledger.entries()).length).toBe(2);
  });

  it('when an article changed in the source since the first copy, then the second copy updates it and leaves the others alone', async () => {
    await source.articles.update(SLUG, () => makeRecord(SLUG));
    await source.articles.update('other-story' as Slug, () => makeRecord('other-story'));
    await copyStorage(source, target, { providers: [] });
    const changed = { ...makeRecord(SLUG), article: { ...makeRecord(SLUG).article, updatedAt: '2026-04-01T09:00:00.000Z' } };
    await source.articles.update(SLUG, () => changed);

    const again = await copyStorage(source, target, { providers: [] });

    expect(row(again, 'articles')).toMatchObject({ source: 2, added: 0, updated: 1, present: 1 });
    expect(await target.articles.get(SLUG)).toEqual(changed);
    expect(check(again, 'articles')).toMatchObject({ source: 2, matching: 2, mismatches: [] });
  });

  it('when the target already has an account of the same name, or another published version, then those are conflicts, left as they are, and verification says so', async () => {
    await source.users.createUser(user('admin', { id: 'u-lowdb-admin', role: 'admin' }));
    await target.users.createUser(user('admin', { id: 'u-postgres-admin', role: 'admin' }));
    await source.articles.update(SLUG, () => makeRecord(SLUG));
    await source.publications.append(version(SLUG, 'en', 1));
    await target.publications.append({ ...version(SLUG, 'en', 1), title: 'published elsewhere' });

    const result = await copyStorage(source, target, { providers: [] });

    expect(row(result, 'users').conflicts).toEqual(['user "admin": the database has another account of that name; left as it is']);
    expect(row(result, 'publications').conflicts).toEqual([`${SLUG} in en: the database holds another v1; left as it is`]);
    expect((await target.users.getUserByName('admin'))?.id).toBe('u-postgres-admin');
    expect((await target.publications.version(SLUG, 'en', 1))?.title).toBe('published elsewhere');
    expect(check(result, 'users')).toMatchObject({ source: 1, matching: 0, mismatches: ['user "admin"'] });
    expect(check(result, 'publications')).toMatchObject({ source: 1, matching: 0 });
  });

  it('when a locale was unpublished in the source, then its versions are copied and it is off the reader site in the target too', async () => {
    await source.articles.update(SLUG, () => makeRecord(SLUG));
    await source.publications.append(version(SLUG, 'en', 1));
    await source.publications.append(version(SLUG, 'en', 2));
    await source.publications.unpublish(SLUG, 'en', { by: 'editor-park', at: '2026-10-09T10:00:00.000Z' });

    const result = await copyStorage(source, target, { providers: [] });

    expect(await target.publications.versions(SLUG, 'en')).toEqual(await source.publications.versions(SLUG, 'en'));
    expect(await target.publications.forArticle(SLUG)).toEqual(await source.publications.forArticle(SLUG));
    expect(check(result, 'publications')).toMatchObject({ source: 2, matching: 2, target: 2, mismatches: [] });
  });
});
