import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../src/core/keyed-mutex.ts';

/** A promise the test resolves by hand: a gate instead of a sleep. */
function gate(): { readonly opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('KeyedMutex', () => {
  it('when tasks share a key, then they run one at a time in call order', async () => {
    const locks = new KeyedMutex();
    const first = gate();
    const log: string[] = [];
    const a = locks.run('k', async () => {
      log.push('a start');
      await first.opened;
      log.push('a end');
    });
    const b = locks.run('k', () => {
      log.push('b');
    });
    await Promise.resolve();
    expect(log).toEqual(['a start']);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('when tasks have different keys, then one waiting does not hold up the other', async () => {
    const locks = new KeyedMutex();
    const blocked = gate();
    const slow = locks.run('one', () => blocked.opened);
    await expect(locks.run('two', () => 'done')).resolves.toBe('done');
    blocked.open();
    await slow;
  });

  it('when a task fails, then its caller gets the error and the next task of the key still runs', async () => {
    const locks = new KeyedMutex();
    const failing = locks.run('k', () => {
      throw new Error('write refused');
    });
    const next = locks.run('k', () => 'after');
    await expect(failing).rejects.toThrow('write refused');
    await expect(next).resolves.toBe('after');
  });

  it('when every task of a key has settled, then the key is forgotten and idle resolves', async () => {
    const locks = new KeyedMutex<string>();
    const blocked = gate();
    const tasks = Array.from({ length: 50 }, (_, i) => locks.run(`key-${i % 5}`, () => blocked.opened));
    expect(locks.size).toBe(5);
    const idle = locks.idle();
    blocked.open();
    await idle;
    await Promise.all(tasks);
    expect(locks.size).toBe(0);
  });
});
