import { cp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, lines, REPO, runInProcess, runTandem, startChild, workspace, type Child } from './run-tandem.ts';

// The lock's owners (the holder, the server, the second server) are real processes; the commands refused by them or
// run after them are the same program in this process (runInProcess), which is another process than the owner all the
// same, without a Node and tsx start-up per run.
describe('the data-directory lock from the CLI', () => {
  let ws: Awaited<ReturnType<typeof workspace>>;
  let children: Child[];

  beforeEach(async () => {
    ws = await workspace();
    children = [];
  });
  afterEach(async () => {
    for (const child of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        child.process.kill('SIGKILL');
        await child.exited;
      }
    }
    await ws.cleanup();
  });

  it('when another process holds the lock, then import is refused with one line naming the owner and nothing is written', async () => {
    const holder = startChild(process.execPath, ['--import', 'tsx', join(REPO, 'tests/cli/fixtures/hold-lock.ts'), ws.dataDir], {});
    children.push(holder);
    const pid = (await holder.waitForLine(/^locked \d+$/)).split(' ')[1];

    const run = await runInProcess(['import', ws.articles], { TANDEM_DATA_DIR: ws.dataDir });

    expect(run.code).toBe(1);
    const errors = lines(run.stderr);
    expect(errors).toHaveLength(1);
    // Said once: who owns the directory, that nothing there can be gone through, and what to do.
    expect(errors[0]).toBe(
      `tandem: import: cannot change data directory ${ws.dataDir}: another Tandem process (pid ${pid}) owns it and left no server to go through; stop it or set TANDEM_DATA_DIR to another directory`,
    );
    expect(run.stdout).toBe('');
    expect(await readdir(ws.dataDir)).not.toContain('articles');

    holder.process.kill('SIGTERM');
    expect(await holder.exited).toBe(0);
    const after = await runInProcess(['import', ws.articles], { TANDEM_DATA_DIR: ws.dataDir });
    expect(after.code, after.stderr).toBe(0);
  }, 60_000);

  it('when the server runs, then it serves the seeded samples, a second server is refused, a CLI import goes through it, and SIGTERM releases the directory', async () => {
    const env = {
      TANDEM_DATA_DIR: ws.dataDir,
      TANDEM_CONTENT_DIR: join(ws.dir, 'content'),
      PORT: '0',
      TANDEM_ADMIN_PASSWORD: 'test-password-1',
    };
    await cp(ws.articles, join(ws.dir, 'content', 'ko'), { recursive: true });
    const server = startChild(process.execPath, [BIN, 'serve'], env);
    children.push(server);
    const listening = await server.waitForLine(/"msg":"server listening"/);
    const url = (JSON.parse(listening) as { url: string }).url;
    // The command line finds the server by the file it writes once it listens.
    await server.waitForLine(/"msg":"server file written for the local command line"/);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect((await readdir(join(ws.dataDir, 'articles'))).filter((f) => f.endsWith('.json'))).toHaveLength(5);

    const [second, write] = await Promise.all([runTandem(['serve'], env), runInProcess(['import', ws.articles], env)]);
    expect(second.code).toBe(1);
    expect(lines(second.stderr)).toHaveLength(1);
    expect(second.stderr).toMatch(/^tandem: serve: refusing to start: data directory .* is in use by another Tandem process/);
    // The import is not refused: it goes through the server's API (tests/cli/remote.test.ts walks every such command).
    expect(write).toEqual({ code: 0, stdout: expect.stringMatching(/\n5 files: 0 new, 0 updated, 5 unchanged, 0 failed\n$/), stderr: '' });

    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const status = await runInProcess(['status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).articles).toHaveLength(5);
  }, 60_000);
});
