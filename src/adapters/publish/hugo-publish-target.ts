import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../../core/errors.ts';
import { canonicalLocale, type Locale } from '../../core/locale.ts';
import type { PreparedFile, PublishTarget } from '../../core/ports/publish-target.ts';
import { parseSlug, type Slug } from '../../core/slug.ts';
import { readTextIfExists, syncDirectory } from '../storage/durable-json-file.ts';
import { isProcessAlive } from '../storage/process-alive.ts';

const SAFE_LOCALE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
/** `.<slug>.md.<pid>.<8 hex>.tmp`, as `prepare` names its files; the pid says whose it is. */
const PREPARED_FILE = /^\.[a-z0-9-]+\.md\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Writes published articles as `<publishDir>/<locale>/<slug>.md`, the layout Hugo's multilingual content tree uses.
 * A file is first written to a dot-prefixed temp file beside its target (Hugo ignores dot files) and fsynced; commit
 * renames it over the target and fsyncs the directory, so the published file is always whole: old or new.
 */
export class HugoPublishTarget implements PublishTarget {
  readonly #publishDir: string;

  constructor(publishDir: string) {
    this.#publishDir = publishDir;
  }

  /** The path a locale's copy of an article is published at. */
  pathOf(locale: Locale, slug: Slug): string {
    return join(this.#localeDir(locale), `${parseSlug(slug)}.md`);
  }

  async prepare(locale: Locale, slug: Slug, content: string): Promise<PreparedFile> {
    const dir = this.#localeDir(locale);
    const path = this.pathOf(locale, slug);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${slug}.md.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    let settled = false;
    return {
      path,
      async commit() {
        if (settled) throw new Error(`publish: ${path} was already committed or aborted`);
        await rename(tmp, path);
        settled = true;
        await syncDirectory(dir);
      },
      async abort() {
        if (settled) return;
        settled = true;
        await unlink(tmp).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
      },
    };
  }

  read(locale: Locale, slug: Slug): Promise<string | null> {
    return readTextIfExists(this.pathOf(locale, slug));
  }

  async remove(locale: Locale, slug: Slug): Promise<boolean> {
    const path = this.pathOf(locale, slug);
    try {
      await unlink(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    await syncDirectory(this.#localeDir(locale));
    return true;
  }

  async removeLeftovers(): Promise<number> {
    let removed = 0;
    for (const dir of await subdirectories(this.#publishDir)) {
      if (!SAFE_LOCALE.test(dir)) continue;
      const path = join(this.#publishDir, dir);
      let gone = 0;
      for (const name of await readdir(path)) {
        const pid = Number(PREPARED_FILE.exec(name)?.[1] ?? Number.NaN);
        if (Number.isNaN(pid) || pid === process.pid || isProcessAlive(pid)) continue;
        await unlink(join(path, name)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
        gone += 1;
      }
      if (gone > 0) await syncDirectory(path);
      removed += gone;
    }
    return removed;
  }

  #localeDir(locale: Locale): string {
    const canonical = canonicalLocale(locale);
    // Canonical BCP 47 tags are letters, digits and dashes; checked again because the tag becomes a directory name.
    if (!SAFE_LOCALE.test(canonical)) throw new ValidationError(`publish: locale "${locale}" cannot name a directory`);
    return join(this.#publishDir, canonical);
  }
}

/** Names of the directories directly inside `dir`; none when it does not exist yet. */
async function subdirectories(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
