import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { serve } from '../../../src/main.ts';
import type { RunningServer } from '../../../src/web/server.ts';
import { FakeDeepl } from '../../fake-deepl/server.ts';

let fake: FakeDeepl | null = null;
let server: RunningServer | null = null;
let root = '';
afterEach(async () => {
  await server?.close();
  await fake?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

it('when DeepL holds the key check, then the server listens and answers before the check completes', async () => {
  root = await mkdtemp(join(tmpdir(), 'tandem-startup-'));
  await mkdir(join(root, 'content', 'ko'), { recursive: true });
  fake = await FakeDeepl.start();
  let open = (): void => undefined;
  const held = new Promise<void>((resolve) => (open = resolve));
  let checked = false;
  const arrived = new Promise<void>((resolve) =>
    fake!.onRequest(async (request) => {
      if (request.path !== '/v2/usage') return;
      resolve();
      await held;
      checked = true;
    }),
  );
  const config = loadConfig(
    {
      TANDEM_DATA_DIR: join(root, 'data'),
      TANDEM_CONTENT_DIR: join(root, 'content'),
      PORT: '0',
      LOG_LEVEL: 'silent',
      TANDEM_ADMIN_PASSWORD: 'admin password for tests',
      DEEPL_AUTH_KEY: 'test-key:fx',
      DEEPL_SERVER_URL: fake.url,
    },
    root,
  );

  server = await serve(config, { handleSignals: false });
  await arrived;
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(checked).toBe(false);
  open();
});
