import { Mutex } from 'async-mutex';

interface Lane {
  readonly mutex: Mutex;
  /** Tasks holding or waiting for this key's mutex; the lane is dropped when it falls to zero. */
  users: number;
}

/**
 * One mutex per key over async-mutex: tasks with the same key run one at a time in call order (FIFO), tasks with
 * different keys run concurrently. A key's mutex exists only while a task holds or waits for it, so memory stays
 * proportional to the keys in use, not to every key ever seen.
 *
 * @example
 * const locks = new KeyedMutex();
 * await locks.run(slug, async () => write(await read(slug)));
 */
export class KeyedMutex<K = string> {
  readonly #lanes = new Map<K, Lane>();
  readonly #running = new Set<Promise<unknown>>();

  /**
   * Run `task` once every earlier task of the same key has settled. Resolves or rejects with the task's outcome; a
   * failed task never blocks the tasks queued behind it.
   */
  run<R>(key: K, task: () => R | Promise<R>): Promise<R> {
    let lane = this.#lanes.get(key);
    if (!lane) {
      lane = { mutex: new Mutex(), users: 0 };
      this.#lanes.set(key, lane);
    }
    lane.users += 1;
    const current = lane;
    const run = current.mutex.runExclusive(task).finally(() => {
      current.users -= 1;
      if (current.users === 0 && this.#lanes.get(key) === current) this.#lanes.delete(key);
    });
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#running.add(settled);
    void settled.then(() => this.#running.delete(settled));
    return run;
  }

  /** How many keys have a task running or waiting. */
  get size(): number {
    return this.#lanes.size;
  }

  /** Resolve once no task of any key is running or waiting (tasks queued meanwhile are waited for too); never rejects. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }
}
