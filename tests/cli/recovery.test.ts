import { spawnSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type TandemConfig } from '../../src/config.ts';
import { openTandem } from '../../src/main.ts';
import { freshDatabase } from '../support/postgres.ts';
import { serveProgram } from '../support/serve-child.ts';
import { startChild, workspace, type Child } from './run-tandem.ts';

// Derived data after a crash (issue 12): the article store is the truth; the translation memory and the publish folder
// are brought back in line with it when Tandem takes the data directory again.

const SOURCE = '쌀 1kg 가격이 8000원에 이르렀다.';
const TARGET = 'The price of 1kg of rice reached 8,000 won.';

describe('start-up recovery', () => {
  let ws: Awaited<ReturnType<typeof workspace>>;
  let env: Record<string, string>;
  let config: TandemConfig;
  let children: Child[];

  beforeEach(async () => {
    ws = await workspace();
    children = [];
    env = {
      TANDEM_DATA_DIR: ws.dataDir,
      TANDEM_CONTENT_DIR: join(ws.dir, 'content'),
      TANDEM_PUBLISH_DIR: join(ws.dir, 'publish'),
      TANDEM_TARGET_LOCALES: 'en',
      TANDEM_ADMIN_PASSWORD: 'recovery test password',
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    config = loadConfig(env, ws.dir);
  });
  afterEach(async () => {
    for (const child of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
    await ws.cleanup();
  });

  /** Serve until the reconciliation is logged, stop with SIGTERM, and return that log line. */
  async function serveOnce(): Promise<{ added: number; articles: number; stopped: boolean }> {
    const server = startChild(process.execPath, [serveProgram(), 'serve'], env);
    children.push(server);
    const line = await server.waitForLine(/"msg":"translation memory reconciled with approved translations"/);
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    return JSON.parse(line) as { added: number; articles: number; stopped: boolean };
  }

  it('when an approval reached the article but not the memory, then serve adds it after listening, and once only', async () => {
    const tandem = await openTandem(config, { lock: true });
    await tandem.imports.importFiles([await articleFile(ws.dir)], 'editor');
    const record = await tandem.articles.get('rice');
    const segmentId = record.segments.find((s) => s.source === SOURCE)!.id;
    const ref = { slug: 'rice', segmentId, locale: 'en' };
    await tandem.review.saveTranslation({ ...ref, text: TARGET, baseRevision: 0, actor: { name: 'tina' } });
    await tandem.review.submit({ ...ref, actor: { name: 'tina' } });
    await tandem.review.approve({ ...ref, actor: { name: 'rex' } });
    await tandem.close();
    // The process died after the article was written and before the memory was: the log never got the entry.
    await rm(join(ws.dataDir, 'memory'), { recursive: true, force: true });

    expect(await serveOnce()).toMatchObject({ articles: 1, added: 1, stopped: false });
    // A start after a finished pass reads no article at all, not the archive again.
    expect(await serveOnce()).toMatchObject({ articles: 0, added: 0, stopped: false });

    const reopened = await openTandem(config, { lock: false });
    expect((await reopened.memory.lookup(SOURCE, { targetLocale: 'en' })).map((m) => m.text)).toEqual([TARGET]);
    await reopened.close();
  }, 90_000);

  it('when an approval on PostgreSQL reached the article but not the memory, then the next pass adds it, and later ones read nothing', async () => {
    const pgConfig = loadConfig({ ...env, TANDEM_DATABASE_URL: await freshDatabase() }, ws.dir);
    const tandem = await openTandem(pgConfig, { lock: true });
    await tandem.imports.importFiles([await articleFile(ws.dir)], 'editor');
    const segmentId = (await tandem.articles.get('rice')).segments.find((s) => s.source === SOURCE)!.id;
    const ref = { slug: 'rice', segmentId, locale: 'en' };
    await tandem.review.saveTranslation({ ...ref, text: TARGET, baseRevision: 0, actor: { name: 'tina' } });
    await tandem.review.submit({ ...ref, actor: { name: 'tina' } });
    await tandem.review.approve({ ...ref, actor: { name: 'rex' } });
    await tandem.close();
    // The process died after the article was written and before the memory was: the table never got the entry.
    const db = new pg.Client({ connectionString: pgConfig.databaseUrl! });
    await db.connect();
    await db.query('DELETE FROM tm_entries');
    await db.end();

    const restarted = await openTandem(pgConfig, { lock: true });
    try {
      expect(await restarted.recovery.reconcileMemory()).toEqual({ articles: 1, added: 1, stopped: false });
      expect(await restarted.recovery.reconcileMemory()).toEqual({ articles: 0, added: 0, stopped: false });
      expect((await restarted.memory.lookup(SOURCE, { targetLocale: 'en' })).map((m) => m.text)).toEqual([TARGET]);
    } finally {
      await restarted.close();
    }
  }, 90_000);

  it('when a publish died between preparing and committing its file, then taking the directory removes the leftover', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const en = join(ws.dir, 'publish', 'en');
    await mkdir(en, { recursive: true });
    await writeFile(join(en, 'rice.md'), 'published\n');
    await writeFile(join(en, `.rice.md.${dead}.0badf00d.tmp`), 'half a file');

    const reader = await openTandem(config, { lock: false });
    await reader.close();
    // Without the lock a process may not repair anything.
    expect((await readdir(en)).sort()).toEqual([`.rice.md.${dead}.0badf00d.tmp`, 'rice.md']);

    const writer = await openTandem(config, { lock: true });
    await writer.close();
    expect(await readdir(en)).toEqual(['rice.md']);
  });
});

async function articleFile(dir: string): Promise<string> {
  const file = join(dir, 'rice.md');
  await writeFile(file, `---\ntitle: 쌀값\nslug: rice\n---\n\n${SOURCE}\n`);
  return file;
}
