import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tmxFormat } from '../../src/adapters/formats/tmx.ts';
import { LowdbTranslationMemoryStore } from '../../src/adapters/storage/lowdb/translation-memory-store.ts';
import { InMemoryTranslationMemoryStore } from '../../src/adapters/storage/in-memory/translation-memory-store.ts';
import type { TranslationMemoryStore } from '../../src/core/ports/translation-memory-store.ts';
import { sourceHash } from '../../src/core/text.ts';
import { MemoryService, memoryLocale } from '../../src/services/memory.ts';
import { postgresMemoryDatabase } from '../adapters/storage/postgres/mt-tm-database.ts';

const dirs: string[] = [];
const opened: TranslationMemoryStore[] = [];
const databases: { end(): Promise<void> }[] = [];
afterEach(async () => {
  for (const database of databases.splice(0)) await database.end();
  for (const store of opened.splice(0)) await store.close();
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const STORES: readonly [string, () => Promise<TranslationMemoryStore>][] = [
  ['in-memory', async () => new InMemoryTranslationMemoryStore()],
  [
    'lowdb',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'tandem-tm-'));
      dirs.push(dir);
      const store = new LowdbTranslationMemoryStore(join(dir, 'memory', 'ko-en.jsonl'));
      opened.push(store);
      return store;
    },
  ],
  // Asked per lookup (the service never loads it): every behaviour here holds there too.
  [
    'postgres',
    async () => {
      const database = await postgresMemoryDatabase();
      databases.push(database);
      return database.open();
    },
  ],
];

const clock = () => new Date('2024-01-22T09:00:00.000Z');

function approval(source: string, target: string, segmentId = 's-1', slug = 'kpa-exercise') {
  return { slug, segmentId, sourceLocale: 'ko', targetLocale: 'en', source, target, approvedBy: 'lee' };
}

