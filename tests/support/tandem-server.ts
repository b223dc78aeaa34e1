import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type TandemConfig } from '../../src/config.ts';
import type { Role } from '../../src/core/roles.ts';
import type { Tandem } from '../../src/services/tandem.ts';
import { openTandem, serve } from '../../src/main.ts';
import type { RunningServer } from '../../src/web/server.ts';
import { FakeDeepl } from '../fake-deepl/server.ts';

export const ADMIN_PASSWORD = 'admin password for tests';
export const USER_PASSWORD = 'correct horse battery';

export interface ServerUser {
  readonly name: string;
  readonly role: Role;
  readonly locales?: readonly string[];
}

export interface RealServerConfig {
  /** Accounts created before the server starts (password USER_PASSWORD). The admin is `admin` / ADMIN_PASSWORD. */
  readonly users?: readonly ServerUser[];
  /** Source articles written to `<content>/ko/` and imported on first start, as `tandem serve` does with samples. */
  readonly articles?: Readonly<Record<string, string>>;
  /** Point DeepL at a fake DeepL server on loopback (default true). */
  readonly deepl?: boolean;
  /** Extra environment variables (TANDEM_*). */
  readonly env?: Readonly<Record<string, string>>;
  /** Run on the data directory after the users are added and before the server starts (API tokens, say). */
  readonly setup?: (tandem: Tandem) => Promise<void>;
}

export interface RealServer {
  readonly url: string;
  readonly config: TandemConfig;
  readonly fake: FakeDeepl | null;
  readonly server: RunningServer;
  close(): Promise<void>;
}

/**
 * The real server as `tandem serve` builds it (src/main.ts composition, lowdb in a temp data directory, the admin
 * from TANDEM_ADMIN_PASSWORD), on an ephemeral loopback port, with the fake DeepL server when asked.
 */
export async function startRealServer(options: RealServerConfig = {}): Promise<RealServer> {
  const root = await mkdtemp(join(tmpdir(), 'tandem-web-'));
  const contentDir = join(root, 'content');
  await mkdir(join(contentDir, 'ko'), { recursive: true });
  for (const [file, text] of Object.entries(options.articles ?? {})) await writeFile(join(contentDir, 'ko', file), text);
  const fake = options.deepl === false ? null : await FakeDeepl.start();
  const config = loadConfig(
    {
      TANDEM_DATA_DIR: join(root, 'data'),
      TANDEM_CONTENT_DIR: contentDir,
      TANDEM_PUBLISH_DIR: join(root, 'publish'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      TANDEM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      TANDEM_AUTO_TRANSLATE: 'false',
      ...(fake ? { DEEPL_AUTH_KEY: 'test-key:fx', DEEPL_SERVER_URL: fake.url } : {}),
      ...options.env,
    },
    root,
  );
  if (options.users?.length || options.setup) {
    const tandem = await openTandem(config, { lock: true });
    try {
      // serve() creates the first admin only into an empty user store, so it is created here first, the same way.
      await tandem.users.ensureAdmin(ADMIN_PASSWORD);
      for (const u of options.users ?? [])
        await tandem.users.add({ name: u.name, role: u.role, locales: [...(u.locales ?? [])], password: USER_PASSWORD });
      await options.setup?.(tandem);
    } finally {
      await tandem.close();
    }
  }
  let server: RunningServer;
  try {
    server = await serve(config, { handleSignals: false, announce: false });
  } catch (error) {
    await fake?.close();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    config,
    fake,
    server,
    close: async () => {
      await server.close();
      await fake?.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
