import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openTandem, serve } from '../../src/main.ts';
import { type RunningWorker, runWorker } from '../../src/main/roles.ts';
import type { RunningServer } from '../../src/web/server.ts';
import { FakeDeepl } from '../fake-deepl/server.ts';
import { freshDatabase } from '../support/postgres.ts';
import { cliWorkspace } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

// A split deployment on PostgreSQL (issue 16's example): `tandem translate` through a `serve --role web` instance
// while a `serve --role worker` process on the same database translates. The web instance has no worker of its own,
// yet it sees the worker (its presence in the database) and reports the figures the worker stored with the job.

const SLUG = 'kpa-autumn-drills-2026';

describe('tandem translate through a web instance while a worker runs elsewhere (PostgreSQL)', () => {
  let fake: FakeDeepl;
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  let server: RunningServer;
  let worker: RunningWorker;
  let token = '';

  beforeAll(async () => {
    fake = await FakeDeepl.start();
    const env = {
      DEEPL_AUTH_KEY: 'test-key:fx',
      DEEPL_SERVER_URL: fake.url,
      TANDEM_AUTO_TRANSLATE: '0',
      TANDEM_TARGET_LOCALES: 'en,ja',
      TANDEM_DATABASE_URL: await freshDatabase(),
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
    };
    ws = await cliWorkspace(env);
    const config = loadConfig(ws.env);
    const tandem = await openTandem(config, { lock: true });
    try {
      await tandem.users.ensureAdmin('admin password for tests');
      expect((await tandem.imports.importFiles([ws.file(SLUG)], 'setup')).every((o) => o.ok)).toBe(true);
      token = (await tandem.apiTokens.create({ owner: await tandem.users.get('admin'), name: 'cli' })).secret;
    } finally {
      await tandem.close();
    }
    server = await serve(config, { role: 'web', handleSignals: false, announce: false });
    worker = await runWorker(config, openTandem, { handleSignals: false });
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await server?.close();
    await fake.close();
    await ws.cleanup();
  });

  it('when translate runs through the web instance, then it waits for the worker, prints the figures the worker stored, and sees the worker until it stops', async () => {
    const env = { ...ws.env, TANDEM_URL: server.url, TANDEM_TOKEN: token };
    const run = await runInProcess(['translate', '--to', 'en', '--article', SLUG], env);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('no machine-translation worker');
    const out = lines(run.stdout);
    const queued = Number(/^queued (\d+) segment translation\(s\)$/.exec(out[0] ?? '')?.[1]);
    expect(queued).toBeGreaterThan(0);
    const sent = fake.translateRequests;
    const characters = sent.reduce((n, r) => n + (r.params.text ?? []).reduce((m, t) => m + [...t].length, 0), 0);
    expect(out.at(-1)).toBe(
      `${queued} machine draft(s), 0 from memory, 0 failed; ${sent.length} request(s), ${characters} characters sent`,
    );

    // The queue as the web instance reports it: a worker serves it until that worker stops.
    const auth = { authorization: `Bearer ${token}` };
    const working = async () =>
      ((await (await fetch(new URL('/api/v1/mt', server.url), { headers: auth })).json()) as { worker: { working: boolean } }).worker
        .working;
    expect(await working()).toBe(true);
    await worker.close();
    expect(await working()).toBe(false);
  }, 60_000);
});
