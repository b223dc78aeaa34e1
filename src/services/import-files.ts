import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import { LIMITS } from '../core/limits.ts';
import { inputPathError, readInputFile } from './input-file.ts';
import { importArticle, type ImportInput, type ImportOutcome } from './import-article.ts';
import type { ImportResult, ServiceDeps } from './types.ts';

/** Import one read file: on the data directory `importArticle`, through a server its API. */
export type ImportOne = (input: ImportInput) => Promise<ImportResult>;

/**
 * Expand files and folders into the files to import (see ImportService.collectFiles): folders walked for files whose
 * name ends in one of `extensions` (lower case, with the dot).
 */
export async function collectImportFiles(paths: readonly string[], extensions: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: unknown) => {
      throw inputPathError(path, 'import', error);
    });
    if (info.isDirectory()) files.push(...(await walk(path, extensions)));
    // A FIFO, socket or device would block the read (or never end): only regular files are articles.
    else if (info.isFile()) files.push(path);
    else {
      throw new ValidationError(`import: ${path} is not a regular file or folder; import files saved on disk`, [], {
        reason: 'import.not-a-file',
        params: { path },
      });
    }
  }
  return files;
}

/**
 * Read and import files one by one with `importOne` (see ImportService.importFiles): a failure is the file's outcome
 * and never stops the others. Throws ValidationError before anything is read when `slug` goes with other than one file.
 */
export async function importFileList(
  files: readonly string[],
  by: string,
  options: { readonly slug?: string },
  importOne: ImportOne,
): Promise<ImportOutcome[]> {
  if (options.slug !== undefined && files.length !== 1) {
    throw new ValidationError(`import: --slug names one article, but ${files.length} files were given; import them one by one`, [], {
      reason: 'import.slug-many-files',
      params: { count: files.length },
    });
  }
  const outcomes: ImportOutcome[] = [];
  for (const file of files) {
    try {
      const content = await readInputFile(file, {
        what: 'import',
        maxBytes: LIMITS.importBytes,
        limit: 'importBytes',
        advice: 'split the article',
      });
      outcomes.push({
        file,
        ok: true,
        result: await importOne({ file, content, by, ...(options.slug === undefined ? {} : { slug: options.slug }) }),
      });
    } catch (error) {
      outcomes.push({ file, ok: false, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return outcomes;
}

async function walk(dir: string, extensions: readonly string[]): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path, extensions)));
    else if (entry.isFile() && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) files.push(path);
  }
  return files;
}

/** What the file importer needs besides the services' dependencies. */
export interface ImportServiceConfig {
  /** File endings (with the dot, lower case: `.md`) read when a folder is imported; main.ts takes them from the formats. */
  readonly extensions: readonly string[];
}

/** Why `seedSamples` imported nothing, or null when it imported. */
export type SeedSkipped = 'not-empty' | 'no-folder' | null;

/** Importing files and folders from disk: what `tandem import` and the first start of `tandem serve` do. */
export class ImportService {
  readonly #deps: ServiceDeps;
  readonly #extensions: readonly string[];

  constructor(deps: ServiceDeps, config: ImportServiceConfig) {
    this.#deps = deps;
    this.#extensions = config.extensions;
  }

  /**
   * Expand files and folders into the files to import: folders are walked recursively for files with a known ending
   * (hidden entries skipped, names sorted), named files are kept whatever their ending so a wrong one gets a clear
   * error. Throws NotFoundError for a missing path, ValidationError for a path that is neither a file nor a folder
   * (a FIFO, socket or device) or cannot be looked at (inputPathError).
   */
  collectFiles(paths: readonly string[]): Promise<string[]> {
    return collectImportFiles(paths, this.#extensions);
  }

  /**
   * Read and import files one by one, in order; a file that cannot be read is reported like one that cannot be parsed
   * (an outcome with `ok: false`), and never stops the others. Throws ValidationError, before anything is stored, when
   * `slug` is given with more or fewer than one file (each file would overwrite the one before under that slug).
   */
  importFiles(files: readonly string[], by: string, options: { readonly slug?: string } = {}): Promise<ImportOutcome[]> {
    return importFileList(files, by, options, (input) => importArticle(this.#deps, input));
  }

  /**
   * Import the articles of `dir` when the store is empty, so a first start shows something. Skips (and says why) when
   * the store already has articles or the folder does not exist.
   */
  async seedSamples(dir: string, by = 'tandem'): Promise<{ readonly skipped: SeedSkipped; readonly outcomes: ImportOutcome[] }> {
    const { store } = this.#deps;
    // isEmpty, where the store has it, does not read the archive's index: a server's start stays flat with the archive.
    const empty = store.isEmpty ? await store.isEmpty() : (await store.list()).length === 0;
    if (!empty) return { skipped: 'not-empty', outcomes: [] };
    let files: string[];
    try {
      files = await this.collectFiles([dir]);
    } catch (error) {
      if (error instanceof NotFoundError) return { skipped: 'no-folder', outcomes: [] };
      throw error;
    }
    return { skipped: null, outcomes: await this.importFiles(files, by) };
  }
}
