import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LowdbFeedItemStore } from '../../src/adapters/feed/index.ts';
import type { Tandem } from '../../src/main.ts';
import { FakeDeepl } from '../fake-deepl/server.ts';
import { freshDatabase } from '../support/postgres.ts';
import { approveAll, cliWorkspace, withTandem } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

const JANG = 'jangmadang-rice-prices-2026';
const KPA = 'kpa-autumn-drills-2026';
const HYESAN = 'detention-testimony-hyesan';
const SINUIJU = 'sinuiju-dandong-trade-2026';
const PASSWORD = 'old lowdb password 1';
const KINDS = [
  'users',
  'api-tokens',
  'articles',
  'confidential-terms',
  'publications',
  'translation-memory',
  'glossaries',
  'mt-ledger',
  'mt-settings',
  'mt-queue',
  'feed-items',
];

/** Every file under `dir` but the lock's, with its content hash and modification time: what "never writes" means. */
async function filesOf(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const name = relative(dir, path);
    if (name.startsWith('tandem.lock')) continue;
    const info = await stat(path);
    out[name] = entry.isFile()
      ? `${createHash('sha256')
          .update(await readFile(path))
          .digest('hex')} ${info.mtimeMs}`
      : 'dir';
  }
  return out;
}

/** `kind  N: a added, u updated, p already present…` of one kind in a run's report, as numbers. */
function counts(stdout: string, kind: string): { source: number; added: number; updated: number; present: number } {
  const line = lines(stdout).find((l) => new RegExp(`^${kind} +\\d`).test(l));
  const m = /^\S+ +(\d+): (\d+) added, (\d+) updated, (\d+) already present/.exec(line ?? '');
  if (!m) throw new Error(`no report line for ${kind} in:\n${stdout}`);
  return { source: Number(m[1]), added: Number(m[2]), updated: Number(m[3]), present: Number(m[4]) };
}

