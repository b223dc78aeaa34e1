import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Mutex } from 'async-mutex';
import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-json-file.ts';

/**
 * One small durable JSON file (users, glossary, jobs…) with serialized read-modify-write.
 * Keep each document small: every update rewrites the whole file.
 */
export class JsonDocument<T> {
  readonly #db: Low<T>;
  readonly #lock = new Mutex();

  private constructor(db: Low<T>) {
    this.#db = db;
  }

  /** Open (creating its folder; the file itself is written on the first update) the document at `path`. */
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
    return this.#lock.runExclusive(async () => {
      const result = change(this.#db.data);
      if (result !== false) await this.#db.write();
      return result;
    });
  }
}
