import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { openTandem, type Tandem } from '../../src/main.ts';

/** A Tandem opened as main.ts composes it, over lowdb in a fresh temporary directory. */
export interface Installation {
  readonly root: string;
  readonly tandem: Tandem;
  /** Close Tandem and remove the directory. */
  close(): Promise<void>;
}

/**
 * Open an installation in a new directory under the system's temp dir (data, content and publish inside it), target
 * locales en and ja, logs off. Each of `articles` (file name → Markdown) is written to `<root>/in/`, and those named
 * in `imported` (all of them by default) are imported by `editor`.
 */
export async function openInstallation(
  prefix: string,
  articles: Readonly<Record<string, string>> = {},
  imported: readonly string[] = Object.keys(articles),
): Promise<Installation> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  await mkdir(join(root, 'in'));
  for (const [name, markdown] of Object.entries(articles)) await writeFile(join(root, 'in', name), markdown);
  const files = imported.map((name) => join(root, 'in', name));
  const config = loadConfig(
    {
      TANDEM_DATA_DIR: join(root, 'data'),
      TANDEM_CONTENT_DIR: join(root, 'content'),
      TANDEM_PUBLISH_DIR: join(root, 'publish'),
      TANDEM_TARGET_LOCALES: 'en,ja',
      LOG_LEVEL: 'silent',
    },
    root,
  );
  const tandem = await openTandem(config, { lock: true });
  if (files.length) await tandem.imports.importFiles(files, 'editor');
  return {
    root,
    tandem,
    close: async () => {
      await tandem.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
