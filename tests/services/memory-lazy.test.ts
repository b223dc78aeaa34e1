import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryTranslationMemoryStore } from '../../src/adapters/storage/in-memory/translation-memory-store.ts';
import type { MemoryRecord } from '../../src/core/ports/translation-memory-store.ts';
import { sourceHash } from '../../src/core/text.ts';
import { MemoryService } from '../../src/services/memory.ts';
import { runInProcess, SAMPLES } from '../cli/run-tandem.ts';

// Issue 13: the memory is read on first use, grows by insertion, and lookups are cached per language-pair generation.

/** The real in-memory store, counting how often the whole log is read. */
class CountingStore extends InMemoryTranslationMemoryStore {
  reads = 0;
  override async all(): Promise<MemoryRecord[]> {
    this.reads += 1;
    return super.all();
  }
}

const P1 = '북한 당국이 장마당에서 외화 사용을 단속하고 있다고 소식통이 전했다.';
const P1_EDITED = '북한 당국이 장마당에서 외화 사용을 강하게 단속하고 있다고 소식통이 전했다.';
const P2 = '평양에서 대규모 열병식이 열렸다.';

function approval(source: string, target: string, segmentId: string, targetLocale = 'en') {
  return { slug: 'market', segmentId, sourceLocale: 'ko', targetLocale, source, target, approvedBy: 'lee' };
}

async function seeded(): Promise<CountingStore> {
  const store = new CountingStore();
  await new MemoryService({ store }).recordApproval(approval(P1, 'A', 's-1'));
  store.reads = 0;
  return store;
}

describe('translation memory, lazily loaded', () => {
  it('when the service is built, then nothing is read until the first call, and concurrent first calls read once', async () => {
    const store = await seeded();
    const memory = new MemoryService({ store });
    expect(store.reads).toBe(0);
    expect(memory.loaded).toBe(false);
    const [matches, exact] = await Promise.all([
      memory.lookup(P1_EDITED, { targetLocale: 'en' }),
      memory.findExactMatch(sourceHash(P1), 'en'),
    ]);
    expect(matches.map((m) => m.text)).toEqual(['A']);
    expect(exact?.target).toBe('A');
    expect(store.reads).toBe(1);
  });

  it('when the store fails to read, then the call rejects and the next call reads again', async () => {
    const store = await seeded();
    let fail = true;
    const flaky = Object.assign(Object.create(store) as CountingStore, {
      all: async () => {
        if (fail) throw new Error('disk unplugged');
        return store.all();
      },
    });
    const memory = new MemoryService({ store: flaky });
    await expect(memory.lookup(P1, { targetLocale: 'en' })).rejects.toThrow('disk unplugged');
    fail = false;
    expect((await memory.lookup(P1, { targetLocale: 'en' }))[0]?.exact).toBe(true);
  });

  it('when entries are added after loading, then they are found at once and the log is not read again', async () => {
    const store = await seeded();
    const memory = new MemoryService({ store });
    expect(await memory.size()).toBe(1);
    await memory.recordApproval(approval(P1_EDITED, 'B', 's-2'));
    await memory.importUnits([{ variants: { ko: P2, en: 'C' } }], 'test');
    expect((await memory.lookup(P1_EDITED, { targetLocale: 'en' })).map((m) => [m.text, m.exact])).toEqual([
      ['B', true],
      ['A', false],
    ]);
    expect((await memory.lookup(P2, { targetLocale: 'en' }))[0]?.text).toBe('C');
    expect(store.reads).toBe(1);
  });
});

describe('memory match cache', () => {
  it('when the same segment is looked up again, then the cached matches come back without recomputing', async () => {
    const memory = new MemoryService({ store: await seeded() });
    const first = await memory.lookup(P1_EDITED, { targetLocale: 'en' });
    const again = await memory.lookup(P1_EDITED, { targetLocale: 'en' });
    expect(again).toEqual(first);
    // The very same match objects: computed once.
    expect(again[0]).toBe(first[0]);
  });

  it('when the memory of the pair changes, then the next lookup is recomputed and sees the change', async () => {
    const memory = new MemoryService({ store: await seeded() });
    const before = await memory.lookup(P1_EDITED, { targetLocale: 'en' });
    await memory.recordApproval(approval(P1_EDITED, 'B', 's-2'));
    const after = await memory.lookup(P1_EDITED, { targetLocale: 'en' });
    expect(after.map((m) => m.text)).toEqual(['B', 'A']);
    expect(after[1]).not.toBe(before[0]);
    // A re-approval that replaces an entry is a change too.
    await memory.recordApproval(approval(P1_EDITED, 'B2', 's-2'));
    expect((await memory.lookup(P1_EDITED, { targetLocale: 'en' })).map((m) => m.text)).toEqual(['B2', 'A']);
  });

  it('when another language pair changes, then cached matches of this pair stay valid', async () => {
    const memory = new MemoryService({ store: await seeded() });
    const before = await memory.lookup(P1_EDITED, { targetLocale: 'en' });
    await memory.recordApproval(approval(P1_EDITED, 'ビー', 's-2', 'ja'));
    expect((await memory.lookup(P1_EDITED, { targetLocale: 'en' }))[0]).toBe(before[0]);
  });

  it('when threshold or limit differ, then each gets its own result', async () => {
    const memory = new MemoryService({ store: await seeded() });
    expect(await memory.lookup(P1_EDITED, { targetLocale: 'en', threshold: 100 })).toEqual([]);
    expect(await memory.lookup(P1_EDITED, { targetLocale: 'en', threshold: 50 })).toHaveLength(1);
    expect(await memory.lookup(P1_EDITED, { targetLocale: 'en', limit: 0 })).toEqual([]);
  });
});

describe('commands that never use the memory', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-tm-lazy-'));
    env = { TANDEM_DATA_DIR: join(dir, 'data'), TANDEM_TARGET_LOCALES: 'en' };
    const run = await runInProcess(['import', SAMPLES], env);
    expect(run.code, run.stderr).toBe(0);
    // A log that cannot be read: any command that loads the memory fails on it.
    await mkdir(join(dir, 'data', 'memory'), { recursive: true });
    await writeFile(join(dir, 'data', 'memory', 'tm.jsonl'), 'not json\n{"id":"tm-1"}\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('when status runs, then it succeeds without reading the memory', async () => {
    const run = await runInProcess(['status', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
  });

  it('when a memory search runs on the same data, then it reads the memory (and fails on the bad line)', async () => {
    const run = await runInProcess(['memory', 'search', '장마당', '--to', 'en'], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/line 1 of .*tm\.jsonl/);
  });
});
