import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerFile, ServerFileStore } from '../../core/ports/server-file.ts';
import { syncDirectory } from './durable-json-file.ts';

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
 * `<data dir>/tandem.server.json`: written to a temp file created with mode 0600 (so the secret is never readable by
 * others, not even for a moment), fsynced and renamed over the old one.
 */
export class JsonServerFileStore implements ServerFileStore {
  readonly #dir: string;
  readonly #path: string;

  constructor(dataDir: string) {
    this.#dir = dataDir;
    this.#path = join(dataDir, SERVER_FILE);
  }

  async read(): Promise<ServerFile | null> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
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
    const tmp = join(this.#dir, `.${SERVER_FILE}.${process.pid}.tmp`);
    await unlink(tmp).catch(() => undefined);
    // `wx`: never follow a link someone left at the temp name; the mode applies at creation, before any byte is written.
    const handle = await open(tmp, 'wx', 0o600);
    try {
      // The umask cannot widen 0600, but a filesystem that ignores the create mode is set right explicitly.
      await handle.chmod(0o600);
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    await rename(tmp, this.#path);
    await chmod(this.#path, 0o600);
    await syncDirectory(this.#dir);
  }

  async remove(): Promise<void> {
    await unlink(this.#path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
