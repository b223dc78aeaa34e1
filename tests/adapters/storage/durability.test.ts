import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LowdbArticleStore } from '../../../src/adapters/storage/lowdb/article-store.ts';
import { parseSlug } from '../../../src/core/slug.ts';
import { runFixture, type Child } from '../../fixtures/storage/child.ts';

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('LowdbArticleStore durability', () => {
  let dir: string;
  let child: Child | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-durable-'));
  });

  afterEach(async () => {
    await child?.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it('when the writer is killed with SIGKILL mid-stream, then every acknowledged write is there and every file parses', async () => {
    child = runFixture('write-stream.ts', [dir]);
    await child.waitFor(() => child!.lines.filter((l) => l.startsWith('ack ')).length >= 150);
    await child.kill();

    const acks = child.lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' '));
    expect(acks.length).toBeGreaterThanOrEqual(150);

    const files = await allFiles(dir);
    const data = files.filter((f) => !f.endsWith('.tmp'));
    expect(data.length).toBeGreaterThan(0);
    for (const file of data) {
      const text = await readFile(file, 'utf8');
      // A JSON Lines log (the approval marks) parses line by line; a line cut by the kill was never acknowledged.
      const parts = file.endsWith('.jsonl') ? text.split('\n').slice(0, -1) : [text];
      for (const part of parts) expect(() => JSON.parse(part), file).not.toThrow();
    }

    const store = await LowdbArticleStore.open(dir);
    try {
      const lastAck = new Map<string, number>();
      for (const [, slug, n] of acks) lastAck.set(slug!, Math.max(lastAck.get(slug!) ?? -1, Number(n)));
      for (const [, slug, n] of acks) {
        const record = await store.get(parseSlug(slug));
        expect(
          record?.history.some((e) => e.action === `write-${n}`),
          `${slug} write ${n}`,
        ).toBe(true);
      }
      const rows = await store.list();
      for (const row of rows) {
        const record = await store.get(row.slug);
        expect(row.title).toBe(record?.article.frontMatter.title);
      }
      expect(rows.map((r) => r.slug).sort()).toEqual(expect.arrayContaining([...lastAck.keys()].sort()));
      // An acknowledged approval was marked first, so reconciliation will read its article.
      const approved = acks.filter((a) => a[3] === 'approved').map((a) => a[1]!);
      expect(approved.length).toBeGreaterThan(20);
      const pending = new Set((await store.pendingApprovals()).map((p) => p.slug));
      expect(approved.filter((slug) => !pending.has(parseSlug(slug)))).toEqual([]);
      // Temp files of the dead writer are cleared at open and never read as data.
      expect((await allFiles(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
