import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LowdbUserStore } from '../../src/adapters/storage/lowdb/user-store.ts';
import { AuthService } from '../../src/services/auth.ts';
import { runTandemCli } from '../../src/main.ts';
import { BIN, REPO, childEnv, lines, type CliRun } from './run-tandem.ts';

/** The real CLI program in-process (spawning tsx costs seconds per command on a busy machine). */
async function runTandem(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runTandemCli(['node', 'tandem', ...args], {
    env: childEnv(env),
    io: { out: (t) => void (stdout += `${t}\n`), err: (t) => void (stderr += `${t}\n`) },
  });
  return { code, stdout, stderr };
}

function runWithStdin(args: readonly string[], env: Record<string, string>, input: string): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function canLogin(dataDir: string, name: string, password: string): Promise<boolean> {
  const store = await LowdbUserStore.open(dataDir);
  try {
    return (await new AuthService(store).login(name, password)) !== null;
  } finally {
    await store.close();
  }
}

describe('tandem users', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-users-'));
    env = { TANDEM_DATA_DIR: join(dir, 'data') };
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('when a user is added without a password, then one is generated, printed once and works for login', async () => {
    const run = await runTandem(['users', 'add', 'Mina', '--role', 'reviewer', '--locales', 'en,ja'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]).toBe('created mina (reviewer; en, ja)');
    const password = /^password: (\S+)$/m.exec(run.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const stored = await readFile(join(dir, 'data', 'users.json'), 'utf8');
    expect(stored).not.toContain(password!);
    expect(stored).toMatch(/"passwordHash":"scrypt\$32768\$8\$1\$/);
    expect(await canLogin(join(dir, 'data'), 'mina', password!)).toBe(true);
  });

  it('when the password comes on stdin of the real binary, then it is used and not printed', { timeout: 60_000 }, async () => {
    const run = await runWithStdin(['users', 'add', 'joon', '--role', 'editor', '--password-stdin'], env, 'a long passphrase\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('password:');
    expect(await canLogin(join(dir, 'data'), 'joon', 'a long passphrase')).toBe(true);
  });

  it('when users are listed, changed and reset, then each step is reported and takes effect', async () => {
    await runTandem(['users', 'add', 'mina', '--role', 'translator', '--locales', 'en'], env);
    const role = await runTandem(['users', 'set-role', 'mina', 'reviewer'], env);
    expect(role.stdout.trim()).toBe('mina is now reviewer');
    const locales = await runTandem(['users', 'set-locales', 'mina', 'en,zh-hans'], env);
    expect(locales.stdout.trim()).toBe('mina works on en, zh-Hans');
    const list = await runTandem(['users', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'mina', role: 'reviewer', locales: ['en', 'zh-Hans'] }]);
    expect(list.stdout).not.toContain('passwordHash');
    const reset = await runTandem(['users', 'reset-password', 'mina'], env);
    const password = /^password: (\S+)$/m.exec(reset.stdout)?.[1];
    expect(await canLogin(join(dir, 'data'), 'mina', password!)).toBe(true);
  });

  it('when input is bad, then the command fails with one line on stderr and a non-zero code', async () => {
    await runTandem(['users', 'add', 'mina', '--role', 'translator'], env);
    for (const args of [
      ['users', 'add', 'mina', '--role', 'translator'],
      ['users', 'add', 'bob', '--role', 'overlord'],
      ['users', 'add', '../x', '--role', 'admin'],
      ['users', 'set-role', 'nobody', 'admin'],
      ['users', 'add', 'kim', '--role', 'translator', '--locales', 'en,not a tag'],
    ]) {
      const run = await runTandem(args, env);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(lines(run.stderr), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(/^tandem: /);
    }
  });

  it('when the only admin would be demoted, then set-role refuses with one line and the account stays admin', async () => {
    await runTandem(['users', 'add', 'boss', '--role', 'admin'], env);
    const run = await runTandem(['users', 'set-role', 'boss', 'editor'], env);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      'tandem: users: boss is the only admin; make another account admin first, so someone can still manage users',
    ]);
    const list = await runTandem(['users', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'boss', role: 'admin' }]);

    await runTandem(['users', 'add', 'chief', '--role', 'admin'], env);
    expect((await runTandem(['users', 'set-role', 'boss', 'editor'], env)).stdout.trim()).toBe('boss is now editor');
  });
});
