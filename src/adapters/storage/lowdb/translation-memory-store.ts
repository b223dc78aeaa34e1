import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Mutex } from 'async-mutex';
import type { MemoryEntry, MemoryRecord, MemoryTombstone, TranslationMemoryStore } from '../../../core/ports/translation-memory-store.ts';
import { syncDirectory } from '../durable-json-file.ts';

/**
 * Translation memory as an append-only JSON Lines file: one approval (or deletion: a tombstone line) appends one line
 * and fsyncs, instead of rewriting a file that grows to 100,000 entries. A crash can only tear the last line; reading skips a torn last
 * line (it was never acknowledged) and the next append first cuts it off. The memory service's index snapshot is
 * kept beside it (`tm.index` next to `tm.jsonl`), replaced by writing a temp file, fsyncing and renaming it.
 */
export class LowdbTranslationMemoryStore implements TranslationMemoryStore {
  readonly #path: string;
  #handle: FileHandle | null = null;
  readonly #lock = new Mutex();
  /** Byte length of the file up to its last whole line, when a torn line follows it. */
  #truncateTo: number | null = null;

  /** The log at `path` (e.g. `<data dir>/memory/tm.jsonl`); nothing is opened until the first `all` or `add`. */
  constructor(path: string) {
    this.#path = path;
  }

  /** The log file's path. */
  get path(): string {
    return this.#path;
  }

  /** The index snapshot's path: the log's, ending `.index` instead of `.jsonl`. */
  get indexPath(): string {
    return join(dirname(this.#path), `${basename(this.#path).replace(/\.jsonl$/, '')}.index`);
  }

  async readIndex(): Promise<Uint8Array | null> {
    try {
      return await readFile(this.indexPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async writeIndex(bytes: Uint8Array): Promise<void> {
    const path = this.indexPath;
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    await rename(temp, path);
    await syncDirectory(dirname(path));
  }

  async all(): Promise<MemoryRecord[]> {
    const entries: MemoryRecord[] = [];
    let stream: ReturnType<typeof createReadStream> | undefined;
    try {
      stream = createReadStream(this.#path, { encoding: 'utf8' });
      await new Promise<void>((resolve, reject) => {
        stream!.once('open', () => resolve());
        stream!.once('error', reject);
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return entries;
      throw error;
    }
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let lineNo = 0;
    let validEnd = 0;
    let offset = 0;
    let pendingError: Error | null = null;
    for await (const line of lines) {
      lineNo += 1;
      offset += Buffer.byteLength(line, 'utf8') + 1;
      if (line.trim() === '') continue;
      // A bad line followed by good ones is corruption, not a torn write: refuse rather than silently drop data.
      if (pendingError) throw pendingError;
      try {
        entries.push(JSON.parse(line) as MemoryRecord);
        validEnd = offset;
      } catch (cause) {
        pendingError = new Error(
          `memory store: line ${lineNo} of ${this.#path} is not valid JSON; restore the file from a backup or remove that line`,
          { cause },
        );
      }
    }
    this.#truncateTo = pendingError ? validEnd : null;
    return entries;
  }

  /** Reads the whole log: the embedded store is a copy's source, rarely its target. */
  async stored(ids: readonly string[]): Promise<Set<string>> {
    const wanted = new Set(ids);
    return new Set((await this.all()).map((record) => record.id).filter((id) => wanted.has(id)));
  }

  add(entries: readonly MemoryEntry[]): Promise<void> {
    return this.#append(entries);
  }

  delete(tombstone: MemoryTombstone): Promise<void> {
    return this.#append([tombstone]);
  }

  #append(records: readonly MemoryRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.#lock.runExclusive(async () => {
      const handle = await this.#open();
      const text = `${records.map((e) => JSON.stringify(e)).join('\n')}\n`;
      await handle.appendFile(text, 'utf8');
      await handle.sync();
    });
  }

  async close(): Promise<void> {
    await this.#lock.runExclusive(async () => {
      await this.#handle?.close();
      this.#handle = null;
    });
  }

  async #open(): Promise<FileHandle> {
    if (this.#handle) return this.#handle;
    await mkdir(dirname(this.#path), { recursive: true });
    if (this.#truncateTo !== null) {
      await truncate(this.#path, this.#truncateTo);
      this.#truncateTo = null;
    }
    const handle = await open(this.#path, 'a');
    // A newly created file needs its directory entry made durable too.
    await syncDirectory(dirname(this.#path));
    this.#handle = handle;
    return handle;
  }
}
