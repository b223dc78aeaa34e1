import { isUtf8 } from 'node:buffer';
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { LimitError, NotFoundError, ValidationError } from '../core/errors.ts';
import { formatSize, formatSizeAndLimit, type LimitName } from '../core/limits.ts';

/** How `readInputFile` reads and what its messages say. */
export interface InputFileConfig {
  /** Starts every message: the command or service reading (`import`, `glossary`, `memory`). */
  readonly what: string;
  /** Largest accepted file, in bytes; checked before a byte is read. */
  readonly maxBytes: number;
  /** What to do about a file over `maxBytes` (`split the article`). */
  readonly advice: string;
  /** The LIMITS entry `maxBytes` comes from, when there is one: a file over it is then refused with a LimitError. */
  readonly limit?: LimitName;
}

/**
 * Read a file a person named (a command-line argument, a file found in a folder they named) whole, refusing before
 * reading anything that is not a file saved on disk. The file is opened without blocking, so a FIFO nobody writes to
 * is refused instead of waited for, and its type and size are taken from the open file, so it cannot be swapped
 * between the check and the read. Throws NotFoundError when nothing is at `path`; ValidationError for a folder, a
 * device, FIFO or socket, a loop of symbolic links, a path holding NUL, a file that cannot be read; ValidationError (or
 * LimitError when `limit` is set) for a file over `maxBytes`.
 */
export async function readInputFile(path: string, config: InputFileConfig): Promise<Buffer> {
  const { what } = config;
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw inputPathError(path, what, error);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory())
      throw new ValidationError(`${what}: ${path} is a folder; name a file`, [], { reason: 'file.folder', params: { path } });
    // A device (/dev/zero never ends), FIFO or socket: its size says nothing and reading it may never finish.
    if (!info.isFile()) {
      throw new ValidationError(`${what}: ${path} is not a regular file; name a file saved on disk`, [], {
        reason: 'file.not-regular',
        params: { path },
      });
    }
    if (info.size > config.maxBytes) throw tooLarge(path, info.size, config);
    // A file that grows while it is read is read up to one byte past the limit, then refused all the same.
    const buffer = Buffer.alloc(info.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > config.maxBytes) throw tooLarge(path, length, config);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

function tooLarge(path: string, size: number, config: InputFileConfig): Error {
  const [shown, limit] = formatSizeAndLimit(size, config.maxBytes);
  const message = `${config.what}: ${path} is too large (${shown}, the limit is ${limit}); ${config.advice}`;
  if (config.limit) return new LimitError(config.limit, message, { file: path, actual: size, max: config.maxBytes });
  return new ValidationError(message, [], { reason: 'file.too-large', params: { path, max: formatSize(config.maxBytes) } });
}

/**
 * The error to show for a file-system error met opening or inspecting a path a person named (ENOENT, ELOOP, EACCES, a
 * NUL in the path…), starting with `what`: NotFoundError for a missing path, ValidationError otherwise.
 */
export function inputPathError(path: string, what: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new NotFoundError(`${what}: ${path} does not exist; check the path`, { reason: 'file.missing', params: { path } });
    case 'ELOOP':
      return new ValidationError(`${what}: ${path} is a loop of symbolic links; name the file itself`, [], {
        reason: 'file.loop',
        params: { path },
      });
    case 'EACCES':
    case 'EPERM':
      return new ValidationError(`${what}: ${path} cannot be read (permission denied)`, [], {
        reason: 'file.permission',
        params: { path },
      });
    case 'ERR_INVALID_ARG_VALUE':
    case 'ERR_INVALID_ARG_TYPE':
      return new ValidationError(`${what}: ${JSON.stringify(path)} is not a file name (it holds a NUL character)`, [], {
        reason: 'file.nul',
      });
    default:
      return new ValidationError(`${what}: ${path} cannot be read (${code ?? 'unknown error'})`, [], {
        cause: error,
        reason: 'file.unreadable',
        params: { path, code: code ?? '?' },
      });
  }
}

/**
 * The text of a file read with `readInputFile`, decoded as UTF-8 (a byte-order mark dropped). Throws ValidationError
 * naming the file for bytes that are not UTF-8, where a lenient decoder would store U+FFFD in their place.
 */
export function decodeUtf8(bytes: Uint8Array, path: string, what: string): string {
  if (!isUtf8(bytes)) {
    throw new ValidationError(`${what}: ${path} is not valid UTF-8 text; re-save it as UTF-8`, [], {
      reason: 'file.not-utf8',
      problems: [{ code: 'not-utf8' }],
    });
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** Largest translation-memory file read (TMX from other CAT tools can be large): 200 MiB. */
export const MEMORY_FILE_MAX_BYTES = 200 * 1024 * 1024;

/**
 * The text of a memory exchange file: UTF-16 with a byte-order mark (TMX files from Windows tools often are), else
 * UTF-8 as `decodeUtf8`. Throws ValidationError for bytes that are neither.
 */
export function decodeMemoryFile(bytes: Uint8Array, path: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(bytes.subarray(2)).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return decodeUtf8(bytes, path, 'memory');
}
