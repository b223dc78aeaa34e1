import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbTranslationMemoryStore } from '../../../../src/adapters/storage/lowdb/translation-memory-store.ts';
import { MemoryService } from '../../../../src/services/memory.ts';

const dirs: string[] = [];
const opened: LowdbTranslationMemoryStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function approval(source: string, target: string, segmentId = 's-1', slug = 'kpa-exercise') {
  return { slug, segmentId, sourceLocale: 'ko', targetLocale: 'en', source, target, approvedBy: 'lee' };
}

describe('lowdb translation-memory store', () => {
  it('when the last line was torn by a crash, then reading skips it and the next append starts a fresh line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-tm-'));
    dirs.push(dir);
    const path = join(dir, 'tm.jsonl');
    const first = new LowdbTranslationMemoryStore(path);
    opened.push(first);
    const memory = new MemoryService({ store: first });
    await memory.recordApproval(approval('장마당에서', 'at the market'));
    await appendFile(path, '{"id":"tm-torn","sour');
    const store = new LowdbTranslationMemoryStore(path);
    const reopened = new MemoryService({ store });
    expect(await reopened.size()).toBe(1);
    await reopened.recordApproval(approval('평양', 'Pyongyang', 's-2'));
    await first.close();
    await store.close();
    const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect((await new LowdbTranslationMemoryStore(path).all()).map((e) => e.target)).toEqual(['at the market', 'Pyongyang']);
  });

  it('when a line in the middle is corrupt, then opening refuses with the line number', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-tm-'));
    dirs.push(dir);
    const path = join(dir, 'tm.jsonl');
    await appendFile(path, '{"id":"a"}\nnot json\n{"id":"b"}\n');
    await expect(new LowdbTranslationMemoryStore(path).all()).rejects.toThrow(/line 2 of .*tm\.jsonl is not valid JSON/);
  });
});
