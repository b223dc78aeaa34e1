import { mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LowdbArticleStore } from '../../../../src/adapters/storage/lowdb/article-store.ts';
import { AppError } from '../../../../src/core/errors.ts';
import { parseSlug } from '../../../../src/core/slug.ts';
import { makeRecord, withTranslation } from '../../../fixtures/storage/records.ts';

/** Every file under `dir` with its inode and mtime, to see exactly which files a write touched. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const s = await stat(path, { bigint: true });
    files.set(path.slice(dir.length + 1), `${s.ino}:${s.mtimeNs}`);
  }
  return files;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

describe('LowdbArticleStore on disk', () => {
  let dir: string;
  let store: LowdbArticleStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-store-'));
    store = await LowdbArticleStore.open(dir);
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('when an article is stored, then articles/<slug>.json holds exactly the record as JSON', async () => {
    const record = makeRecord('on-disk', { segments: 3 });
    await store.update(parseSlug('on-disk'), () => record);
    const text = await readFile(join(dir, 'articles', 'on-disk.json'), 'utf8');
    expect(JSON.parse(text)).toEqual(record);
  });

  it('when the store is closed, then index.json lists every article and is marked clean', async () => {
    await store.update(parseSlug('indexed-one'), () => makeRecord('indexed-one'));
    await store.update(parseSlug('indexed-two'), () => makeRecord('indexed-two'));
    await store.close();
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    expect(index.clean).toBe(true);
    expect(index.articles.map((row: { s: string }) => row.s).sort()).toEqual(['indexed-one', 'indexed-two']);
    expect(await readdir(dir)).not.toContain('index.dirty');
  });

  it('when a process changed the listing after a clean close and then died, then the next open rebuilds the index', async () => {
    await store.update(parseSlug('retitled'), () => makeRecord('retitled', { title: '처음' }));
    await store.close();
    store = await LowdbArticleStore.open(dir);
    await store.update(parseSlug('retitled'), (current) => ({
      ...current!,
      article: { ...current!.article, frontMatter: { ...current!.article.frontMatter, title: '나중' } },
    }));
    // index.json still holds the first title and says clean; index.dirty says not to trust it.
    expect(JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')).articles[0].t).toBe('처음');
    const after = await LowdbArticleStore.open(dir);
    expect((await after.list()).map((r) => r.title)).toEqual(['나중']);
    await after.close();
  });

  it('when change returns null or an identical record, then no file is written', async () => {
    const record = makeRecord('quiet');
    await store.update(parseSlug('quiet'), () => record);
    const before = await snapshot(dir);
    await store.update(parseSlug('quiet'), () => null);
    await store.update(parseSlug('quiet'), (current) => structuredClone(current));
    await store.update(parseSlug('absent'), () => null);
    expect(changedFiles(before, await snapshot(dir))).toEqual([]);
  });

  it('when a translation is approved, then exactly one article file changes and the index is not rewritten', async () => {
    for (const s of ['first-story', 'second-story', 'third-story']) await store.update(parseSlug(s), () => makeRecord(s));
    await store.close();
    store = await LowdbArticleStore.open(dir);
    // The first change after open writes the small index.dirty (once per process, so a crash rebuilds the index), not
    // the index, whose size grows with the archive; later changes touch neither.
    const opened = await snapshot(dir);
    await store.update(parseSlug('first-story'), (current) =>
      withTranslation(current!, 's-first-story-1', 'en', { state: 'approved', text: 'Approved.' }),
    );
    expect(changedFiles(opened, await snapshot(dir))).toEqual([
      join('articles', 'first-story.json'),
      'index.dirty',
      'memory-pending.jsonl',
    ]);
    const before = await snapshot(dir);
    await store.update(parseSlug('second-story'), (current) =>
      withTranslation(current!, 's-second-story-1', 'en', { state: 'approved', text: 'Approved.' }),
    );
    // The first approval of an article since it was reconciled also marks it (memory-pending.jsonl); a later one does not.
    expect(changedFiles(before, await snapshot(dir))).toEqual([join('articles', 'second-story.json'), 'memory-pending.jsonl']);
    const again = await snapshot(dir);
    await store.update(parseSlug('second-story'), (current) =>
      withTranslation(current!, 's-second-story-2', 'en', { state: 'approved', text: 'Approved too.' }),
    );
    expect(changedFiles(again, await snapshot(dir))).toEqual([join('articles', 'second-story.json')]);
  });

  it('when the data directory predates approval marks or its marks file is damaged, then every article is pending', async () => {
    for (const s of ['first-story', 'second-story']) await store.update(parseSlug(s), () => makeRecord(s));
    expect(await store.pendingApprovals()).toEqual([]);
    await store.close();
    await unlink(join(dir, 'memory-pending.json'));
    store = await LowdbArticleStore.open(dir);
    expect((await store.pendingApprovals()).map((p) => p.slug)).toEqual(['first-story', 'second-story']);
    await store.close();

    await writeFile(join(dir, 'memory-pending.json'), '{"version":1,"slu');
    store = await LowdbArticleStore.open(dir);
    const pending = await store.pendingApprovals();
    expect(pending.map((p) => p.slug)).toEqual(['first-story', 'second-story']);
    await store.settleApprovals(pending);
    await store.close();
    store = await LowdbArticleStore.open(dir);
    expect(await store.pendingApprovals()).toEqual([]);
  });

  it('when index.json is missing or corrupt, then open rebuilds it from the article files', async () => {
    await store.update(parseSlug('rebuilt'), () => makeRecord('rebuilt', { title: '다시 만든 목록' }));
    await store.close();
    await unlink(join(dir, 'index.json'));
    store = await LowdbArticleStore.open(dir);
    expect((await store.list()).map((r) => r.title)).toEqual(['다시 만든 목록']);
    await store.close();

    await writeFile(join(dir, 'index.json'), '{"version":1,"clean":tr');
    store = await LowdbArticleStore.open(dir);
    expect((await store.list()).map((r) => r.title)).toEqual(['다시 만든 목록']);
  });

  it('when the previous process stopped without closing, then open rebuilds the listing from the article files', async () => {
    await store.update(parseSlug('crashed'), () => makeRecord('crashed', { title: '처음' }));
    await store.update(parseSlug('crashed'), (current) => ({
      ...current!,
      article: { ...current!.article, frontMatter: { ...current!.article.frontMatter, title: '나중' } },
    }));
    // A second store on the same directory stands in for the process that starts after a crash.
    const after = await LowdbArticleStore.open(dir);
    expect((await after.list()).map((r) => r.title)).toEqual(['나중']);
    await after.close();
  });

  it('when an article file was added or removed behind the index, then open notices and rebuilds', async () => {
    await store.update(parseSlug('stays'), () => makeRecord('stays'));
    await store.update(parseSlug('goes'), () => makeRecord('goes'));
    await store.close();
    await unlink(join(dir, 'articles', 'goes.json'));
    await writeFile(join(dir, 'articles', 'arrives.json'), JSON.stringify(makeRecord('arrives')));
    store = await LowdbArticleStore.open(dir);
    expect((await store.list()).map((r) => r.slug).sort()).toEqual(['arrives', 'stays']);
  });

  it('when an article file is corrupt, then get rejects with an error naming the file', async () => {
    await writeFile(join(dir, 'articles', 'broken.json'), '{"article": {"slug": "bro');
    const path = join(dir, 'articles', 'broken.json');
    await expect(store.get(parseSlug('broken'))).rejects.toThrow(path);
    await writeFile(join(dir, 'articles', 'wrong.json'), JSON.stringify(makeRecord('other')));
    await expect(store.get(parseSlug('wrong'))).rejects.toBeInstanceOf(AppError);
    await expect(store.get(parseSlug('wrong'))).rejects.toThrow(join(dir, 'articles', 'wrong.json'));
  });

  it('when the index must be rebuilt and an article file is corrupt, then listing fails naming the file until it is repaired', async () => {
    await store.close();
    await writeFile(join(dir, 'articles', 'damaged.json'), 'not json');
    store = await LowdbArticleStore.open(dir);
    await expect(store.list()).rejects.toThrow(join(dir, 'articles', 'damaged.json'));
    await expect(store.update(parseSlug('other'), () => makeRecord('other'))).rejects.toThrow(join(dir, 'articles', 'damaged.json'));
    await unlink(join(dir, 'articles', 'damaged.json'));
    expect(await store.list()).toEqual([]);
  });

  it('when a dead writer left a temp file, then open removes it and it is never read as an article', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const temp = join(dir, 'articles', `.leftover.json.${dead}.1.tmp`);
    await writeFile(temp, '{"half": ');
    await store.close();
    store = await LowdbArticleStore.open(dir);
    expect(await store.list()).toEqual([]);
    await expect(stat(temp)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('when the store is opened, then index.json is not read until the listing is needed, and reads by slug never wait for it', async () => {
    await store.update(parseSlug('kept'), () => makeRecord('kept', { title: '목록' }));
    await store.close();
    // An index that cannot even be parsed: any read of it at open would rebuild (and so rewrite) it.
    await writeFile(join(dir, 'index.json'), '{"version":3,"clean":tr');
    const before = await snapshot(dir);
    store = await LowdbArticleStore.open(dir);
    expect(await store.isEmpty()).toBe(false);
    expect((await store.get(parseSlug('kept')))?.article.slug).toBe('kept');
    expect(changedFiles(before, await snapshot(dir))).toEqual([]);
    expect((await store.list()).map((r) => r.title)).toEqual(['목록']);
    expect(changedFiles(before, await snapshot(dir))).toEqual(['index.json']);
  });

  it('when listings and an update are asked while the index is still being read, then none is lost', async () => {
    for (const s of ['one', 'two']) await store.update(parseSlug(s), () => makeRecord(s));
    await store.close();
    store = await LowdbArticleStore.open(dir);
    const [first] = await Promise.all([store.list(), store.update(parseSlug('three'), () => makeRecord('three')), store.load()]);
    expect(first.length === 2 || first.length === 3).toBe(true);
    expect((await store.list()).map((r) => r.slug).sort()).toEqual(['one', 'three', 'two']);
    await store.close();
    store = await LowdbArticleStore.open(dir);
    expect((await store.list()).map((r) => r.slug).sort()).toEqual(['one', 'three', 'two']);
  });

  it('when the data directory has no article, then isEmpty says so before and after the listing is read', async () => {
    expect(await store.isEmpty()).toBe(true);
    await store.load();
    expect(await store.isEmpty()).toBe(true);
    await store.update(parseSlug('first'), () => makeRecord('first'));
    expect(await store.isEmpty()).toBe(false);
  });

  it('when more articles are used than the cache holds, then every record still reads back correctly', async () => {
    await store.close();
    store = await LowdbArticleStore.open(dir, { cacheSize: 2 });
    const slugs = Array.from({ length: 6 }, (_, i) => `cached-${i}`);
    for (const s of slugs) await store.update(parseSlug(s), () => makeRecord(s));
    for (const s of slugs) {
      await store.update(parseSlug(s), (current) => withTranslation(current!, `s-${s}-1`, 'en', { state: 'draft', text: s }));
    }
    for (const s of slugs) expect((await store.get(parseSlug(s)))?.history.map((e) => e.textAfter)).toEqual([s]);
  });

  it('when the store is closed, then get and update reject', async () => {
    await store.close();
    await expect(store.get(parseSlug('any'))).rejects.toThrow('closed');
    await expect(store.update(parseSlug('any'), () => null)).rejects.toThrow('closed');
  });
});