describe.each(STORES)('memory service on the %s store', (_name, makeStore) => {
  it('when a pair is approved, then an exact lookup finds it with where it came from', async () => {
    const memory = new MemoryService({ store: await makeStore(), now: clock });
    await memory.recordApproval(approval('조선인민군은 훈련을 시작했다.', 'The KPA began exercises.'));
    const [match] = await memory.lookup('조선인민군은  훈련을 시작했다.', { targetLocale: 'en' });
    expect(match).toMatchObject({ score: 100, exact: true, text: 'The KPA began exercises.' });
    expect(match?.entry).toMatchObject({
      slug: 'kpa-exercise',
      segmentId: 's-1',
      approvedBy: 'lee',
      approvedAt: '2024-01-22T09:00:00.000Z',
    });
    expect(match?.diff.every((d) => d.op === 'equal')).toBe(true);
  });

  it('when the source differs only in tag numbering, then it is exact and the draft takes the new numbering', async () => {
    const memory = new MemoryService({ store: await makeStore() });
    await memory.recordApproval(approval('<g3>장마당</g3>에서 샀다<x4/>', 'Bought at the <g3>market</g3><x4/>'));
    const match = await memory.findExact('<g1>장마당</g1>에서 샀다<x2/>', 'ko', 'en');
    expect(match?.text).toBe('Bought at the <g1>market</g1><x2/>');
  });

  it('when a similar source is looked up, then fuzzy matches come best first with a diff of the sources', async () => {
    const memory = new MemoryService({ store: await makeStore() });
    await memory.recordApproval(approval('북한 당국이 장마당에서 외화 사용을 단속하고 있다.', 'A', 's-1'));
    await memory.recordApproval(approval('북한 당국이 장마당에서 외화 사용을 강하게 단속하고 있다.', 'B', 's-2'));
    await memory.recordApproval(approval('평양에서 대규모 열병식이 열렸다.', 'C', 's-3'));
    const matches = await memory.lookup('북한 당국이 장마당에서 외화 사용을 강하게 단속했다.', { targetLocale: 'en' });
    expect(matches.map((m) => m.text)).toEqual(['B', 'A']);
    expect(matches[0]!.score).toBeGreaterThan(matches[1]!.score);
    expect(matches[0]!.score).toBeLessThan(100);
    expect(matches[0]!.diff.filter((d) => d.op !== 'equal').map((d) => `${d.op}:${d.text}`)).toEqual(['delete:하고 있', 'insert:했']);
  });

  it('when the threshold or limit is given, then weaker matches and extras are left out', async () => {
    const memory = new MemoryService({ store: await makeStore() });
    await memory.recordApproval(approval('북한 당국이 장마당에서 외화 사용을 단속하고 있다.', 'A', 's-1'));
    await memory.recordApproval(approval('북한 당국이 장마당에서 외화 사용을 강하게 단속하고 있다.', 'B', 's-2'));
    const query = '북한 당국이 장마당에서 외화 사용을 강하게 단속했다.';
    expect((await memory.lookup(query, { targetLocale: 'en', limit: 1 })).map((m) => m.text)).toEqual(['B']);
    const best = (await memory.lookup(query, { targetLocale: 'en' }))[0]!.score;
    expect(await memory.lookup(query, { targetLocale: 'en', threshold: best + 1 })).toEqual([]);
    expect(await memory.lookup(query, { targetLocale: 'ja' })).toEqual([]);
  });

  it('when the same segment is approved again with a new text, then the new text replaces the old one in lookups', async () => {
    const store = await makeStore();
    const memory = new MemoryService({ store });
    await memory.recordApproval(approval('장마당에서', 'at the market'));
    expect(await memory.recordApproval(approval('장마당에서', 'at the market'))).toBeNull();
    await memory.recordApproval(approval('장마당에서', 'at the jangmadang'));
    expect((await memory.lookup('장마당에서', { targetLocale: 'en' })).map((m) => m.text)).toEqual(['at the jangmadang']);
    const reopened = new MemoryService({ store });
    expect((await reopened.lookup('장마당에서', { targetLocale: 'en' })).map((m) => m.text)).toEqual(['at the jangmadang']);
    expect(await reopened.size()).toBe(1);
  });

  it('when a concordance search runs, then it finds the phrase in sources or targets, newest first', async () => {
    const memory = new MemoryService({ store: await makeStore() });
    await memory.recordApproval(approval('장마당에서 쌀을 샀다', 'They bought rice at the jangmadang', 's-1'));
    await memory.recordApproval(approval('평양 장마당이 붐볐다', 'The Pyongyang market was busy', 's-2'));
    await memory.recordApproval(approval('평양에 비가 왔다', 'It rained in Pyongyang', 's-3'));
    expect((await memory.concordance('장마당', { targetLocale: 'en' })).map((e) => e.segmentId)).toEqual(['s-2', 's-1']);
    expect((await memory.concordance('pyongyang', { targetLocale: 'en', in: 'target' })).map((e) => e.segmentId)).toEqual(['s-3', 's-2']);
    expect(await memory.concordance('JANGMADANG', { targetLocale: 'en', in: 'source' })).toEqual([]);
  });

  it('when a TMX file from another tool is imported and the memory exported, then pairs land in the right language pairs', async () => {
    const store = await makeStore();
    const memory = new MemoryService({ store, exchange: tmxFormat, now: clock });
    const file = await readFile(new URL('../fixtures/tmx/other-tool.tmx', import.meta.url), 'utf8');
    const summary = await memory.importFile(file, 'other-tool.tmx');
    expect(summary).toEqual({
      units: 4,
      sourceLocale: 'ko',
      added: 4,
      duplicates: 0,
      skipped: 1,
      locales: ['en', 'ja', 'zh-Hans'],
      pairs: [
        { sourceLocale: 'ko', targetLocale: 'en', added: 2, duplicates: 0, skipped: 0 },
        { sourceLocale: 'ko', targetLocale: 'ja', added: 1, duplicates: 0, skipped: 0 },
        { sourceLocale: 'ko', targetLocale: 'zh-Hans', added: 1, duplicates: 0, skipped: 0 },
      ],
      withoutSource: 1,
      withoutSourceLocales: ['en', 'fr'],
    });
    expect((await memory.importFile(file, 'other-tool.tmx')).duplicates).toBe(4);
    const [match] = await memory.lookup('조선인민군은 1월 22일 훈련을 시작했다.', { targetLocale: 'en' });
    expect(match?.entry).toMatchObject({ origin: 'import', approvedBy: 'import:SDL Language Platform', slug: null });
    expect((await memory.lookup('장마당에서 쌀값이 올랐다 &amp; 옥수수 값도 &lt;변동&gt;', { targetLocale: 'zh-Hans' }))[0]?.exact).toBe(
      true,
    );
    const exported = await memory.exportFile('en');
    const again = new MemoryService({ store: new InMemoryTranslationMemoryStore(), exchange: tmxFormat });
    expect((await again.importFile(exported)).added).toBe(2);
    expect((await again.entries('en')).map((e) => e.target).sort()).toEqual((await memory.entries('en')).map((e) => e.target).sort());
  });

  it('when the MT service asks by source hash, then it gets the newest approved text', async () => {
    const memory = new MemoryService({ store: await makeStore() });
    await memory.recordApproval(approval('장마당에서', 'at the market'));
    expect(await memory.findApprovedTranslation(sourceHash('장마당에서'), 'en')).toBe('at the market');
    expect(await memory.findApprovedTranslation(sourceHash('평양'), 'en')).toBeNull();
  });
});

describe('memory helpers', () => {
  it.each([
    ['en-US', 'en'],
    ['ko-KR', 'ko'],
    ['ko-kr', 'ko'],
    ['zh-CN', 'zh-Hans'],
    ['zh-TW', 'zh-Hant'],
    ['zh-Hans', 'zh-Hans'],
    ['ja-JP', 'ja'],
  ])('when the tag is %s, then the memory locale is %s', (tag, locale) => {
    expect(memoryLocale(tag)).toBe(locale);
  });
});
