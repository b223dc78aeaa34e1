import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { runTandemCli, openTandem } from '../../src/main.ts';
import { tokenHashOf } from '../../src/services/api-tokens.ts';
import { childEnv, lines, type CliRun } from './run-tandem.ts';

/** The real CLI program in-process. */
async function runTandem(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runTandemCli(['node', 'tandem', ...args], {
    env: childEnv(env),
    io: { out: (t) => void (stdout += `${t}\n`), err: (t) => void (stderr += `${t}\n`) },
  });
  return { code, stdout, stderr };
}

describe('tandem tokens', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-tokens-'));
    env = { TANDEM_DATA_DIR: join(dir, 'data') };
    expect((await runTandem(['users', 'add', 'tina', '--role', 'translator', '--locales', 'en'], env)).code).toBe(0);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** Who the secret authenticates as on the data directory, or null. */
  async function principal(secret: string) {
    const tandem = await openTandem(loadConfig(childEnv(env) as Record<string, string>, dir), { lock: true });
    try {
      return await tandem.apiTokens.authenticate(secret);
    } finally {
      await tandem.close();
    }
  }

  it('when a token is created, then it is printed once, stored only as its hash, and acts as its owner', async () => {
    const run = await runTandem(['tokens', 'create', 'tina', '--name', 'CMS import', '--read-only', '--days', '30'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const secret = /^token: (tdm_\S+)$/m.exec(run.stdout)?.[1];
    expect(secret).toMatch(/^tdm_[A-Za-z0-9_-]{43}$/);
    const stored = await readFile(join(dir, 'data', 'api-tokens.json'), 'utf8');
    expect(stored).not.toContain(secret!);
    expect(stored).toContain(tokenHashOf(secret!));
    expect(await principal(secret!)).toMatchObject({ user: { name: 'tina', role: 'translator' }, readOnly: true, locales: null });
  });

  it('when tokens are listed and one is revoked, then the list shows its state and the token stops working', async () => {
    const created = await runTandem(['tokens', 'create', 'tina', '--name', 'agency', '--locales', 'en'], env);
    const secret = /^token: (\S+)$/m.exec(created.stdout)![1]!;
    const id = /^created token (t-\S+)/m.exec(created.stdout)![1]!;
    const list = await runTandem(['tokens', 'list', '--json'], env);
    const [row] = JSON.parse(list.stdout) as { id: string; user: string; state: string; locales: string[] }[];
    expect(row).toMatchObject({ id, user: 'tina', state: 'active', locales: ['en'] });
    expect(list.stdout).not.toContain(secret);
    expect(lines((await runTandem(['tokens', 'list', 'tina'], env)).stdout)[1]).toContain('agency');
    const revoked = await runTandem(['tokens', 'revoke', id], env);
    expect(revoked.stdout.trim()).toBe(`revoked ${id} (agency)`);
    expect(await principal(secret)).toBeNull();
    expect(JSON.parse((await runTandem(['tokens', 'list', '--json'], env)).stdout)[0].state).toBe('revoked');
  });

  it('when a translator’s token is asked for a locale they do not work on, then nothing is created and the exit code says so', async () => {
    const run = await runTandem(['tokens', 'create', 'tina', '--name', 'x', '--locales', 'ja'], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('ja');
    expect(JSON.parse((await runTandem(['tokens', 'list', '--json'], env)).stdout)).toEqual([]);
  });
});
