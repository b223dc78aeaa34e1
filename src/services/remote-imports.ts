import type { ApiClient } from '../core/ports/api-client.ts';
import { parseSlug } from '../core/slug.ts';
import type { ImportOutcome } from './import-article.ts';
import { collectImportFiles, importFileList } from './import-files.ts';
import type { FormatRegistry, ImportResult } from './types.ts';

/** What `tandem import` needs on its own machine to read files the way the data directory would. */
export interface RemoteImportConfig {
  /** File endings read from folders (lower case, with the dot), as ImportServiceConfig. */
  readonly extensions: readonly string[];
  /** The input formats: a file is refused here, with the same words, before it is sent (unknown ending, not UTF-8, binary). */
  readonly formats: FormatRegistry;
}

/** How `tandem import` imports: under a slug (one file only), and whether `by` was named (`--by`) or is the default. */
export interface ImportFilesOptions {
  readonly slug?: string;
  /** `by` was named on the command line: through TANDEM_URL it is then sent as the actor (see RemoteServices). */
  readonly byGiven?: boolean;
}

/** The import use cases of WritingServices (as ImportService's) through a server's `POST /api/v1/articles`, one request per file. */
export interface RemoteImports {
  collectFiles(paths: readonly string[]): Promise<string[]>;
  importFiles(files: readonly string[], by: string, options?: ImportFilesOptions): Promise<ImportOutcome[]>;
}

/**
 * `tandem import` through a server: files and folders are read on this machine, each file is checked as the data
 * directory would check it first (ending, encoding), then sent as text with its path as `file` so the server picks the
 * same format and slug and names the same path in every refusal. A refused file is its own outcome, as locally.
 */
export function remoteImports(
  api: ApiClient,
  config: RemoteImportConfig,
  actor: (by: string, given: boolean) => { readonly actor?: string },
): RemoteImports {
  return {
    collectFiles: (paths) => collectImportFiles(paths, config.extensions),
    importFiles: (files, by, options = {}) => {
      const as = actor(by, options.byGiven === true);
      const slug = options.slug === undefined ? {} : { slug: options.slug };
      return importFileList(files, by, slug, async (input) => {
        config.formats.forFile(input.file);
        const content = config.formats.decode(input.content, input.file);
        const body = { content, file: input.file, ...slug, ...as };
        const answer = (await api.request({ method: 'POST', path: '/articles', body })).body as Omit<
          ImportResult,
          'changedSegmentIds' | 'addedSegmentIds'
        >;
        // The answer names no segment ids beyond the warnings': the command line prints counts only.
        return { ...answer, slug: parseSlug(answer.slug), changedSegmentIds: [], addedSegmentIds: [] };
      });
    },
  };
}