describe('tandem db import-lowdb', () => {
  let fake: FakeDeepl;
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  let tokenSecret = '';
  let deletedMemoryId = '';

  beforeAll(async () => {
    fake = await FakeDeepl.start();
    ws = await cliWorkspace({
      DEEPL_AUTH_KEY: 'test-key:fx',
      DEEPL_SERVER_URL: fake.url,
      TANDEM_AUTO_TRANSLATE: '0',
      TANDEM_TARGET_LOCALES: 'en,ja',
    });
    const run = async (args: string[], env = ws.env) => {
      const r = await runInProcess(args, env);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    };
    const csv = join(ws.dir, 'terms.csv');
    await writeFile(csv, "source,target,forbidden\n조선인민군,Korean People's Army,North Korean army\n");
    await run(['glossary', 'import', csv, '--from', 'ko', '--to', 'en']);
    await run(['confidential', 'add', '대북 소식통', '--render', 'a source']);
    for (const slug of [JANG, KPA, HYESAN]) await run(['import', ws.file(slug)]);
    // An article's own list names a stored article (before its import, front matter carries the names).
    await run(['confidential', 'add', '김철민', '--article', KPA]);
    // Machine drafts through the fake DeepL server: ledger entries and a provider-side glossary.
    await run(['translate', '--to', 'en', '--article', JANG, KPA]);
    // Imported with machine translation on and no worker running: its items stay queued.
    await run(['import', ws.file(SINUIJU)], { ...ws.env, TANDEM_AUTO_TRANSLATE: '1' });

    await withTandem(ws.env, async (tandem) => {
      const { user } = await tandem.users.add({ name: 'editor-park', role: 'editor', password: PASSWORD });
      await tandem.users.add({ name: 'translator-kim', role: 'translator', locales: ['en'], password: `${PASSWORD}!` });
      tokenSecret = (await tandem.apiTokens.create({ owner: user, name: 'CMS import' })).secret;
      await approveAll(tandem, JANG, 'en');
      await tandem.publish.publish({ slug: JANG, locale: 'en', actor: { name: 'editor-park' } });
      const record = await tandem.articles.get(JANG);
      const first = record.segments.find((s) => !s.removedAt && s.kind === 'paragraph')!;
      const ref = { slug: JANG, segmentId: first.id, locale: 'en' };
      const approved = record.translations.find((t) => t.segmentId === first.id && t.locale === 'en')!;
      // An edit of an approved text sends it back to review: a second version, with a comment in the history.
      const edited = await tandem.review.saveTranslation({
        ...ref,
        text: `[en] ${first.source} (v2)`,
        baseRevision: approved.revision,
        actor: { name: 'translator-kim' },
      });
      if (edited.state === 'draft') await tandem.review.submit({ ...ref, actor: { name: 'translator-kim' } });
      await tandem.review.comment({ ...ref, text: 'Checked the figures again.', actor: { name: 'reviewer-lee' } });
      await tandem.review.approve({ ...ref, actor: { name: 'reviewer-lee' }, overrideReason: 'test marker text' });
      await tandem.publish.publish({ slug: JANG, locale: 'en', actor: { name: 'editor-park' } });
      await approveAll(tandem, HYESAN, 'en');
      await tandem.publish.publish({ slug: HYESAN, locale: 'en', actor: { name: 'editor-park' } });
      await tandem.publish.unpublish({ slug: HYESAN, locale: 'en', actor: { name: 'editor-park' } });
      const [entry] = await tandem.memory.entries('en');
      deletedMemoryId = entry!.id;
      await tandem.memory.deleteEntry(deletedMemoryId, 'editor-park');
    });
    // What the feed poller remembers of an item it imported (tests/cli/db-import-lowdb-feed.test.ts polls a real feed).
    const feedItems = await LowdbFeedItemStore.open(join(ws.dataDir, 'feed', 'items.json'));
    await feedItems.saveItem({
      feedUrl: 'https://news.example.kr/feed/',
      itemId: 'https://news.example.kr/?p=1201',
      slug: JANG,
      contentHash: 'a'.repeat(64),
      updated: null,
      sourceRevision: 1,
      importedAt: '2026-11-30T09:00:00.000Z',
    });
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await ws?.cleanup();
  });

  it('when a data directory holding every kind of data is imported twice, then PostgreSQL shows the same Tandem, the second run adds nothing and the directory is never written', {
    timeout: 120_000,
  }, async () => {
    const target = await mkdtemp(join(tmpdir(), 'tandem-pg-data-'));
    const env = { ...ws.env, TANDEM_DATABASE_URL: await freshDatabase(), TANDEM_DATA_DIR: target };
    const before = await filesOf(ws.dataDir);

    const first = await runInProcess(['db', 'import-lowdb', ws.dataDir], env);

    // Nothing but progress lines on stderr (a slow run shows some).
    for (const line of lines(first.stderr)) expect(line).toMatch(/^db import-lowdb: [a-z-]+ \d+\/\d+$/);
    expect(first.code, first.stdout).toBe(0);
    expect(await filesOf(ws.dataDir)).toEqual(before);
    for (const kind of KINDS) {
      const c = counts(first.stdout, kind);
      expect(c.source, kind).toBeGreaterThan(0);
      expect(c, kind).toEqual({ source: c.source, added: c.source, updated: 0, present: 0 });
      expect(first.stdout).toMatch(new RegExp(`^verified ${kind} +ok: ${c.source} of ${c.source} identical`, 'm'));
    }
    expect(counts(first.stdout, 'users').source).toBe(2);
    expect(counts(first.stdout, 'articles').source).toBe(4);
    expect(counts(first.stdout, 'publications').source).toBe(3);
    expect(counts(first.stdout, 'confidential-terms').source).toBe(2);
    expect(first.stdout).toMatch(/^Not copied: login sessions/m);

    const compare = async (pg: Tandem, lowdb: Tandem) => {
      const slugs = (await lowdb.articles.allStatus()).map((a) => a.slug).sort();
      expect(await pg.articles.allStatus()).toEqual(await lowdb.articles.allStatus());
      for (const slug of slugs) expect(await pg.articles.get(slug), slug).toEqual(await lowdb.articles.get(slug));
      expect(await pg.publish.versions(JANG, 'en')).toEqual(await lowdb.publish.versions(JANG, 'en'));
      expect((await pg.publish.versions(JANG, 'en')).length).toBe(2);
      expect(await pg.publish.publicationStatus(HYESAN)).toEqual(await lowdb.publish.publicationStatus(HYESAN));
      expect(await pg.publish.version(JANG, 'en', 2)).toEqual(await lowdb.publish.version(JANG, 'en', 2));
      const record = await lowdb.articles.get(JANG);
      for (const segment of record.segments.filter((s) => !s.removedAt).slice(0, 5)) {
        const options = { targetLocale: 'en', threshold: 50 };
        expect(await pg.memory.lookup(segment.source, options), segment.id).toEqual(await lowdb.memory.lookup(segment.source, options));
      }
      expect((await pg.memory.entries('en')).map((e) => e.id)).toEqual((await lowdb.memory.entries('en')).map((e) => e.id));
      expect((await pg.memory.entries('en')).map((e) => e.id)).not.toContain(deletedMemoryId);
      expect(await pg.auth.login('editor-park', PASSWORD)).not.toBeNull();
      expect(await pg.auth.login('translator-kim', `${PASSWORD}!`)).not.toBeNull();
      expect(await pg.auth.login('editor-park', 'wrong password')).toBeNull();
      expect((await pg.apiTokens.authenticate(tokenSecret))?.user.name).toBe('editor-park');
      expect(await pg.glossary.list()).toEqual(await lowdb.glossary.list());
      expect(await pg.confidential.list(KPA)).toEqual(await lowdb.confidential.list(KPA));
      expect((await pg.usage.report()).byDay).toEqual((await lowdb.usage.report()).byDay);
      const pending = async (t: Tandem) => (await t.mt.progress()).remaining;
      expect(await pending(pg)).toBeGreaterThan(0);
      expect(await pending(pg)).toBe(await pending(lowdb));
    };
    await withTandem(env, (pg) => withTandem(ws.env, (lowdb) => compare(pg, lowdb)));

    const again = await runInProcess(['db', 'import-lowdb', ws.dataDir], env);

    expect(again.code, again.stdout + again.stderr).toBe(0);
    for (const kind of KINDS) {
      const c = counts(again.stdout, kind);
      expect(c.source, kind).toBe(counts(first.stdout, kind).source);
      // The token was used on PostgreSQL meanwhile (its last use is recorded): the source's record is written again.
      const updated = kind === 'api-tokens' ? 1 : 0;
      expect(c, kind).toEqual({ source: c.source, added: 0, updated, present: c.source - updated });
      expect(again.stdout).toMatch(new RegExp(`^verified ${kind} +ok: ${c.source} of ${c.source} identical`, 'm'));
    }
    await withTandem(env, (pg) => withTandem(ws.env, (lowdb) => compare(pg, lowdb)));
    await rm(target, { recursive: true, force: true });
  });

  it.each([
    ['no database is configured', (dir: string) => ['db', 'import-lowdb', dir], {}, /set TANDEM_DATABASE_URL/],
    ['the folder does not exist', (dir: string) => ['db', 'import-lowdb', join(dir, 'never-made')], { db: true }, /does not exist/],
    [
      'the database cannot be reached',
      (dir: string) => ['db', 'import-lowdb', dir],
      { TANDEM_DATABASE_URL: 'postgres://tandem@127.0.0.1:1/none' },
      /nothing accepts connections at 127\.0\.0\.1:1/,
    ],
  ] as const)('when %s, then it fails with one line', async (_name, args, extra, message) => {
    const target = await mkdtemp(join(tmpdir(), 'tandem-pg-data-'));
    const { db, ...vars } = extra as { db?: boolean; TANDEM_DATABASE_URL?: string };
    const env = { ...ws.env, TANDEM_DATA_DIR: target, ...vars, ...(db ? { TANDEM_DATABASE_URL: await freshDatabase() } : {}) };
    const before = await filesOf(ws.dataDir);
    const run = await runInProcess(args(ws.dataDir), env);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(await filesOf(ws.dataDir)).toEqual(before);
    await rm(target, { recursive: true, force: true });
  });

  it('when the folder is no data directory, a server owns it, or a file in it is corrupt, then it fails with one line naming it', {
    timeout: 60_000,
  }, async () => {
    const env = {
      ...ws.env,
      TANDEM_DATABASE_URL: await freshDatabase(),
      TANDEM_DATA_DIR: await mkdtemp(join(tmpdir(), 'tandem-pg-data-')),
    };
    const empty = await mkdtemp(join(tmpdir(), 'tandem-not-data-'));
    await writeFile(join(empty, 'notes.txt'), 'hello');
    const notData = await runInProcess(['db', 'import-lowdb', empty], env);
    expect([notData.code, lines(notData.stderr).length]).toEqual([1, 1]);
    expect(notData.stderr).toMatch(/is not a Tandem data directory/);
    expect(await readdir(empty)).toEqual(['notes.txt']);

    const locked = await withTandem(ws.env, () => runInProcess(['db', 'import-lowdb', ws.dataDir], env));
    expect([locked.code, lines(locked.stderr).length]).toEqual([1, 1]);
    expect(locked.stderr).toMatch(/cannot read .* while another process owns it \(stop "tandem serve" first\)/);

    const copy = await mkdtemp(join(tmpdir(), 'tandem-corrupt-'));
    await cp(ws.dataDir, copy, { recursive: true, filter: (from) => !from.includes('tandem.lock') });
    await writeFile(join(copy, 'articles', `${KPA}.json`), '{"article": ');
    const corrupt = await runInProcess(['db', 'import-lowdb', copy], env);
    expect([corrupt.code, lines(corrupt.stderr).length]).toEqual([1, 1]);
    expect(corrupt.stderr).toContain(join(copy, 'articles', `${KPA}.json`));
    expect(corrupt.stderr).toMatch(/not valid JSON/);
    expect(corrupt.stderr).not.toMatch(/tandem-import-/);

    // A file that cannot be read at all (here a link to nothing) is named too.
    await cp(ws.dataDir, copy, { recursive: true, force: true, filter: (from) => !from.includes('tandem.lock') });
    await symlink('/nonexistent/tandem-article.json', join(copy, 'articles', 'ghost.json'));
    const unreadable = await runInProcess(['db', 'import-lowdb', copy], env);
    expect([unreadable.code, lines(unreadable.stderr).length]).toEqual([1, 1]);
    expect(unreadable.stderr).toMatch(/articles\/ghost\.json cannot be read \(ENOENT\)/);
    await Promise.all([empty, copy, env.TANDEM_DATA_DIR].map((d) => rm(d, { recursive: true, force: true })));
  });
});
