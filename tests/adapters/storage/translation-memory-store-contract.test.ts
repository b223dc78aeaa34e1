import { describe, expect, it } from 'vitest';
import { NewsCorpus } from '../../../bench/memory-corpus.ts';
import type { MemoryEntry, MemoryTombstone } from '../../../src/core/ports/translation-memory-store.ts';
import { sourceHash } from '../../../src/core/text.ts';
import { MemoryIndex } from '../../../src/services/memory-index.ts';
import { isSharedMemoryStore } from '../../../src/services/memory-shared.ts';
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

  it('when asked which ids it holds, then it names stored entries, replaced ones and tombstones, and nothing else', async () => {
    const store = backend.storage.translationMemory;
    expect(await store.stored([])).toEqual(new Set());
    await store.add([entry('tm-1', 'Rice prices rose.'), entry('tm-2', 'Rice prices went up.', { replaces: 'tm-1' })]);
    await store.delete(tombstone('tmd-1', 'tm-2'));
    expect(await store.stored(['tm-1', 'tm-2', 'tmd-1', 'tm-3', 'tmd-9'])).toEqual(new Set(['tm-1', 'tm-2', 'tmd-1']));
    expect(await store.stored(['tm-3'])).toEqual(new Set());
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

  it('when a store answers lookups itself, then it offers every lookup member and each answer equals the in-process index over its log', async () => {
    const store = backend.storage.translationMemory;
    if (!isSharedMemoryStore(store)) {
      // An embedded store offers none: a store with some of them would be loaded whole and half asked.
      expect(
        [store.search, store.lookup, store.exact, store.live, store.deletedAt, store.pairEntries, store.exclusive].filter(Boolean),
      ).toEqual([]);
      return;
    }
    const other = '평양의 옥수수 가격이 두 배로 뛰었다.';
    await store.add([entry('tm-1', 'Rice prices rose.'), entry('tm-2', 'Rice got dearer.', { targetLocale: 'en-US', segmentId: 's-2' })]);
    await store.add([
      entry('tm-3', 'Rice prices went up.', { replaces: 'tm-1' }),
      entry('tm-4', '米価が上がった。', { targetLocale: 'ja' }),
    ]);
    await store.delete({ ...tombstone('tmd-1', 'tm-2'), target: 'Rice got dearer.', targetLocale: 'en-US' });
    await store.delete({ ...tombstone('tmd-2', 'tm-2'), target: 'Rice got dearer.', deletedAt: '2026-03-05T10:00:00.000Z' });
    await store.add([
      entry('tm-5', 'Corn prices doubled.', { source: other, segmentId: 's-3' }),
      entry('tm-6', 'Rice got dearer.', { segmentId: 's-4' }),
    ]);
    const { index } = await MemoryIndex.build(await store.all(), null);
    const hash = sourceHash(entry('x', '').source);
    for (const target of ['en', 'en-GB', 'ja', 'zh-Hans']) {
      expect(await store.exact('ko', target, hash)).toEqual(index.get('ko', target)?.exact.get(hash) ?? []);
      expect(await store.pairEntries('ko-KR', target)).toEqual([...(index.get('ko', target)?.entries.values() ?? [])]);
      for (const source of [entry('x', '').source, other, '장마당에서 쌀값이 크게 올랐다.']) {
        const query = { sourceLocale: 'ko', targetLocale: target, source, threshold: 50, limit: 5 };
        expect(await store.search(query)).toEqual(index.get('ko', target)?.fuzzy.search(source, 50, 5) ?? []);
        // lookup: the exact matches, and the fuzzy hits with the limit raised by them (none when they fill it).
        const exact = index.get('ko', target)?.exact.get(sourceHash(source)) ?? [];
        for (const limit of [1, 5]) {
          const fuzzy = exact.length < limit ? (index.get('ko', target)?.fuzzy.search(source, 50, limit + exact.length) ?? []) : [];
          expect(await store.lookup({ ...query, limit })).toEqual({ exact, fuzzy });
        }
      }
    }
    for (const id of ['tm-1', 'tm-2', 'tm-3', 'tm-4', 'tm-5', 'tm-6', 'tmd-1', 'tm-none']) {
      expect(await store.live(id)).toEqual(index.find(id) ?? null);
    }
    expect(await store.deletedAt('ko', 'en', hash, 'Rice got dearer.')).toBe('2026-03-05T10:00:00.000Z');
    expect(await store.deletedAt('ko', 'en', hash, 'Rice got dearer.')).toBe(index.deletedAt('ko', 'en', hash, 'Rice got dearer.'));
    expect(await store.deletedAt('ko', 'en', hash, 'Rice prices rose.')).toBeNull();
  });

  it('when a store answers lookups itself, then over a generated memory of paragraphs beyond its posting budget, it finds what the in-process index finds', async () => {
    const store = backend.storage.translationMemory;
    if (!isSharedMemoryStore(store)) return;
    // 2,000 news-like paragraphs: a query's bigrams have more postings than a lookup counts (FUZZY_SELECTION), so the
    // candidates depend on which bigrams are counted, which entries share most of them, and the length bounds.
    const corpus = new NewsCorpus(13);
    const sources = Array.from({ length: 2_000 }, () => corpus.paragraph());
    const entries = sources.map((source, i) => entry(`tm-${i}`, `translation ${i}`, { source, segmentId: `s-${i}` }));
    for (let at = 0; at < entries.length; at += 500) await store.add(entries.slice(at, at + 500));
    // Some replaced, so that dead entries keep their postings (counted) but leave the candidates.
    await store.add([0, 1, 2].map((i) => entry(`tm-r${i}`, 'again', { source: sources[i * 7]!, replaces: `tm-${i * 7}` })));
    const { index } = await MemoryIndex.build(await store.all(), null);
    const pick = () => sources[Math.floor(corpus.random() * sources.length)]!;
    const queries = [
      ...Array.from({ length: 15 }, () => corpus.edit(pick())),
      ...Array.from({ length: 5 }, () => corpus.paragraph()),
      // Half of one paragraph and half of another: partial matches of middling scores, many near ties.
      ...Array.from({ length: 10 }, () => `${pick().slice(0, 80)} ${pick().slice(-80)}`),
      sources[0]!,
      sources[7]!,
    ];
    let hits = 0;
    for (const source of queries) {
      for (const [threshold, limit] of [
        [75, 5],
        [50, 10],
      ] as const) {
        const query = { sourceLocale: 'ko', targetLocale: 'en', source, threshold, limit };
        const expected = index.get('ko', 'en')!.fuzzy.search(source, threshold, limit);
        const found = await store.search(query);
        expect(found.map((h) => [h.item.id, h.score])).toEqual(expected.map((h) => [h.item.id, h.score]));
        hits += found.length;
      }
    }
    expect(hits).toBeGreaterThan(40);
  }, 120_000);

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
