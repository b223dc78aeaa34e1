import { describe, expect, it } from 'vitest';
import { InMemoryTranslationMemoryStore } from '../../src/adapters/storage/in-memory/translation-memory-store.ts';
import type { MemoryEntry } from '../../src/core/ports/translation-memory-store.ts';
import { INDEX_SAVE_AFTER, MemoryService } from '../../src/services/memory.ts';
import { MemoryIndex } from '../../src/services/memory-index.ts';

// Issue 13: the memory's fuzzy index is saved beside the log and read back instead of tokenizing every entry again.

const WORDS = ['장마당', '쌀값', '평양', '혜산', '국경', '밀수', '단속', '외화', '노동당', '간부', '주민', '소식통'];
const PARTICLES = ['에서', '이', '을', '의', '은', ''];

/** A deterministic paragraph-like source for entry `n`. */
function source(n: number): string {
  const words: string[] = [];
  for (let i = 0; i < 14; i++) words.push(WORDS[(n * 7 + i * 5 + (n >> 3)) % WORDS.length]! + PARTICLES[(n + i) % PARTICLES.length]!);
  return `${words.join(' ')} ${n}번째 소식이라고 전했다.`;
}

function entries(from: number, count: number, targetLocale = 'en'): MemoryEntry[] {
  return Array.from({ length: count }, (_, k) => ({
    id: `tm-${targetLocale}-${from + k}`,
    sourceLocale: 'ko',
    targetLocale,
    source: source(from + k),
    target: `${targetLocale} ${from + k}`,
    slug: null,
    segmentId: null,
    approvedAt: '2026-03-01T09:00:00.000Z',
    approvedBy: 'test',
    origin: 'import' as const,
  }));
}

/** What lookups answer for a fixed set of queries, as comparable data. */
async function answers(memory: MemoryService): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const n of [0, 7, 40, 120, 299]) {
    for (const targetLocale of ['en', 'ja']) {
      const matches = await memory.lookup(source(n).replace('전했다', '밝혔다'), { targetLocale, threshold: 60, limit: 5 });
      out.push(matches.map((m) => [m.entry.id, m.score, m.exact, m.text]));
    }
  }
  return out;
}

describe('translation memory index saved beside the log', () => {
  it('when the index is saved and entries are added after it, then a new load restores the saved part and answers as a full rebuild', async () => {
    const store = new InMemoryTranslationMemoryStore();
    await store.add([...entries(0, 200), ...entries(0, 100, 'ja')]);
    // A re-approval that replaces an entry, inside the saved part.
    await store.add([{ ...entries(5, 1)[0]!, id: 'tm-en-5b', target: 'en 5, corrected', replaces: 'tm-en-5' }]);
    await store.writeIndex((await MemoryIndex.build(await store.all(), null)).index.snapshot());
    await store.add([...entries(200, 100), { ...entries(7, 1)[0]!, id: 'tm-en-7b', target: 'en 7, corrected', replaces: 'tm-en-7' }]);

    const all = await store.all();
    const built = await MemoryIndex.build(all, await store.readIndex());
    expect(built.restored).toBe(301);
    expect(built.index.generation).toBe(all.length);

    const restored = new MemoryService({ store });
    const rebuilt = new MemoryService({ store: Object.assign(new InMemoryTranslationMemoryStore(), { all: () => store.all() }) });
    expect(await answers(restored)).toEqual(await answers(rebuilt));
    expect((await answers(restored)).flat().length).toBeGreaterThan(5);
    expect(await restored.size()).toBe(await rebuilt.size());
    expect(await restored.size()).toBe(400);
  });

  it.each([
    ['of another log (a different last entry)', (bytes: Uint8Array, store: InMemoryTranslationMemoryStore) => store.writeIndex(bytes)],
    ['cut short', (bytes: Uint8Array, store: InMemoryTranslationMemoryStore) => store.writeIndex(bytes.subarray(0, bytes.length >> 1))],
    ['not an index at all', (_bytes: Uint8Array, store: InMemoryTranslationMemoryStore) => store.writeIndex(Uint8Array.of(1, 2, 3, 4, 5))],
  ])('when the saved index is %s, then it is ignored and every entry indexed', async (_name, save) => {
    const other = await MemoryIndex.build(entries(1000, 50), null);
    const store = new InMemoryTranslationMemoryStore();
    await store.add(entries(0, 60));
    const own = await MemoryIndex.build(await store.all(), null);
    await save(_name.startsWith('of another') ? other.index.snapshot() : own.index.snapshot(), store);
    const built = await MemoryIndex.build(await store.all(), await store.readIndex());
    expect(built.restored).toBe(0);
    const memory = new MemoryService({ store });
    expect((await memory.lookup(source(3), { targetLocale: 'en' }))[0]?.entry.id).toBe('tm-en-3');
  });

  it('when saveIndex is called, then it writes only once the saved index lags the log by INDEX_SAVE_AFTER entries', async () => {
    const store = new InMemoryTranslationMemoryStore();
    await store.add(entries(0, INDEX_SAVE_AFTER - 1));
    const memory = new MemoryService({ store });
    expect(await memory.saveIndex()).toBe(false);
    await memory.load();
    expect(await memory.saveIndex()).toBe(false);
    expect(await store.readIndex()).toBeNull();
    await memory.importUnits([{ variants: { ko: '새로 들어온 문단이다.', en: 'A new paragraph.' } }], 'test');
    expect(await memory.saveIndex()).toBe(true);
    expect(await memory.saveIndex()).toBe(false);
    const reopened = await MemoryIndex.build(await store.all(), await store.readIndex());
    expect(reopened.restored).toBe(INDEX_SAVE_AFTER);
  });
});
