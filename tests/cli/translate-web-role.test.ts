import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openTandem, serve } from '../../src/main.ts';
import { type RunningWorker, runWorker } from '../../src/main/roles.ts';
import type { TandemConfig } from '../../src/config.ts';
import type { RunningServer } from '../../src/web/server.ts';
import { FakeDeepl } from '../fake-deepl/server.ts';
import { freshDatabase } from '../support/postgres.ts';
import { cliWorkspace } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

// `tandem translate` through a `serve --role web` instance (PostgreSQL). Alone, no machine-translation worker serves its
// queue, so the command says so at once instead of waiting for drafts nobody makes. Beside a `serve --role worker`
// process on the same database (issue 16's split deployment), the web instance sees that worker (its presence in the
// database) and reports the figures the worker stored with the job.

const SLUG = 'kpa-autumn-drills-2026';

/** A fresh database with one article, a `serve --role web` instance on it, and an admin's API token. */
async function webInstance(): Promise<{
  fake: FakeDeepl;
  ws: Awaited<ReturnType<typeof cliWorkspace>>;
  config: TandemConfig;
  server: RunningServer;
  token: string;
}> {
  const fake = await FakeDeepl.start();
  const ws = await cliWorkspace({
    DEEPL_AUTH_KEY: 'test-key:fx',
    DEEPL_SERVER_URL: fake.url,
    TANDEM_AUTO_TRANSLATE: '0',
    TANDEM_TARGET_LOCALES: 'en,ja',
    TANDEM_DATABASE_URL: await freshDatabase(),
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const config = loadConfig(ws.env);
  const tandem = await openTandem(config, { lock: true });
  let token = '';
  try {
    await tandem.users.ensureAdmin('admin password for tests');
    expect((await tandem.imports.importFiles([ws.file(SLUG)], 'setup')).every((o) => o.ok)).toBe(true);
    token = (await tandem.apiTokens.create({ owner: await tandem.users.get('admin'), name: 'cli' })).secret;
  } finally {
    await tandem.close();
  }
  const server = await serve(config, { role: 'web', handleSignals: false, announce: false });
  return { fake, ws, config, server, token };
}

/**
 * A web instance and a `serve --role worker` process on its database, started before the describe's tests and
 * stopped after them; `web()` and `worker()` give them once started.
 */
function webInstanceWithWorker(): { web: () => Awaited<ReturnType<typeof webInstance>>; worker: () => RunningWorker } {
  let web: Awaited<ReturnType<typeof webInstance>> | undefined;
  let worker: RunningWorker | undefined;
  beforeAll(async () => {
    web = await webInstance();
    worker = await runWorker(web.config, openTandem, { handleSignals: false });
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await web?.server.close();
    await web?.fake.close();
    await web?.ws.cleanup();
  });
  return { web: () => web!, worker: () => worker! };
}

describe('tandem translate through a server without a worker (serve --role web)', () => {
  let fake: FakeDeepl;
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  let server: RunningServer;
  let token = '';

  beforeAll(async () => {
    ({ fake, ws, server, token } = await webInstance());
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    await ws?.cleanup();
  });

  it('when translate runs through it, then the items are queued, the job reports no worker, and the command says so without waiting', async () => {
    const env = { ...ws.env, TANDEM_URL: server.url, TANDEM_TOKEN: token };
    const run = await runInProcess(['translate', '--to', 'en', '--article', SLUG], env);

    expect(run.code, run.stderr).toBe(0);
    const queued = Number(/^queued (\d+) segment translation\(s\)$/.exec(lines(run.stdout)[0] ?? '')?.[1]);
    expect(queued).toBeGreaterThan(0);
    expect(lines(run.stdout)).toHaveLength(1);
    expect(lines(run.stderr)).toEqual([
      `translate: no machine-translation worker serves this server's queue (it runs as serve --role web): ${queued} item(s) wait for a worker (tandem serve --role worker on PostgreSQL, or tandem serve); follow them with tandem status`,
    ]);
    expect(fake.translateRequests).toHaveLength(0);

    // The API's own answer: the job is there, still queued, and this process drains nothing.
    const auth = { authorization: `Bearer ${token}` };
    const again = await fetch(new URL('/api/v1/mt/jobs', server.url), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ locales: ['ja'], slugs: [SLUG] }),
    });
    const { jobId } = (await again.json()) as { jobId: string };
    const job = await (await fetch(new URL(`/api/v1/mt/jobs/${jobId}`, server.url), { headers: auth })).json();
    expect(job).toEqual({
      done: 0,
      failed: 0,
      remaining: queued,
      inFlight: 0,
      retrying: 0,
      working: false,
      drafts: 0,
      memoryDrafts: 0,
      requests: 0,
      characters: 0,
    });
  }, 60_000);
});

describe('tandem translate through a web instance while a worker runs elsewhere (PostgreSQL)', () => {
  const started = webInstanceWithWorker();

  it('when translate runs through the web instance, then it waits for the worker, prints the figures the worker stored, and sees the worker until it stops', async () => {
    const { fake, server, token, ws } = started.web();
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
    await started.worker().close();
    expect(await working()).toBe(false);
  }, 60_000);
});

describe('tandem translate on the database itself while a worker runs elsewhere (PostgreSQL)', () => {
  const started = webInstanceWithWorker();

  it('when the worker takes the items before the command drains them, then the summary counts what the worker did for the job', async () => {
    const { fake, ws } = started.web();
    // No TANDEM_URL: the command opens the database and drains beside the worker, which hears of the job at once.
    const run = await runInProcess(['translate', '--to', 'ja', '--article', SLUG], ws.env);

    expect(run.code, run.stderr).toBe(0);
    const out = lines(run.stdout);
    const queued = Number(/^queued (\d+) segment translation\(s\)$/.exec(out[0] ?? '')?.[1]);
    expect(queued).toBeGreaterThan(0);
    const sent = fake.translateRequests;
    const characters = sent.reduce((n, r) => n + (r.params.text ?? []).reduce((m, t) => m + [...t].length, 0), 0);
    expect(sent.length).toBeGreaterThan(0);
    expect(out.at(-1)).toBe(
      `${queued} machine draft(s), 0 from memory, 0 failed; ${sent.length} request(s), ${characters} characters sent`,
    );
  }, 60_000);
});
