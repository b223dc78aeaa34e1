import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVAL_MARKS_FILE, APPROVAL_MARKS_LOG, ApprovalMarksFile } from '../../../../src/adapters/storage/lowdb/approval-marks-file.ts';
import { parseSlug, type Slug } from '../../../../src/core/slug.ts';

const ARCHIVE = ['rice', 'border', 'dollar'].map(parseSlug);
const everything = (): Iterable<Slug> => ARCHIVE;

/** Size, inode and mtime of `path` (or null when there is none), to see whether a write touched it. */
async function identity(path: string): Promise<string | null> {
  const s = await stat(path, { bigint: true }).catch(() => null);
  return s && `${s.size}:${s.ino}:${s.mtimeNs}`;
}

describe('ApprovalMarksFile on disk', () => {
  let dir: string;
  let marks: ApprovalMarksFile;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-marks-'));
    marks = new ApprovalMarksFile(dir);
    await marks.createEmpty();
    await marks.load(everything);
  });

  afterEach(async () => {
    await marks.close();
    await rm(dir, { recursive: true, force: true });
  });

  const logSize = async () => (await stat(join(dir, APPROVAL_MARKS_LOG))).size;

  it('when an article is marked, then it writes the same bytes whether 1 or 500 articles are marked already', async () => {
    await marks.mark(parseSlug('first-0'));
    const settled = await identity(join(dir, APPROVAL_MARKS_FILE));
    let before = await logSize();
    await marks.mark(parseSlug('first-1'));
    const withOne = (await logSize()) - before;
    for (let n = 0; n < 500; n++) await marks.mark(parseSlug(`other-${n}`));
    before = await logSize();
    await marks.mark(parseSlug('first-2'));
    const withMany = (await logSize()) - before;

    expect(withOne).toBe(Buffer.byteLength('"first-1"\n'));
    expect(withMany).toBe(withOne);
    // The settled set is not rewritten by marking, only by settling.
    expect(await identity(join(dir, APPROVAL_MARKS_FILE))).toBe(settled);
    expect(marks.pending()).toHaveLength(503);
  });

  it('when marks are settled, then the file holds what is left, the log is emptied and a reopen lists the same', async () => {
    for (const slug of ARCHIVE) await marks.mark(slug);
    await marks.settle(marks.pending().filter((p) => p.slug !== 'border'));
    expect(JSON.parse(await readFile(join(dir, APPROVAL_MARKS_FILE), 'utf8')).slugs).toEqual(['border']);
    expect(await logSize()).toBe(0);
    await marks.mark(parseSlug('dollar'));
    await marks.close();

    marks = new ApprovalMarksFile(dir);
    await marks.load(() => []);
    expect(marks.pending().map((p) => p.slug)).toEqual(['border', 'dollar']);
  });

  it('when the writer died inside its last line, then that line is skipped and cut off before the next mark', async () => {
    await marks.close();
    await writeFile(join(dir, APPROVAL_MARKS_LOG), '"rice"\n"bor');
    marks = new ApprovalMarksFile(dir);
    await marks.load(everything);
    expect(marks.pending().map((p) => p.slug)).toEqual(['rice']);

    await marks.mark(parseSlug('dollar'));
    expect(await readFile(join(dir, APPROVAL_MARKS_LOG), 'utf8')).toBe('"rice"\n"dollar"\n');
  });

  it('when a whole line of the log is damaged, then every article is pending', async () => {
    await marks.close();
    await writeFile(join(dir, APPROVAL_MARKS_LOG), '"rice"\n"Not a slug"\n"border"\n');
    marks = new ApprovalMarksFile(dir);
    await marks.load(everything);
    expect(marks.pending().map((p) => p.slug)).toEqual(['border', 'dollar', 'rice']);
  });
});
