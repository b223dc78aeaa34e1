import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter that only acknowledges a write once it is on disk. lowdb's own JSONFile (steno) renames a temp file
 * but never fsyncs, so a power cut can leave an empty or old file behind an acknowledged write. Here: write a temp file,
 * fsync it, rename over the target, fsync the directory so the rename itself is durable.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly #path: string;
  #seq = 0;

  constructor(path: string) {
    this.#path = path;
  }

  get path(): string {
    return this.#path;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new Error(`store: ${this.#path} is not valid JSON; restore it from a backup or move it away`, { cause });
    }
  }

  async write(data: T): Promise<void> {
    const dir = dirname(this.#path);
    const tmp = join(dir, `.${basename(this.#path)}.${process.pid}.${++this.#seq}.tmp`);
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    await rename(tmp, this.#path);
    await syncDirectory(dir);
  }
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
