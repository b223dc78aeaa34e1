import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, type DataDirLock } from '../../../src/adapters/storage/data-dir-lock.ts';
import { isProcessAlive, linuxProcessState } from '../../../src/adapters/storage/process-alive.ts';
import { LockedError } from '../../../src/core/errors.ts';
import { runFixture, type Child } from '../../fixtures/storage/child.ts';

describe('acquireDataDirLock', () => {
  let dir: string;
  let children: Child[];
  let locks: DataDirLock[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-lock-'));
    children = [];
    locks = [];
  });

  afterEach(async () => {
    await Promise.all(children.map((c) => c.kill()));
    await Promise.all(locks.map((l) => l.release()));
    await rm(dir, { recursive: true, force: true });
  });

  it('when another process holds the directory, then acquire fails with a LockedError naming its pid', async () => {
    const holder = runFixture('hold-lock.ts', [dir]);
    children.push(holder);
    const line = await holder.waitFor((l) => l.startsWith('locked '));
    const pid = Number(line.split(' ')[1]);

    const attempt = acquireDataDirLock(dir);
    await expect(attempt).rejects.toBeInstanceOf(LockedError);
    await expect(attempt).rejects.toThrow(
      `data directory ${dir} is in use by another Tandem process (pid ${pid}); stop it or set TANDEM_DATA_DIR to another directory`,
    );

    const second = runFixture('hold-lock.ts', [dir]);
    children.push(second);
    expect(await second.waitFor((l) => l.startsWith('refused '))).toContain('LockedError');
  });

  it('when the holder is killed with SIGKILL, then the next acquire takes the directory over at the first attempt', async () => {
    const holder = runFixture('hold-lock.ts', [dir]);
    children.push(holder);
    await holder.waitFor((l) => l.startsWith('locked '));
    await holder.kill();

    // The dead holder's lock is recognised as stale by its pid, not waited out: one attempt, no retries.
    const lock = await acquireDataDirLock(dir);
    locks.push(lock);
    expect(lock.dataDir).toBe(dir);
    await expect(acquireDataDirLock(dir)).rejects.toThrow(`(pid ${process.pid})`);
  });

  it('when the holder was killed with SIGKILL a moment ago and is a zombie nobody reaped, then the next acquire takes over', async () => {
    // `sh` starts the holder in the background and then becomes `sleep`, which never waits for children: once killed,
    // the holder stays a zombie (state Z) for as long as this test runs, and still answers signal 0 like a live process.
    const fixture = fileURLToPath(new URL('../../fixtures/storage/hold-lock.ts', import.meta.url));
    const parent = spawn('/bin/sh', ['-c', '"$0" --import tsx "$1" "$2" & exec sleep 600', process.execPath, fixture, dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const parentGone = once(parent, 'close');
    try {
      const [line] = (await once(createInterface({ input: parent.stdout! }), 'line')) as [string];
      const pid = Number(/^locked (\d+)$/.exec(line)?.[1]);
      expect(pid).toBeGreaterThan(0);

      process.kill(pid, 'SIGKILL');
      // No waiting for the kill to land: the acquire itself must cope with a holder that is still dying.
      const lock = await acquireDataDirLock(dir);
      locks.push(lock);
      expect(lock.dataDir).toBe(dir);

      // It really was the zombie case: the holder still exists for signal 0, unreaped.
      expect(linuxProcessState(pid)).toBe('Z');
      expect(() => process.kill(pid, 0)).not.toThrow();
      expect(isProcessAlive(pid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      await parentGone;
    }
  });

  it('when the owner is a live process on this machine, then acquire keeps asking for retryMs before it refuses', async () => {
    const holder = runFixture('hold-lock.ts', [dir]);
    children.push(holder);
    await holder.waitFor((l) => l.startsWith('locked '));
    const started = performance.now();
    await expect(acquireDataDirLock(dir, { retryMs: 300 })).rejects.toBeInstanceOf(LockedError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it.each([
    ['this process', process.pid, true],
    ['pid 0', 0, false],
    ['a negative pid', -1, false],
    ['a pid beyond any pid_max', 2 ** 22 + 1, false],
  ])('when asked whether %s is alive, then the answer is %s', (_case, pid, alive) => {
    expect(isProcessAlive(pid)).toBe(alive);
  });

  it('when this process holds the directory, then a second acquire here fails until it is released', async () => {
    const lock = await acquireDataDirLock(dir);
    await expect(acquireDataDirLock(dir)).rejects.toThrow(`(pid ${process.pid})`);
    await lock.release();
    await lock.release();

    const again = await acquireDataDirLock(dir);
    locks.push(again);
    expect(again.dataDir).toBe(dir);
  });

  it('when several acquires race on a free directory, then exactly one wins', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => acquireDataDirLock(dir)));
    const won = results.filter((r): r is PromiseFulfilledResult<DataDirLock> => r.status === 'fulfilled');
    locks.push(...won.map((r) => r.value));
    expect(won).toHaveLength(1);
    const reasons = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(reasons.map((reason) => reason instanceof LockedError)).toEqual([true, true, true, true]);
  });

  it('when the lock is released, then no lock files are left in the data directory', async () => {
    const lock = await acquireDataDirLock(dir);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });
});
