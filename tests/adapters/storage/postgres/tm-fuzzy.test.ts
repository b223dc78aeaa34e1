import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresTranslationMemoryStore } from '../../../../src/adapters/storage/postgres/translation-memory-store.ts';
import type { MemoryEntry } from '../../../../src/core/ports/translation-memory-store.ts';
import { sourceHash } from '../../../../src/core/text.ts';
import { MemoryIndex } from '../../../../src/services/memory-index.ts';
import { migratedDatabase } from './mt-tm-database.ts';

const BASES = [
  '장마당에서 쌀값이 올랐다.',
  '조선인민군은 어제 훈련을 시작했다.',
  '평양의 <g1>옥수수</g1> 가격이 두 배로 뛰었다.',
  '국경 지역 주민들은 중국산 물품을 몰래 들여오고 있다.',
  '소식통에 따르면 당국은 시장 단속을 강화했다.',
  '올해 겨울은 특히 추워서 땔감 값이 크게 올랐다.',
  '북한 당국은 휴대전화 사용자에 대한 감시를 늘렸다.',
  '함경북도 회령시에서 대규모 검열이 진행 중이다.',
  'Rice prices rose sharply at the <g1>Hyesan</g1> market this week.',
  '노동신문은 2024년 농업 생산이 늘었다고 주장했다.',
];

/** Variants of a sentence: particles, numbers, words added and removed, tags wrapped or dropped. */
function variants(text: string): string[] {
  return [
    text,
    text.replace('이 ', '가 ').replace('은 ', '는 '),
    text.replace('올랐다', '내렸다').replace('rose', 'fell'),
    `지난주 ${text}`,
    text.replace(/\s\S+\s/, ' '),
    text.replace('<g1>', '').replace('</g1>', ''),
    text.replace('두 배', '세 배').replace('2024', '2025').replace('this week', 'last week'),
    `${text.slice(0, -1)} 고 전했다.`,
  ];
}

function entry(n: number, source: string, extra: Partial<MemoryEntry> = {}): MemoryEntry {
  return {
    id: `tm-${n}`,
    sourceLocale: 'ko',
    targetLocale: 'en',
    source,
    target: `translation ${n}`,
    slug: 'rice-prices',
    segmentId: `s-${n}`,
    approvedAt: '2026-03-01T09:00:00.000Z',
    approvedBy: 'editor-park',
    origin: 'approval',
    ...extra,
  };
}

/** Every variant of every base, some twice (ties: the newer wins), some replaced later, and other pairs beside. */
function corpus(): MemoryEntry[] {
  const entries: MemoryEntry[] = [];
  for (const base of BASES) for (const source of new Set(variants(base))) entries.push(entry(entries.length, source));
  const count = entries.length;
  for (let i = 0; i < count; i += 5) entries.push(entry(entries.length, entries[i]!.source, { target: `again ${i}` }));
  for (let i = 2; i < count; i += 7) entries.push(entry(entries.length, entries[i]!.source, { replaces: entries[i]!.id }));
  for (let i = 0; i < count; i += 3) entries.push(entry(entries.length, entries[i]!.source, { targetLocale: 'ja' }));
  entries.push(entry(entries.length, BASES[0]!, { targetLocale: 'en-US' }));
  return entries;
}

const QUERIES = [
  ...BASES,
  ...BASES.map((b) => b.replace('.', '고 한다.')),
  ...BASES.map((b) => `최근 ${b.replace('이 ', '도 ')}`),
  ...BASES.map((b) => b.slice(2)),
  '전혀 관계없는 문장입니다.',
  'rice prices rose sharply at the hyesan market this week.',
];

