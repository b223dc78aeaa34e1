import { describe, expect, it } from 'vitest';
import type { MemoryEntry, MemoryTombstone } from '../../../src/core/ports/translation-memory-store.ts';
import { backendsWith, useBackend } from './backends.ts';

function entry(id: string, target: string, extra: Partial<MemoryEntry> = {}): MemoryEntry {
  return {
    id,
    sourceLocale: 'ko',
    targetLocale: 'en',
    source: '장마당에서 <g1>쌀값</g1>이 올랐다.',
    target,
    slug: 'rice-prices',
    segmentId: 's-1',
    approvedAt: '2026-03-01T09:00:00.000Z',
    approvedBy: 'editor-park',
    origin: 'approval',
    ...extra,
  };
}

function tombstone(id: string, deletes: string): MemoryTombstone {
  const e = entry(deletes, 'Rice prices rose.');
  return {
    kind: 'tombstone',
    id,
    deletes,
    sourceLocale: e.sourceLocale,
    targetLocale: e.targetLocale,
    source: e.source,
    target: e.target,
    deletedAt: '2026-03-02T10:00:00.000Z',
    deletedBy: 'editor-kim',
  };
}

describe.each(backendsWith('translationMemory'))('translation-memory store contract ($name)', (row) => {
  const backend = useBackend(row);

  it('when nothing was added, then all is empty', async () => {
    expect(await backend.storage.translationMemory.all()).toEqual([]);
  });

  it('when entries are added, then all returns them in the order they were added', async () => {
    const store = backend.storage.translationMemory;
    const first = entry('tm-1', 'Rice prices rose at the market.');
    const imported = entry('tm-2', 'At the market, rice got dearer.', { slug: null, segmentId: null, origin: 'import', note: 'TMX' });
    const correction = entry('tm-3', 'Rice prices went up at the market.', { replaces: 'tm-1' });
    await store.add([first, imported]);
    await store.add([]);
    await store.add([correction]);
    expect(await store.all()).toEqual([first, imported, correction]);
  });

  it('when an entry is deleted, then the tombstone is kept in log order after it, with who and when; nothing is erased', async () => {
    const store = backend.storage.translationMemory;
    const first = entry('tm-1', 'Rice prices rose.');
    const second = entry('tm-2', 'Prices fell.', { segmentId: 's-2' });
    await store.add([first]);
    await store.delete(tombstone('tmd-1', 'tm-1'));
    await store.add([second]);
    expect(await store.all()).toEqual([first, tombstone('tmd-1', 'tm-1'), second]);
  });

  it('when a tombstone names an id the log never held, then it is stored like any other record', async () => {
    const store = backend.storage.translationMemory;
    await store.delete(tombstone('tmd-9', 'tm-unknown'));
    expect(await store.all()).toEqual([tombstone('tmd-9', 'tm-unknown')]);
  });

  it('when a caller changes an entry it read, then the stored entry does not change', async () => {
    const store = backend.storage.translationMemory;
    await store.add([entry('tm-1', 'Rice prices rose.')]);
    const [read] = (await store.all()) as { target: string }[];
    read!.target = 'forged';
    expect((await store.all()).map((e) => e.target)).toEqual(['Rice prices rose.']);
  });

  it('when no index was saved, then readIndex is null; when one is saved twice, then the last one reads back whole', async () => {
    const store = backend.storage.translationMemory;
    expect(await store.readIndex?.()).toBeNull();
    await store.writeIndex?.(Uint8Array.of(1, 2, 3));
    await store.writeIndex?.(Uint8Array.of(4, 5, 6, 7));
    expect([...((await store.readIndex?.()) ?? [])]).toEqual([4, 5, 6, 7]);
  });

  if (row.persistent) {
    it('when an index was saved and the backend is reopened, then it reads back', async () => {
      await backend.storage.translationMemory.writeIndex?.(Uint8Array.of(9, 8));
      const reopened = (await backend.reopen()).translationMemory;
      expect([...((await reopened.readIndex?.()) ?? [])]).toEqual([9, 8]);
    });

    it('when the backend is reopened, then tombstones survive in their place in the log', async () => {
      const store = backend.storage.translationMemory;
      await store.add([entry('tm-1', 'Rice prices rose.')]);
      await store.delete(tombstone('tmd-1', 'tm-1'));
      const reopened = (await backend.reopen()).translationMemory;
      await reopened.add([entry('tm-2', 'Prices fell.')]);
      expect((await reopened.all()).map((r) => r.id)).toEqual(['tm-1', 'tmd-1', 'tm-2']);
    });

    it('when the backend is reopened, then every entry survives', async () => {
      await backend.storage.translationMemory.add([entry('tm-1', 'Rice prices rose.'), entry('tm-2', 'Prices fell.')]);
      const reopened = (await backend.reopen()).translationMemory;
      expect((await reopened.all()).map((e) => e.id)).toEqual(['tm-1', 'tm-2']);
    });
  }
});
