import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerFile, ServerFileStore } from '../../core/ports/server-file.ts';
import { DurableJsonFile, readTextIfExists } from './durable-json-file.ts';

/** Its name inside the data directory, beside the lock (`tandem.lock`). */
export const SERVER_FILE = 'tandem.server.json';

function isServerFile(value: unknown): value is ServerFile {
  const v = value as Partial<Record<keyof ServerFile, unknown>> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.url === 'string' &&
    URL.canParse(v.url) &&
    typeof v.token === 'string' &&
    typeof v.tokenId === 'string' &&
    typeof v.pid === 'number' &&
    typeof v.startedAt === 'string'
  );
}

/**
 * `<data dir>/tandem.server.json`: written as a DurableJsonFile with mode 0600 (so the secret is never readable by
 * others, not even for a moment).
 */
export class JsonServerFileStore implements ServerFileStore {
  readonly #dir: string;
  readonly #path: string;
  readonly #file: DurableJsonFile<ServerFile>;

  constructor(dataDir: string) {
    this.#dir = dataDir;
    this.#path = join(dataDir, SERVER_FILE);
    this.#file = new DurableJsonFile<ServerFile>(this.#path, { mode: 0o600, indent: 2 });
  }

  async read(): Promise<ServerFile | null> {
    const text = await readTextIfExists(this.#path);
    if (text === null) return null;
    try {
      const parsed: unknown = JSON.parse(text);
      return isServerFile(parsed) ? parsed : null;
    } catch {
      // A file cut short (a full disk) says nothing usable: the CLI then behaves as if there were none.
      return null;
    }
  }

  async write(file: ServerFile): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    await this.#file.write(file);
  }

  async remove(): Promise<void> {
    await unlink(this.#path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
