import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-json-file.ts';

/**
 * One small durable JSON file (users, glossary, jobs…) with serialized read-modify-write.
 * Keep each document small: every update rewrites the whole file.
 */
export class JsonDocument<T> {
  readonly #db: Low<T>;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(db: Low<T>) {
    this.#db = db;
  }

  static async open<T>(path: string, defaults: T): Promise<JsonDocument<T>> {
    await mkdir(dirname(path), { recursive: true });
    const db = new Low<T>(new DurableJsonFile<T>(path), defaults);
    await db.read();
    return new JsonDocument(db);
  }

  /** The current in-memory state; treat it as read-only. */
  get data(): T {
    return this.#db.data;
  }

  /** Apply `change` to the data and durably write it; updates run one at a time. Return false to skip the write. */
  update<R>(change: (data: T) => R): Promise<R> {
    const run = this.#queue.then(async () => {
      const result = change(this.#db.data);
      if (result !== false) await this.#db.write();
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
