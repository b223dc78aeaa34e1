import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDeepl } from '../fake-deepl/server.ts';
import { type ServeChild, startServeChild } from '../support/serve-child.ts';
import { cliWorkspace, withTandem } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

// `tandem serve --role web` on a data directory (lowdb): the directory's one process, serving without the background
// duties, so nothing is sent to the provider; the command line goes through it and hears that it has no worker.

const SLUG = 'kpa-autumn-drills-2026';

describe('tandem serve --role web on a data directory', () => {
  let fake: FakeDeepl;
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  let server: ServeChild;

  beforeAll(async () => {
    fake = await FakeDeepl.start();
    ws = await cliWorkspace({ DEEPL_AUTH_KEY: 'test-key:fx', DEEPL_SERVER_URL: fake.url, TANDEM_AUTO_TRANSLATE: '0' });
    await withTandem(ws.env, async (t) => {
      await t.users.ensureAdmin('admin password for tests');
      expect((await t.imports.importFiles([ws.file(SLUG)], 'setup')).every((o) => o.ok)).toBe(true);
    });
    server = await startServeChild(ws.env, 'web');
  }, 60_000);
  afterAll(async () => {
    if (server.child.process.exitCode === null && server.child.process.signalCode === null) await server.stop();
    await fake.close();
    await ws.cleanup();
  });

  it('when it starts, then it says that nothing is translated, and translate beside it queues without a draft being made', async () => {
    await server.child.waitForLine(/"msg":"serve: --role web on a data directory no other process can open: nothing is machine-translated/);

    const run = await runInProcess(['translate', '--to', 'en', '--all'], ws.env);
    expect(run.code).toBe(0);
    const queued = Number(/^queued (\d+) segment translation\(s\)$/m.exec(run.stdout)?.[1]);
    expect(queued).toBeGreaterThan(0);
    expect(lines(run.stderr)).toEqual([
      `translate: no machine-translation worker serves this server's queue (it runs as serve --role web): ${queued} item(s) wait for a worker (tandem serve --role worker on PostgreSQL, or tandem serve); follow them with tandem status`,
    ]);

    const mt = (await (
      await fetch(`${server.file.url}/api/v1/mt`, { headers: { authorization: `Bearer ${server.file.token}` } })
    ).json()) as {
      queue: { queued: number };
      worker: { working: boolean };
    };
    expect(mt).toMatchObject({ queue: { queued }, worker: { working: false } });
    expect(fake.translateRequests).toHaveLength(0);
  });
});