describe('PostgreSQL translation memory: fuzzy lookup', () => {
  let url = '';
  const pools: pg.Pool[] = [];
  const store = () => {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pools.push(pool);
    return new PostgresTranslationMemoryStore(pool);
  };

  beforeEach(async () => {
    url = await migratedDatabase();
  });

  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end();
  });

  it('when the same entries are in the database and in the embedded index, then every lookup finds the same entries with the same scores', async () => {
    const entries = corpus();
    const db = store();
    await db.add(entries.slice(0, 40));
    await db.add(entries.slice(40));
    const { index } = await MemoryIndex.build(entries, null);
    let hits = 0;
    for (const targetLocale of ['en', 'ja', 'en-GB']) {
      const pair = index.get('ko', targetLocale)!;
      for (const source of QUERIES) {
        for (const [threshold, limit] of [
          [75, 5],
          [60, 10],
          [90, 3],
        ] as const) {
          const embedded = pair.fuzzy.search(source, threshold, limit).map((h) => [h.item.id, h.score]);
          const found = (await db.search({ sourceLocale: 'ko', targetLocale, source, threshold, limit })).map((h) => [h.item.id, h.score]);
          expect(found, `${targetLocale} ${threshold} ${source}`).toEqual(embedded);
          hits += found.length;
        }
      }
    }
    // The comparison means something only when lookups find things.
    expect(hits).toBeGreaterThan(500);
  });

  it('when entries are paragraphs (keys over 64 symbols: looked up by a window), then lookups find what the embedded index finds', async () => {
    // Paragraphs of four to six base sentences in rotating order, some of them also with a sentence's variant.
    const paragraphs: string[] = [];
    for (let i = 0; i < 60; i++) {
      const sentences = Array.from({ length: 4 + (i % 3) }, (_, k) => BASES[(i * 3 + k * 7) % BASES.length]!);
      if (i % 4 === 1) sentences[1] = variants(sentences[1]!)[1 + (i % 7)]!;
      paragraphs.push(sentences.join(' '));
    }
    const entries = paragraphs.map((source, i) => entry(i, source));
    const db = store();
    await db.add(entries);
    const { index } = await MemoryIndex.build(entries, null);
    const queries = paragraphs.flatMap((p, i) => [
      p.replace('올랐다', '내렸다'),
      `최근 ${p}`,
      p.split(' ').slice(0, -4).join(' '),
      i % 5 === 0 ? `${p} 소식통이 전했다.` : p.replace(/\S+/, '지난주'),
    ]);
    let hits = 0;
    for (const source of queries) {
      for (const [threshold, limit] of [
        [75, 5],
        [60, 10],
      ] as const) {
        const embedded = index
          .get('ko', 'en')!
          .fuzzy.search(source, threshold, limit)
          .map((h) => [h.item.id, h.score]);
        const found = (await db.search({ sourceLocale: 'ko', targetLocale: 'en', source, threshold, limit })).map((h) => [
          h.item.id,
          h.score,
        ]);
        expect(found, `${threshold} ${source}`).toEqual(embedded);
        hits += found.length;
      }
    }
    expect(hits).toBeGreaterThan(400);
  });

  it('when postings fill several chunks, forms reach 1023 characters and the best counted entries are replaced, then lookups find what the embedded index finds', async () => {
    // Paragraphs of 20 to 90 base sentences (about 400 to 2,000 characters: the posting keeps lengths up to 1023 exact),
    // added one at a time and in batches (every bigram's postings run over many chunks of 128); then near copies of
    // one paragraph, most of them replaced by other texts, so that the entries sharing the most are mostly not live.
    const paragraphs = Array.from({ length: 160 }, (_, i) =>
      Array.from({ length: 20 + ((i * 13) % 71) }, (_, k) => variants(BASES[(i + k * 3) % BASES.length]!)[(i * k) % 8]!).join(' '),
    );
    const entries = paragraphs.map((source, i) => entry(i, source));
    const copies = Array.from({ length: 120 }, (_, i) => entry(1000 + i, `${paragraphs[7]} ${i % 2 === 0 ? '그렇다.' : ''}`));
    const replacements = copies.slice(0, 110).map((c, i) => entry(2000 + i, BASES[i % BASES.length]!, { replaces: c.id }));
    const all = [...entries, ...copies, ...replacements];
    const db = store();
    for (let at = 0; at < all.length; ) {
      const size = at % 3 === 0 ? 1 : 37;
      await db.add(all.slice(at, at + size));
      at += size;
    }
    const { index } = await MemoryIndex.build(all, null);
    const queries = [...paragraphs.filter((_, i) => i % 8 === 7), paragraphs[7]!].flatMap((p) => [
      p.replace('올랐다', '내렸다'),
      `최근 ${p}`,
    ]);
    let hits = 0;
    for (const source of queries) {
      for (const [threshold, limit] of [
        [75, 5],
        [50, 10],
        [95, 3],
      ] as const) {
        const embedded = index
          .get('ko', 'en')!
          .fuzzy.search(source, threshold, limit)
          .map((h) => [h.item.id, h.score]);
        const found = (await db.search({ sourceLocale: 'ko', targetLocale: 'en', source, threshold, limit })).map((h) => [
          h.item.id,
          h.score,
        ]);
        expect(found, `${threshold} ${source.length} ${source.slice(0, 40)}`).toEqual(embedded);
        hits += found.length;
      }
    }
    expect(hits).toBeGreaterThan(100);
    expect(queries.some((q) => q.length > 1400)).toBe(true);
  });

  it('when one process adds an approval, then a lookup in another process finds it at once, and a replaced entry leaves lookups', async () => {
    const [writer, reader] = [store(), store()];
    const first = entry(1, '장마당에서 쌀값이 올랐다.');
    await writer.add([first]);
    const query = { sourceLocale: 'ko', targetLocale: 'en', source: '장마당에서 쌀값이 내렸다.', threshold: 75, limit: 5 } as const;
    expect((await reader.search(query)).map((h) => [h.item.id, h.score])).toEqual([['tm-1', 86]]);
    expect(await reader.exact('ko', 'en', sourceHash(first.source))).toEqual([first]);

    const correction = entry(2, first.source, { target: 'Rice got dearer at the market.', replaces: 'tm-1' });
    await writer.add([correction]);
    expect((await reader.search(query)).map((h) => h.item.id)).toEqual(['tm-2']);
    expect(await reader.exact('ko', 'en', sourceHash(first.source))).toEqual([correction]);
    // The log keeps both.
    expect((await reader.all()).map((e) => e.id)).toEqual(['tm-1', 'tm-2']);
  });

  it('when an entry replaces one of another language pair, then that entry stays in its own lookups', async () => {
    const db = store();
    await db.add([entry(1, '쌀값이 올랐다.', { targetLocale: 'ja' }), entry(2, '쌀값이 올랐다.', { replaces: 'tm-1' })]);
    expect((await db.exact('ko', 'ja', sourceHash('쌀값이 올랐다.'))).map((e) => e.id)).toEqual(['tm-1']);
    expect((await db.exact('ko', 'en', sourceHash('쌀값이 올랐다.'))).map((e) => e.id)).toEqual(['tm-2']);
  });
});
