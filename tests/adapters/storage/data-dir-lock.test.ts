import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, type DataDirLock } from '../../../src/adapters/storage/data-dir-lock.ts';
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
