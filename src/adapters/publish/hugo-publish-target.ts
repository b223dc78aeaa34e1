import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../../core/errors.ts';
import { canonicalLocale, type Locale } from '../../core/locale.ts';
import type { PreparedFile, PublishTarget } from '../../core/ports/publish-target.ts';
import { parseSlug, type Slug } from '../../core/slug.ts';
import { syncDirectory } from '../storage/durable-json-file.ts';

const SAFE_LOCALE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

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

  #localeDir(locale: Locale): string {
    const canonical = canonicalLocale(locale);
    // Canonical BCP 47 tags are letters, digits and dashes; checked again because the tag becomes a directory name.
    if (!SAFE_LOCALE.test(canonical)) throw new ValidationError(`publish: locale "${locale}" cannot name a directory`);
    return join(this.#publishDir, canonical);
  }
}
