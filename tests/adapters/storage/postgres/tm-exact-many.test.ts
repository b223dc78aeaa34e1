import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryTranslationMemoryStore } from '../../../../src/adapters/storage/in-memory/translation-memory-store.ts';
import { sourceHash } from '../../../../src/core/text.ts';
import { MemoryService } from '../../../../src/services/memory.ts';
import { postgresMemoryDatabase } from './mt-tm-database.ts';

// An MT round asks for the exact matches of every item it claimed at once (MemoryService.findExactMatches, the shared
// store's exactMany): the answers must be findExactMatch's, key by key, on PostgreSQL and in the embedded index alike.

const ends: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const end of ends.splice(0)) await end();
});

let tick = 0;
const clock = () => new Date(Date.UTC(2026, 2, 1, 9, 0, tick++));

const RICE = '장마당에서 쌀값이 크게 올랐다.';
const BORDER = '국경 경비가 강화됐다.';

async function filled(memory: MemoryService): Promise<void> {
  const approve = (slug: string, segmentId: string, source: string, targetLocale: string, target: string) =>
    memory.recordApproval({ slug, segmentId, sourceLocale: 'ko', targetLocale, source, target, approvedBy: 'park' });
  await approve('rice', 's-1', RICE, 'en', 'Rice prices rose sharply at the market.');
  await approve('market', 's-4', RICE, 'en', 'Market rice prices jumped.');
  await approve('rice', 's-1', RICE, 'ja', '市場で米価が大きく上がった。');
  await approve('border', 's-2', BORDER, 'en', 'Border guards were reinforced.');
  // Re-approved: only the new text is live.
  await approve('border', 's-2', BORDER, 'en', 'Border security was tightened.');
}

const KEYS = [
  { hash: sourceHash(RICE), locale: 'en', slug: 'rice' },
  { hash: sourceHash(RICE), locale: 'en', slug: 'market' },
  { hash: sourceHash(RICE), locale: 'en', slug: 'other' },
  { hash: sourceHash(RICE), locale: 'ja', slug: 'rice' },
  { hash: sourceHash(RICE), locale: 'zh-Hans', slug: 'rice' },
  { hash: sourceHash(BORDER), locale: 'en', slug: 'border' },
  { hash: sourceHash('없는 문장.'), locale: 'en', slug: 'rice' },
  { hash: sourceHash(RICE), locale: 'en', slug: 'rice' },
];

describe('exact matches for many segments at once', () => {
  it.each(['PostgreSQL', 'embedded'])(
    'when a round asks for many keys on %s, then each answer is findExactMatch of its key, in order',
    async (backend) => {
      let memory: MemoryService;
      if (backend === 'PostgreSQL') {
        const database = await postgresMemoryDatabase();
        ends.push(() => database.end());
        memory = new MemoryService({ store: database.open(), now: clock });
      } else {
        memory = new MemoryService({ store: new InMemoryTranslationMemoryStore(), now: clock });
      }
      await filled(memory);
      const one = [];
      for (const k of KEYS) one.push(await memory.findExactMatch(k.hash, k.locale, k.slug));
      expect(await memory.findExactMatches(KEYS)).toEqual(one);
      expect(one.map((m) => m?.target ?? null)).toEqual([
        'Rice prices rose sharply at the market.',
        'Market rice prices jumped.',
        'Market rice prices jumped.',
        '市場で米価が大きく上がった。',
        null,
        'Border security was tightened.',
        null,
        'Rice prices rose sharply at the market.',
      ]);
      expect(await memory.findExactMatches([])).toEqual([]);
    },
  );
});
