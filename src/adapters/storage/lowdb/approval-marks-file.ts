import { access, mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Mutex } from 'async-mutex';
import { AppError } from '../../../core/errors.ts';
import type { PendingApprovals } from '../../../core/ports/article-store.ts';
import { isSlug, type Slug } from '../../../core/slug.ts';
import { ApprovalMarks } from '../approval-marks.ts';
import { DurableJsonFile, syncDirectory } from '../durable-json-file.ts';

/** The file in the data directory that keeps the marks of ArticleStore.pendingApprovals as they were last settled. */
export const APPROVAL_MARKS_FILE = 'memory-pending.json';
/** The marks added since: one JSON string (a slug) a line, appended. */
export const APPROVAL_MARKS_LOG = 'memory-pending.jsonl';

/** What the file holds: the slugs of the marked articles. */
export interface ApprovalMarksData {
  readonly version: 1;
  readonly slugs: readonly string[];
}

/**
 * The lowdb store's approval marks: in memory while it runs; on disk `memory-pending.json` (the set as it was last
 * settled) plus `memory-pending.jsonl`, to which the first approval of an article since it was last reconciled appends
 * its slug (fsynced), so marking costs one short line whatever the number of marked articles (a server that runs for
 * months marks a good part of the archive; rewriting the whole set each time grew with it). Settling, which start-up
 * reconciliation does, rewrites the JSON file and then empties the log. A data directory without the JSON file (written
 * by a version without marks) has every article marked, so the first start reconciles the whole archive once; a new,
 * empty directory gets an empty file when the store opens.
 */
export class ApprovalMarksFile {
  readonly #file: DurableJsonFile<ApprovalMarksData>;
  readonly #logPath: string;
  readonly #lock = new Mutex();
  #marks: ApprovalMarks | null = null;
  #log: FileHandle | null = null;
  /** Byte length of the log up to its last whole line, when a torn line (never acknowledged) follows it. */
  #cutLogAt: number | null = null;

  constructor(dataDir: string) {
    this.#file = new DurableJsonFile<ApprovalMarksData>(join(dataDir, APPROVAL_MARKS_FILE));
    this.#logPath = join(dataDir, APPROVAL_MARKS_LOG);
  }

  /** Write an empty file unless there is one: for a data directory that holds no article yet. */
  async createEmpty(): Promise<void> {
    const exists = await access(this.#file.path).then(
      () => true,
      () => false,
    );
    if (!exists) await this.#file.write({ version: 1, slugs: [] });
  }

  /**
   * Read the marks (once). `allSlugs` are the articles marked when there is no file, or a file or log line that cannot
   * be read: marks are what a crash must not lose, so damage costs one whole reconciliation, never an entry.
   */
  async load(allSlugs: () => Iterable<Slug>): Promise<void> {
    if (this.#marks) return;
    const data = await this.#file.read().catch(() => null);
    const valid = data !== null && data.version === 1 && Array.isArray(data.slugs) && data.slugs.every(isSlug);
    const logged = await this.#readLog();
    this.#marks = new ApprovalMarks(valid && logged !== null ? [...(data.slugs as Slug[]), ...logged] : allSlugs());
  }

  /** Mark `slug` and, when it was not marked yet, resolve once the log says so. Call after `load`. */
  async mark(slug: Slug): Promise<void> {
    const marks = this.#loaded();
    const { added, pending } = marks.mark(slug);
    if (!added) return;
    try {
      await this.#lock.runExclusive(async () => {
        const log = await this.#openLog();
        await log.appendFile(`${JSON.stringify(slug)}\n`, 'utf8');
        await log.sync();
      });
    } catch (error) {
      // Not on disk: forget it, so the next approval of the article tries to write it again.
      marks.settle([pending]);
      throw error;
    }
  }

  pending(): PendingApprovals[] {
    return this.#loaded().pending();
  }

  async settle(done: readonly PendingApprovals[]): Promise<void> {
    const marks = this.#loaded();
    if (!marks.settle(done)) return;
    await this.#lock.runExclusive(async () => {
      // The set as it is now, durable before the log goes: a crash in between only replays marks already in it.
      await this.#file.write({ version: 1, slugs: marks.slugs() });
      const log = await this.#openLog();
      await log.truncate(0);
      await log.sync();
    });
  }

  /** Close the log (the store's `close`). */
  async close(): Promise<void> {
    await this.#lock.runExclusive(async () => {
      await this.#log?.close();
      this.#log = null;
    });
  }

  /**
   * The slugs in the log ([] when there is none), or null when it is damaged: a line that is not a slug before the
   * last one. A last line without its newline or not whole was being appended when the writer died (so the approval
   * it marks was never written): skipped, and cut off before the next append.
   */
  async #readLog(): Promise<Slug[] | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.#logPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      return null;
    }
    const end = bytes.lastIndexOf(0x0a) + 1;
    this.#cutLogAt = end < bytes.length ? end : null;
    const slugs: Slug[] = [];
    for (const line of bytes.subarray(0, end).toString('utf8').split('\n')) {
      if (line === '') continue;
      try {
        const slug: unknown = JSON.parse(line);
        if (typeof slug !== 'string' || !isSlug(slug)) return null;
        slugs.push(slug);
      } catch {
        return null;
      }
    }
    return slugs;
  }

  async #openLog(): Promise<FileHandle> {
    if (this.#log) return this.#log;
    await mkdir(dirname(this.#logPath), { recursive: true });
    const log = await open(this.#logPath, 'a');
    try {
      if (this.#cutLogAt !== null) {
        await log.truncate(this.#cutLogAt);
        this.#cutLogAt = null;
      }
      // A newly created log needs its directory entry made durable too.
      await syncDirectory(dirname(this.#logPath));
    } catch (error) {
      await log.close();
      throw error;
    }
    this.#log = log;
    return log;
  }

  #loaded(): ApprovalMarks {
    if (!this.#marks) throw new AppError('closed', 'store: approval marks used before the article listing was read');
    return this.#marks;
  }
}
