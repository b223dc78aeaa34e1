import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/** How a DurableJsonFile writes its file. */
export interface DurableJsonFileConfig {
  /**
   * Permission bits the file gets (e.g. `0o600` for a secret), set on the temp file before any byte is written, so the
   * data is never readable more widely, not even for a moment. Without it: 0o666 less the umask.
   */
  readonly mode?: number;
  /** Pretty-print with this many spaces and end with a newline, for a file people read; without it one line. */
  readonly indent?: number;
}

/**
 * A lowdb adapter that only acknowledges a write once it is on disk. lowdb's own JSONFile (steno) renames a temp file
 * but never fsyncs, so a power cut can leave an empty or old file behind an acknowledged write. Here: write a temp file,
 * fsync it, rename over the target, fsync the directory so the rename itself is durable.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly #path: string;
  readonly #config: DurableJsonFileConfig;
  #seq = 0;

  constructor(path: string, config: DurableJsonFileConfig = {}) {
    this.#path = path;
    this.#config = config;
  }

  get path(): string {
    return this.#path;
  }

  async read(): Promise<T | null> {
    const text = await readTextIfExists(this.#path);
    if (text === null) return null;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new Error(`store: ${this.#path} is not valid JSON; restore it from a backup or move it away`, { cause });
    }
  }

  async write(data: T): Promise<void> {
    const dir = dirname(this.#path);
    const tmp = join(dir, `.${basename(this.#path)}.${process.pid}.${++this.#seq}.tmp`);
    const { mode, indent } = this.#config;
    // A temp name left by an earlier process with the same pid is removed; `wx` then never follows a link someone put
    // there, and the mode applies at creation.
    await unlink(tmp).catch(() => undefined);
    const handle = await open(tmp, 'wx', mode);
    try {
      // The umask cannot widen the mode, but a filesystem that ignores the create mode is set right explicitly.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(indent === undefined ? JSON.stringify(data) : `${JSON.stringify(data, null, indent)}\n`);
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

/** A file's text (UTF-8), or null when there is no file at `path`; any other failure is thrown. */
export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** fsync a directory, so that a rename or a new name in it survives a power cut. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
